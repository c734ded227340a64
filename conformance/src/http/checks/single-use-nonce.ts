/**
 * single-use-nonce (over HTTP) — 受信プログラムは取引ごとに新しいナンス・state・応答暗号鍵で要求を作り、
 * 一つの取引の応答を一度だけ受け付け、他の取引の応答を受け付けない。
 * A fresh nonce, state and response encryption key per transaction; each transaction is answered
 * once; an answer made for another transaction is refused.
 * Basis: OpenID4VP 1.0 §5.2 (nonce), §13.3, §14.1 (replay); ISO/IEC 18013-5 §9.1.5.1.
 *
 * @module
 */

import { onlineFaultDescriptor } from '@uketori/test-sender';
import { conclude } from '../../checks/check.js';
import { expectRejected, goodAnswer, inspection, onlineFaults, type HttpCriterionCheck } from '../steps.js';
import type { HttpSession } from '../wallet.js';

/** OpenID4VP 1.0 §14.1: at least 128 bits; as base64url text that is 22 characters. */
const MIN_NONCE_LENGTH = 22;

function encryptionKey(session: HttpSession): string | undefined {
  const keys = (session.claims['client_metadata'] as { jwks?: { keys?: { x?: unknown; y?: unknown }[] } } | undefined)?.jwks?.keys;
  const k = Array.isArray(keys) ? keys[0] : undefined;
  return typeof k?.x === 'string' ? `${k.x}.${String(k.y)}` : undefined;
}

export const check: HttpCriterionCheck = {
  id: 'single-use-nonce',
  async run(wallet) {
    const a = await wallet.session();
    const b = await wallet.session();
    const same = (name: string) => a.claims[name] !== undefined && a.claims[name] === b.claims[name];
    const reused = [
      ...(same('nonce') ? ['nonce'] : []),
      ...(same('state') ? ['state'] : []),
      ...(a.requestUri === b.requestUri ? ['request_uri'] : []),
      ...(encryptionKey(a) !== undefined && encryptionKey(a) === encryptionKey(b) ? ['response encryption key'] : []),
    ];
    const nonce = a.claims['nonce'];
    const short = typeof nonce !== 'string' || nonce.length < MIN_NONCE_LENGTH;
    const fresh = inspection(
      'fresh-session',
      'the request objects of two new transactions',
      `a different nonce, state, request_uri and encryption key each time; a nonce of at least ${MIN_NONCE_LENGTH} characters`,
      `${reused.length === 0 ? 'all fresh' : `reused: ${reused.join(', ')}`}; nonce ${typeof nonce === 'string' ? `${nonce.length} characters` : 'missing'}`,
      reused.length === 0 && !short,
    );
    const good = await goodAnswer(wallet);
    const again = expectRejected('resubmit-same-answer', 'the answer it just accepted, posted again to the same response_uri', await wallet.submit(good.session, good.post, { result: false }));
    // A good answer made for transaction A, delivered to transaction B's response_uri (B is never answered otherwise).
    const forA = await wallet.answer(a);
    const toB = { ...forA, responseUri: String(b.claims['response_uri']) };
    const other = expectRejected('answer-other-transaction', 'a valid answer made for another open transaction of the same program', await wallet.submit(b, toB), onlineFaultDescriptor('response-for-another-transaction')?.expected['oid4vp-redirect']);
    const state = await onlineFaults(wallet, ['wrong-state']);
    return conclude([fresh, good.evidence, again, other, ...state], 'every transaction was fresh and was answered once, by its own answer');
  },
};
