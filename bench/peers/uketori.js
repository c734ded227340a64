// @uketori/mdoc adapter (imported from its built dist; the bench runs after `pnpm build`).
//
// Configuration: `verifyDeviceResponse(bytes, { trust, sessionTranscript, readerKey, now })`.
// - trust: `createTrustStore({ anchors: [iacaPem] })`, built once. A verifier configures its trust
//   store once and reuses it for every response.
// - sessionTranscript: SessionTranscriptBytes (tag 24), the same bytes the peers get.
// - readerKey: the reader's ephemeral private key as a KeyObject, a *different* KeyObject on every
//   call. In a real session the reader generated the ephemeral key itself, so it holds a KeyObject
//   and never imports a JWK. But each response comes with a new key. uketori keeps one ECDH context
//   per reader KeyObject (a WeakMap); reusing one KeyObject would let every iteration skip the
//   context set-up (export d + setPrivateKey, a scalar multiplication) that a real session pays.
//   So the adapter imports a pool of distinct KeyObjects for the same key before timing. Each call
//   takes the next one and drops it, so its ECDH context can be collected.
// - now: the fixture's verification time.
//
// The trust store caches validated DS chains (LRU, keyed by the x5chain's SHA-256). In service
// that cache hits, because a few document signers sign many credentials. In this bench it hits on
// every iteration after the first. So there are two rows:
//   uketori                    default trust store (chain cache on: realistic for a server)
//   uketori (no chain cache)   createTrustStore({ ..., cacheSize: 0 }): full path validation on
//                              every call, as the peers do
// uketori throws at the first failed check, so a failing case is reported but not timed.

import { createPrivateKey } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

async function load() {
  const mod = await import('@uketori/mdoc');
  const missing = ['verifyDeviceResponse', 'createTrustStore'].filter((n) => typeof mod[n] !== 'function');
  if (missing.length) throw new Error(`@uketori/mdoc does not export ${missing.join(', ')} yet`);
  const version = require('@uketori/mdoc/package.json').version;
  return { version, mod };
}

function adapter(id, suffix, storeOptions) {
  return {
    id,
    async load() {
      const { version, mod } = await load();
      return { name: `@uketori/mdoc ${version}${suffix}`, mod };
    },
    async prepare({ mod }, fx, { runs }) {
      const trust = mod.createTrustStore({ anchors: fx.trustAnchorsPem, ...storeOptions });
      const base = {
        trust,
        sessionTranscript: fx.sessionTranscriptBytes,
        ...(fx.now ? { now: fx.now } : {}),
      };
      const importKey = () => createPrivateKey({ key: fx.readerKeyJwk, format: 'jwk' });
      const pool = fx.readerKeyJwk ? Array.from({ length: runs }, importKey) : [];
      let next = 0;
      const optionsForCall = () => {
        if (!fx.readerKeyJwk) return base;
        // Past the pool (never with the bench's plan): import in the timed region rather than reuse.
        const readerKey = next < pool.length ? pool[next] : importKey();
        pool[next++] = undefined;
        return { ...base, readerKey };
      };
      return {
        async run() {
          try {
            const result = await mod.verifyDeviceResponse(fx.deviceResponse, optionsForCall());
            const checks = result.checks ?? [];
            const failed = checks.filter((c) => c.status === 'failed').map((c) => ({ id: c.id, reason: c.detail }));
            return { ok: failed.length === 0 && result.documents.length > 0, fullWork: true, checks: checks.length, failed };
          } catch (err) {
            const id = err.code ?? err.name;
            return { ok: false, fullWork: false, checks: 0, failed: [{ id, reason: err.message }], error: `${id}: ${err.message}` };
          }
        },
      };
    },
  };
}

/** The default configuration (trust store with its chain cache). The baseline of every ratio. */
export const uketori = adapter('uketori', '', {});

/** No chain cache: every call validates the DS chain to the IACA, as the peers do. */
export const uketoriNoCache = adapter('uketori-nocache', ' (no chain cache)', { cacheSize: 0 });
