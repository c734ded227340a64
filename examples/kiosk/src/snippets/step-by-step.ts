import type { ReaderSession, ReaderSessionResult, Transport } from '@uketori/reader';

/** One request and one answer, step by step: the phone is told why the session ended. */
export async function answerOnce(session: ReaderSession, transport: Transport): Promise<ReaderSessionResult> {
  await transport.send(session.establish());
  try {
    return await session.receive(await transport.receive());
  } catch (err) {
    // status 10 (encryption, counters), 11 (decoding) or 20; nothing when the phone ended it itself
    if (!session.endedByHolder) await transport.send(session.terminate());
    throw err;
  }
}
