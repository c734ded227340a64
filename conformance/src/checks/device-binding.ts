/**
 * device-binding — 受信プログラムは、MSO のデバイス鍵による認証がこのセッションの
 * SessionTranscript に対して成り立つことを確認し、再送や差し替えを受け付けない。
 * Device authentication by the MSO's device key verifies over this session's transcript; no
 * replay from another session, no substituted transcript.
 * Basis: 犯収法施行規則 6条1項1号ル; 番号法 18条の2第7項; ISO/IEC 18013-5 §9.1.3, §9.3.1 step 2.
 *
 * @module
 */

import { expectRejected, faultEvidence, goodAnswer } from '../drive.js';
import { conclude, type CriterionCheck } from './check.js';

export const check: CriterionCheck = {
  id: 'device-binding',
  async run(wallet) {
    const good = await goodAnswer(wallet);
    const faults = await faultEvidence(wallet, ['wrong-transcript', 'device-key-mismatch', 'tampered-device-signature', 'unauthorized-device-signed-element']);
    // A valid answer for session A, sent to session B (never to A).
    const a = await wallet.session();
    const b = await wallet.session();
    const forA = await wallet.answer(a);
    const replay = expectRejected('replay-other-session', 'a valid answer made for another open session of the same target', await wallet.submit(b, forA), 'ERR_DEVICE_AUTH');
    return conclude([good.evidence, ...faults, replay], 'device authentication is bound to the session: broken, foreign and replayed answers were rejected');
  },
};
