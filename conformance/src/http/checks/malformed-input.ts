/**
 * malformed-input (over HTTP) — 受信プログラムは壊れた、エラー状態の、又は過大な応答を、異常終了や無応答なしに
 * 拒否し、その後も応答を受け付け続ける。
 * Malformed, error-status, undecryptable and oversized answers to response_uri get a 4xx, never
 * a 5xx, a reset or a hang, and the program still takes a good answer afterwards. An oversized
 * body may also be refused by closing the connection before it is read, if the program then
 * answers a new transaction.
 * Basis: OpenID4VP 1.0 §8.2, §8.3; RFC 7516 §5.2; ISO/IEC 18013-5 §8.3.2.1.2.2; RFC 8949 §5.1, §10.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { conclude } from '../../checks/check.js';
import { documentFaults, expectAccepted, expectRejected, goodAnswer, onlineFaults, type HttpCriterionCheck } from '../steps.js';
import type { WalletPost } from '../wallet.js';

const FORM = 'application/x-www-form-urlencoded';

/** Hostile bodies for response_uri, each to a fresh transaction. */
const INPUTS: readonly { readonly step: string; readonly sent: string; readonly post: (responseUri: string, state: string) => WalletPost }[] = [
  { step: 'empty', sent: 'an empty form', post: (responseUri) => ({ responseUri, raw: '', contentType: FORM }) },
  { step: 'garbage', sent: 'response= 256 random bytes (base64url), not a JWE', post: (responseUri) => ({ responseUri, body: { response: randomBytes(256).toString('base64url') } }) },
  {
    step: 'bad-jwe',
    sent: 'response= a five-part JWE whose header is not JSON',
    post: (responseUri) => ({ responseUri, body: { response: ['e30x', '', randomBytes(12).toString('base64url'), randomBytes(64).toString('base64url'), randomBytes(16).toString('base64url')].join('.') } }),
  },
  { step: 'oversized', sent: 'a 6 MiB form body', post: (responseUri) => ({ responseUri, raw: `response=${'A'.repeat(6 * 1024 * 1024)}`, contentType: FORM }) },
  {
    step: 'deep-nesting',
    sent: 'vp_token of 100 000 nested JSON arrays, with the state',
    post: (responseUri, state) => ({ responseUri, body: { vp_token: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, state } }),
  },
  { step: 'wrong-media-type', sent: 'a JSON body instead of a form', post: (responseUri) => ({ responseUri, raw: '{"response":"x"}', contentType: 'application/json' }) },
];

export const check: HttpCriterionCheck = {
  id: 'malformed-input',
  async run(wallet) {
    const good = await goodAnswer(wallet);
    const faults = await documentFaults(wallet, ['malformed-cbor', 'status-error']);
    const online = await onlineFaults(wallet, ['tampered-ciphertext']);
    const hostile = [];
    for (const input of INPUTS) {
      const session = await wallet.session();
      const post = input.post(String(session.claims['response_uri']), String(session.claims['state']));
      const o = await wallet.submit(session, post, { result: false });
      const evidence = expectRejected(input.step, input.sent, o);
      if (o.kind === 'crashed' && o.duringUpload === true) {
        // Closing the connection on an oversized body is a refusal, provided the program lives on.
        const alive = await wallet.session().then(() => true, () => false);
        hostile.push({ ...evidence, observed: `${evidence.observed}; ${alive ? 'the program then started and served a new transaction' : 'the program did not answer afterwards'}`, passed: alive });
      } else hostile.push(evidence);
    }
    const after = await goodAnswer(wallet);
    const alive = expectAccepted('still-answering', 'a valid answer to a new transaction after the hostile inputs', after.observation);
    return conclude([good.evidence, ...faults, ...online, ...hostile, alive], 'every malformed, undecryptable and oversized answer got a 4xx in time, and the program still answers');
  },
};
