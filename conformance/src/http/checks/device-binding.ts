/**
 * device-binding (over HTTP) — 受信プログラムは、デバイス認証がこの取引の OpenID4VPHandover (client_id、nonce、暗号鍵、response_uri) に対して成り立つことを確認する。
 * Device authentication verifies over this transaction's OpenID4VPHandover (client_id, nonce, encryption key thumbprint, response_uri): broken and re-bound answers are refused.
 * Basis: 犯収法施行規則 6条1項1号ル; 番号法 18条の2第7項; ISO/IEC 18013-5 §9.1.3; OpenID4VP 1.0 Appendix B.2.6.1.
 *
 * @module
 */

import { conclude } from '../../checks/check.js';
import { documentFaults, goodAnswer, onlineFaults, type HttpCriterionCheck } from '../steps.js';

export const check: HttpCriterionCheck = {
  id: 'device-binding',
  async run(wallet) {
    const good = await goodAnswer(wallet);
    const faults = await documentFaults(wallet, ['wrong-transcript', 'device-key-mismatch', 'tampered-device-signature', 'unauthorized-device-signed-element']);
    const online = await onlineFaults(wallet, ['wrong-nonce', 'wrong-client-id', 'wrong-response-uri', 'wrong-thumbprint']);
    return conclude([good.evidence, ...faults, ...online], 'device authentication is bound to the transaction: broken and re-bound answers were refused');
  },
};
