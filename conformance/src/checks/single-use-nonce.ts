/**
 * single-use-nonce — 受信プログラムは取引ごとに新しい読取側一時鍵 (オンラインではナンス) で
 * SessionTranscript を作り、一つの取引の応答を一度だけ受け付ける。
 * A fresh reader contribution per transaction, and each transaction is answered once.
 * Basis: ISO/IEC 18013-5 §9.1.1.4, §9.1.5.1; OpenID4VP 1.0 §5.2, §13.3.
 *
 * @module
 */

import { Buffer } from 'node:buffer';
import { expectRejected, goodAnswer, inspection, newEngagement } from '../drive.js';
import { conclude, type CriterionCheck } from './check.js';

export const check: CriterionCheck = {
  id: 'single-use-nonce',
  async run(wallet) {
    // The same holder engagement twice: only the reader's side can make the transcripts differ.
    const engagement = newEngagement();
    const first = await wallet.session(engagement);
    const second = await wallet.session(engagement);
    const sameTranscript = Buffer.from(first.request.sessionTranscript).equals(second.request.sessionTranscript);
    const sameId = first.request.transactionId === second.request.transactionId;
    const fresh = inspection(
      'fresh-session',
      'two transactions started from one holder engagement',
      'different SessionTranscripts and transaction ids',
      `${sameTranscript ? 'the same SessionTranscript' : 'different SessionTranscripts'}, ${sameId ? 'the same transaction id' : 'different transaction ids'}`,
      !sameTranscript && !sameId,
    );
    const good = await goodAnswer(wallet);
    const again = expectRejected('resubmit-same-answer', 'the answer it just accepted, sent again to the same transaction', await wallet.submit(good.session, good.bytes));
    return conclude([fresh, good.evidence, again], 'every transaction had a fresh transcript and was answered once');
  },
};
