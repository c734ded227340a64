// A real OpenID Provider (oidc-provider) configured like the デジタル認証アプリ, run as its own
// Node process on a free loopback port by test/provider/provider.ts. Not a mock: the client under
// test speaks HTTP to it exactly as to the service.
//
// Like the service (API reference, scope list; implementation guideline): authorization code flow
// only, PKCE S256 required, private_key_jwt token endpoint authentication only, ES256 ID tokens,
// scopes openid + name / address / birthdate / gender with the claim of the same name, endpoints
// laid out as a Keycloak realm under /api/realms/main/protocol/openid-connect/.
//
// Configuration: JSON in the UKETORI_OP_CONFIG environment variable:
//   { clients: [{ client_id, jwks, redirect_uris, id_token_ttl? }],
//     accounts: { <login>: { <claim>: value, … } },
//     leaky?: true,    // a misbehaving provider: claims beyond the granted scopes
//     acr?: string }   // the authentication context class asserted in every ID token; default none
// On start it prints one JSON line {"issuer": "..."} to stdout.
//
// Interaction (the user's part, driven by the tests over HTTP): GET <issuer>/interaction/:uid
// answers JSON {uid, prompt, scope}; POST <issuer>/interaction/:uid/login with form field
// `account` logs that account in and grants the requested scopes (the user's consent).

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import express from 'express';
import Provider from 'oidc-provider';

const PREFIX = '/api/realms/main';
const config = JSON.parse(process.env.UKETORI_OP_CONFIG ?? '{}');
const accounts = config.accounts ?? {};
const ttlByClient = new Map((config.clients ?? []).map((c) => [c.client_id, c.id_token_ttl ?? 3600]));

// A provider restarted with config.signingKey keeps its key, as a real one does across restarts.
const signingKey = { ...(config.signingKey ?? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' })), kid: 'op-es256', alg: 'ES256', use: 'sig' };

const app = express();
const server = app.listen(Number.isInteger(config.port) ? config.port : 0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}${PREFIX}`;
  const leaky = config.leaky === true;
  // acr_values is voluntary (OpenID Connect Core 1.0 §3.1.2.1): whatever the client asks for, this
  // provider asserts its one configured acr, or none (oidc-provider drops the acr claim when
  // acrValues is empty).
  const acr = typeof config.acr === 'string' ? config.acr : undefined;
  const provider = new Provider(issuer, {
    clients: (config.clients ?? []).map((c) => ({
      client_id: c.client_id,
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: c.jwks,
      redirect_uris: c.redirect_uris,
      response_types: ['code'],
      grant_types: ['authorization_code'],
      id_token_signed_response_alg: 'ES256',
    })),
    clientAuthMethods: ['private_key_jwt'],
    acrValues: acr === undefined ? [] : [acr],
    pkce: { required: () => true },
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: ['openid', 'name', 'address', 'birthdate', 'gender'],
    // Scope → claims. The leaky provider adds claims nobody asked for: a gender under `name`, and a
    // made-up individual-number claim and the name even for `openid` alone.
    claims: leaky
      ? { openid: ['sub', 'name', 'x_individual_number'], name: ['name', 'gender'], address: ['address'], birthdate: ['birthdate'], gender: ['gender'] }
      : { openid: ['sub'], name: ['name'], address: ['address'], birthdate: ['birthdate'], gender: ['gender'] },
    // Attribute claims come from UserInfo (OpenID Connect Core 1.0 §5.4); the leaky provider also
    // puts them in the ID token.
    conformIdTokenClaims: !leaky,
    features: { devInteractions: { enabled: false }, userinfo: { enabled: true } },
    routes: {
      authorization: '/protocol/openid-connect/auth',
      token: '/protocol/openid-connect/token',
      userinfo: '/protocol/openid-connect/userinfo',
      jwks: '/protocol/openid-connect/certs',
    },
    ttl: {
      IdToken: (_ctx, _token, client) => ttlByClient.get(client.clientId) ?? 3600,
      AccessToken: 600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
    interactions: { url: (_ctx, interaction) => `${PREFIX}/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const claims = accounts[sub];
      if (claims === undefined) return undefined;
      // The leaky provider also knows a (fictional) individual number.
      return { accountId: sub, claims: async () => ({ sub, ...claims, ...(leaky ? { x_individual_number: '000000000000' } : {}) }) };
    },
    async renderError(ctx, out) {
      ctx.type = 'json';
      ctx.body = { error: out.error, error_description: out.error_description };
    },
  });

  app.get(`${PREFIX}/interaction/:uid`, async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      res.json({ uid: details.uid, prompt: details.prompt.name, scope: details.params.scope });
    } catch (err) {
      next(err);
    }
  });

  app.post(`${PREFIX}/interaction/:uid/login`, express.urlencoded({ extended: false }), async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      const accountId = req.body.account;
      if (typeof accountId !== 'string' || !Object.hasOwn(accounts, accountId)) {
        res.status(400).json({ error: 'unknown_account' });
        return;
      }
      const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope);
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId, ...(acr === undefined ? {} : { acr }) }, consent: { grantId } }, { mergeWithLastSubmission: false });
    } catch (err) {
      next(err);
    }
  });

  app.use(PREFIX, provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
