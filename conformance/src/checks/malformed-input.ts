/**
 * malformed-input — 受信プログラムは壊れた、エラー状態の、又は過大な応答を、異常終了や無応答なしに
 * コード付きのエラーで拒否する。
 * Malformed, error-status and oversized answers are rejected with a coded error, without a crash
 * or a hang.
 * Basis: ISO/IEC 18013-5 §8.3.2.1.2.2, §8.3.2.1.2.3; RFC 8949 §5.1, §10.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { expectRejected, faultEvidence, goodAnswer, type Evidence } from '../drive.js';
import { conclude, type CriterionCheck } from './check.js';

/** RFC 8949 §3: a byte string of `length` bytes (major type 2, 8-byte length). */
function byteString(length: number): Uint8Array {
  const out = new Uint8Array(9 + length);
  out[0] = 0x5b;
  new DataView(out.buffer).setBigUint64(1, BigInt(length));
  return out;
}

/** Hostile inputs, each in a fresh transaction. */
const INPUTS: readonly { readonly step: string; readonly sent: string; readonly bytes: () => Uint8Array }[] = [
  { step: 'empty', sent: 'zero bytes', bytes: () => new Uint8Array(0) },
  { step: 'garbage', sent: '256 random bytes', bytes: () => new Uint8Array(randomBytes(256)) },
  { step: 'oversized', sent: 'a 6 MiB CBOR byte string', bytes: () => byteString(6 * 1024 * 1024) },
  { step: 'deep-nesting', sent: '100 000 nested CBOR arrays', bytes: () => new Uint8Array(100_001).fill(0x81, 0, 100_000) },
  {
    step: 'huge-length',
    sent: 'a CBOR byte string header declaring 2^62 bytes, followed by 16 bytes',
    bytes: () => {
      const out = new Uint8Array(25);
      out[0] = 0x5b;
      new DataView(out.buffer).setBigUint64(1, 1n << 62n);
      return out;
    },
  },
];

export const check: CriterionCheck = {
  id: 'malformed-input',
  async run(wallet) {
    const good = await goodAnswer(wallet);
    const faults = await faultEvidence(wallet, ['malformed-cbor', 'status-error']);
    const hostile: Evidence[] = [];
    for (const input of INPUTS) {
      const session = await wallet.session();
      hostile.push(expectRejected(input.step, input.sent, await wallet.submit(session, input.bytes())));
    }
    return conclude([good.evidence, ...faults, ...hostile], 'every malformed, error-status and oversized answer got a coded rejection in time');
  },
};
