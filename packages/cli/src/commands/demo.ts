/**
 * `uketori demo`: a narrated end-to-end with the test sender — issue, request, verify, break.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { createTrustStore, embedCbor, encodeCbor, toHex, verifyDeviceResponse, type VerifiedDocument } from '@uketori/mdoc';
import { getPurpose, planRequest, toItemsRequest } from '@uketori/policy';
import {
  FAULT_CATALOGUE,
  MY_NUMBER_CARD_DOCTYPE,
  MY_NUMBER_CARD_JP_NAMESPACE,
  NEVER_FOR_PRODUCTION,
  createTestPki,
  issueMyNumberCard,
  respond,
  type FaultId,
  type TestCredential,
  type TestPki,
} from '@uketori/test-sender';
import { parseCommandArgs } from '../args.js';
import { ExitCode } from '../exit.js';
import { renderChecks, renderElements } from '../format/report.js';
import { isoDateTime } from '../format/value.js';
import type { CliIo } from '../io.js';
import { rejectionOf } from './verify.js';

const OPTIONS = { 'write-sample': { type: 'string' } } as const;

/** The purpose the demo verifies for: 犯収法 (Act on Prevention of Transfer of Criminal Proceeds) KYC. */
export const DEMO_PURPOSE = 'aml_kyc_jp';

/** The elements the `aml_kyc_jp` purpose requests: name, address, date of birth, photo. */
export const KYC_ELEMENTS = ['full_name_unicode', 'resident_address_unicode', 'birth_date_unicode', 'portrait'] as const;

/** The faults the demo injects: element, trust (chain, revocation), issuer and device side. */
export const DEMO_FAULTS: readonly FaultId[] = ['tampered-value', 'untrusted-iaca', 'revoked-ds', 'expired-mso', 'wrong-transcript'];

/** Everything one demo session produces. */
interface Session {
  readonly pki: TestPki;
  readonly card: TestCredential;
  readonly request: Uint8Array;
  readonly sessionTranscript: Uint8Array;
  readonly nonce: Uint8Array;
}

/**
 * Runs `uketori demo [--write-sample <dir>]`.
 *
 * @returns 0 when the good response verified with exactly the requested elements and every fault
 *   was rejected with its catalogued code; 1 otherwise.
 * @throws {UsageError} for command-line mistakes (exit code 2).
 */
export async function demoCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values } = parseCommandArgs('demo', argv, OPTIONS, { min: 0, max: 0 });
  const session = await startSession(io.now());
  if (values['write-sample'] !== undefined) return writeSample(io, session, values['write-sample']);
  return narrate(io, session);
}

async function startSession(now: Date): Promise<Session> {
  const pki = await createTestPki({ now });
  const card = await issueMyNumberCard({ pki });
  // The request comes from the purpose through the policy gate, which cannot ask for more than
  // the purpose allows and sets intent_to_retain only where the purpose may retain.
  const plan = planRequest(getPurpose(DEMO_PURPOSE), { now, docType: MY_NUMBER_CARD_DOCTYPE });
  // DeviceRequest = { version, docRequests: [{ itemsRequest: #6.24(ItemsRequest) }] } (ISO 18013-5 §8.3.2.1.2.1)
  const request = encodeCbor(new Map<string, unknown>([['version', '1.0'], ['docRequests', [new Map([['itemsRequest', embedCbor(toItemsRequest(plan))]])]]]));
  // A demo SessionTranscript: any CBOR array binds the device authentication to this session.
  // Real flows build [DeviceEngagementBytes, EReaderKeyBytes, Handover] (ISO 18013-5 §9.1.5.1).
  const nonce = new Uint8Array(randomBytes(16));
  const sessionTranscript = encodeCbor([null, null, ['uketori-demo', nonce]]);
  return { pki, card, request, sessionTranscript, nonce };
}

/** The code the policy gate refuses an over-request with (the individual number is not a KYC item). */
function overRequestCode(now: Date): string {
  try {
    planRequest(getPurpose(DEMO_PURPOSE), {
      now,
      docType: MY_NUMBER_CARD_DOCTYPE,
      elements: [{ namespace: MY_NUMBER_CARD_JP_NAMESPACE, identifier: 'individual_number_unicode' }],
    });
    return 'NOT REFUSED';
  } catch (err) {
    return `refused ${(err as { code?: string }).code ?? 'with an uncoded error'}`;
  }
}

function answer(session: Session, faults: readonly FaultId[] = []): Promise<Uint8Array> {
  const { card, request, sessionTranscript, pki } = session;
  return respond({ credentials: [card], request, sessionTranscript, now: pki.now, faults });
}

function verify(session: Session, response: Uint8Array) {
  return verifyDeviceResponse(response, {
    trust: createTrustStore({ anchors: [session.pki.iaca.der], crl: { crls: [session.pki.crl.der], required: true } }),
    sessionTranscript: session.sessionTranscript,
    now: session.pki.now,
  });
}

async function narrate(io: CliIo, session: Session): Promise<ExitCode> {
  const { pki, card } = session;
  const say = (text = '') => io.stdout.write(`${text}\n`);
  let ok = true;

  say(`uketori demo — ${NEVER_FOR_PRODUCTION}`);
  say();
  say('1. Issuer: a test IACA and Document Signer (ISO/IEC 18013-5 Annex B.1 profiles)');
  say(`   IACA  ${pki.iaca.subject}`);
  say(`   DS    ${pki.ds.subject}`);
  say();
  const issued = Object.entries(card.elements).map(([ns, els]) => `${Object.keys(els).length} in ${ns}`);
  say(`2. Holder: a test My Number Card, docType ${card.docType}, elements: ${issued.join(', ')}`);
  say();
  say(`3. Reader: a DeviceRequest built from the purpose "${DEMO_PURPOSE}" by the policy gate (selective disclosure)`);
  say(`   ${MY_NUMBER_CARD_JP_NAMESPACE}: ${KYC_ELEMENTS.join(', ')} (intent_to_retain: true, the 確認記録 is kept 7 years)`);
  const refusal = overRequestCode(io.now());
  if (refusal !== 'refused ERR_POLICY_OVER_REQUEST') ok = false;
  say(`   asking this purpose for individual_number_unicode too: ${refusal}`);
  say(`   demo SessionTranscript: [null, null, ["uketori-demo", h'${toHex(session.nonce)}']]`);
  say();
  const response = await answer(session);
  say(`4. Holder: answers with a DeviceResponse of ${response.length} bytes, signed by its device key`);
  say();
  say(`5. Reader: verifyDeviceResponse with the test IACA as the only trust anchor and its CRL, at ${isoDateTime(pki.now)}`);
  try {
    const result = await verify(session, response);
    const doc = result.documents[0];
    for (const line of renderChecks(result.checks)) say(`   ${line}`);
    if (doc === undefined) throw new Error('no document in the response');
    say('   verified elements:');
    for (const line of renderElements(doc.issuerSigned, '     ')) say(line);
    const problem = disclosureProblem(doc);
    if (problem !== undefined) {
      ok = false;
      say(`   UNEXPECTED: ${problem}`);
    }
    say(`   not disclosed: ${undisclosed(card, doc)} — never left the holder's device`);
  } catch (err) {
    ok = false;
    const r = rejectionOf(err);
    say(`   UNEXPECTED rejection: ${r.code}: ${r.message}`);
  }
  say();
  say('6. Faults from the test-sender catalogue — each must be rejected with its code:');
  for (const id of DEMO_FAULTS) {
    const fault = FAULT_CATALOGUE.find((f) => f.id === id)!;
    const outcome = await runFault(session, id);
    const expected = outcome === fault.expectedCode;
    ok &&= expected;
    say(`   ${id.padEnd(18)} ${expected ? 'rejected' : 'UNEXPECTED'} ${outcome}${expected ? '' : ` (expected ${fault.expectedCode})`}`);
    say(`   ${''.padEnd(18)} ${fault.description}`);
  }
  say();
  say(ok ? 'Everything behaved as expected.' : 'Something did NOT behave as expected (see UNEXPECTED above).');
  say("Try it by hand: 'uketori demo --write-sample ./sample', then 'uketori verify --help'.");
  return ok ? ExitCode.ok : ExitCode.rejected;
}

/** The error code a faulty response is rejected with, or `accepted`. */
async function runFault(session: Session, id: FaultId): Promise<string> {
  try {
    await verify(session, await answer(session, [id]));
    return 'accepted';
  } catch (err) {
    return rejectionOf(err).code;
  }
}

/** Why the verified document is not exactly the requested KYC elements, if it is not. */
function disclosureProblem(doc: VerifiedDocument): string | undefined {
  const namespaces = Object.keys(doc.issuerSigned);
  const got = Object.keys(doc.issuerSigned[MY_NUMBER_CARD_JP_NAMESPACE] ?? {}).sort();
  const want = [...KYC_ELEMENTS].sort();
  if (namespaces.length !== 1 || got.join() !== want.join()) return `disclosed ${namespaces.length} namespaces / ${got.join(', ')}`;
  return undefined;
}

function undisclosed(card: TestCredential, doc: VerifiedDocument): string {
  const out: string[] = [];
  for (const [ns, elements] of Object.entries(card.elements)) {
    const hidden = Object.keys(elements).filter((id) => doc.issuerSigned[ns]?.[id] === undefined);
    if (hidden.length > 0) out.push(`${ns}: ${hidden.join(', ')}`);
  }
  return out.join('; ');
}

async function writeSample(io: CliIo, session: Session, dir: string): Promise<ExitCode> {
  const base = dir.replace(/[/\\]+$/, '') || '/';
  const files: [string, string][] = [
    ['response.hex', `${toHex(await answer(session))}\n`],
    ['transcript.hex', `${toHex(session.sessionTranscript)}\n`],
    ['iaca.pem', session.pki.iaca.pem],
    ['request.hex', `${toHex(session.request)}\n`],
  ];
  await io.makeDir(base);
  for (const [name, content] of files) await io.writeFile(`${base}/${name}`, content);
  const say = (text = '') => io.stdout.write(`${text}\n`);
  say(`Wrote a sample (${NEVER_FOR_PRODUCTION}) to ${base}/:`);
  say('  response.hex    DeviceResponse from a test My Number Card, 犯収法 KYC elements only (hex)');
  say('  transcript.hex  its demo SessionTranscript (hex)');
  say('  iaca.pem        the test IACA to trust');
  say('  request.hex     the DeviceRequest it answers (hex)');
  say();
  say('Verify it:');
  say(`  uketori verify ${base}/response.hex --trust ${base}/iaca.pem --transcript ${base}/transcript.hex`);
  say('Look inside:');
  say(`  uketori inspect ${base}/response.hex`);
  return ExitCode.ok;
}
