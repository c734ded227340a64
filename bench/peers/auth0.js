// @auth0/mdl 3.0.1 adapter.
//
// Configuration: `new Verifier([iacaPem])` (trust anchors as PEM strings, as its API takes them),
// `verify(bytes, { encodedSessionTranscript, ephemeralReaderKey, onCheck })`.
// - encodedSessionTranscript: SessionTranscriptBytes (tag 24); @auth0/mdl decodes it as a DataItem
//   and hashes these exact bytes for the EMacKey salt.
// - ephemeralReaderKey: the reader's ephemeral private key as COSE_Key CBOR {1:2, -1:1, -2:x, -3:y, -4:d}
//   (a raw `d` fails with "Unknown token 30").
// - onCheck: collects every check instead of throwing at the first failure, so a failing check
//   (e.g. a clock check) does not cut the verification short and the full work is timed.
// - No clock option: @auth0/mdl always checks certificate and MSO validity against `new Date()`.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const id = 'auth0';

export async function load() {
  const mod = await import('@auth0/mdl');
  const version = require('@auth0/mdl/package.json').version;
  return { name: `@auth0/mdl ${version}`, mod };
}

/** COSE_Key (EC2) CBOR for a P-256 JWK with d. */
function coseKeyFromJwk(jwk) {
  const x = Buffer.from(jwk.x, 'base64url');
  const y = Buffer.from(jwk.y, 'base64url');
  const d = Buffer.from(jwk.d, 'base64url');
  if (jwk.crv !== 'P-256' || x.length !== 32 || y.length !== 32 || d.length !== 32) throw new Error('P-256 only');
  return new Uint8Array([
    0xa5,
    0x01, 0x02, // kty: EC2
    0x20, 0x01, // crv: P-256
    0x21, 0x58, 0x20, ...x,
    0x22, 0x58, 0x20, ...y,
    0x23, 0x58, 0x20, ...d,
  ]);
}

export function prepare({ mod }, fx) {
  const verifier = new mod.Verifier(fx.trustAnchorsPem);
  const ephemeralReaderKey = fx.readerKeyJwk ? coseKeyFromJwk(fx.readerKeyJwk) : undefined;
  const clockNote = fx.now ? 'no clock option: checks run at the current time' : undefined;

  const run = async () => {
    let checks = 0;
    const failed = [];
    try {
      await verifier.verify(fx.deviceResponse, {
        encodedSessionTranscript: fx.sessionTranscriptBytes,
        ephemeralReaderKey,
        onCheck: (c) => {
          checks++;
          if (c.status === 'FAILED') failed.push({ id: c.id ?? c.check, reason: c.reason });
        },
      });
    } catch (err) {
      return { ok: false, fullWork: false, checks, failed, error: `${err.name}: ${err.message}` };
    }
    return { ok: failed.length === 0, fullWork: true, checks, failed };
  };

  return {
    clockNote,
    run,
    // Diagnostic only (never timed): one verification with the global clock set to the fixture's
    // time, to show whether the clock checks are the only failures.
    diagnoseAtFixtureTime: fx.now ? () => withClock(fx.now, run) : undefined,
  };
}

/** Runs `fn` with `new Date()` / `Date.now()` returning `at`; restores the real Date afterwards. */
async function withClock(at, fn) {
  const RealDate = globalThis.Date;
  const fixed = at.getTime();
  class FixedDate extends RealDate {
    constructor(...a) {
      super(...(a.length ? a : [fixed]));
    }
    static now() {
      return fixed;
    }
  }
  globalThis.Date = FixedDate;
  try {
    return await fn();
  } finally {
    globalThis.Date = RealDate;
  }
}
