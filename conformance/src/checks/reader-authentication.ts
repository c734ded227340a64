/**
 * reader-authentication — 受信プログラムは要求に readerAuth を付け、その署名がこのセッションの
 * SessionTranscript と要求内容に対して検証できる。
 * The request is signed (readerAuth) over this session's transcript and the ItemsRequest.
 * Basis: ISO/IEC 18013-5 §9.1.4; OpenID4VP 1.0 §5.10 (signed requests, online).
 *
 * @module
 */

import { readerAuthenticationAllBytes, readerAuthenticationBytes, skipReaderTrust, verifyReaderAuth } from '@uketori/reader';
import { inspection, readRequest, type InspectedRequest } from '../drive.js';
import { conclude, type CriterionCheck } from './check.js';

/** Why the request's reader authentication fails, or `undefined` when it holds. */
async function problem(request: InspectedRequest, transcript: Uint8Array, now: Date): Promise<string | undefined> {
  const signatures: { readerAuth: unknown; payload: Uint8Array }[] = [];
  if (request.readerAuthAll !== undefined) {
    // ReaderAuthenticationAll (DeviceRequest 1.1): one signature over every ItemsRequest.
    const payload = readerAuthenticationAllBytes(transcript, request.docRequests.map((d) => d.itemsRequestBytes), request.deviceRequestInfoBytes);
    signatures.push(...request.readerAuthAll.map((readerAuth) => ({ readerAuth, payload })));
  }
  for (const [i, doc] of request.docRequests.entries()) {
    if (doc.readerAuth !== undefined) signatures.push({ readerAuth: doc.readerAuth, payload: readerAuthenticationBytes(transcript, doc.itemsRequestBytes) });
    else if (request.readerAuthAll === undefined) return `docRequests[${i}] has no readerAuth`;
  }
  if (signatures.length === 0) return 'no readerAuth';
  for (const { readerAuth, payload } of signatures) {
    let leaf;
    try {
      // Whether a wallet trusts this reader is the wallet's decision; the suite checks the signature and validity.
      leaf = (await verifyReaderAuth(readerAuth, payload, { trust: skipReaderTrust, now })).certificateChain[0];
    } catch (err) {
      return `readerAuth does not verify over this session's transcript (${String((err as { code?: unknown }).code ?? 'error')})`;
    }
    if (leaf === undefined || new Date(leaf.validFrom) > now || new Date(leaf.validTo) < now) return 'the reader certificate is not valid now';
  }
  return undefined;
}

export const check: CriterionCheck = {
  id: 'reader-authentication',
  async run(wallet) {
    const read = await readRequest(wallet);
    if ('failed' in read) return conclude([read.failed], '');
    const why = await problem(read.request, read.session.request.sessionTranscript, wallet.world.now);
    const evidence = inspection(
      'inspect-request',
      'the DeviceRequest of a new transaction',
      'readerAuth on every DocRequest (or readerAuthAll) verifying over the SessionTranscript, reader certificate valid now',
      why ?? 'readerAuth present and valid',
      why === undefined,
    );
    return conclude([evidence], 'the request is signed for this session');
  },
};
