/**
 * Example: an in-person kiosk (ISO/IEC 18013-5). A customer's phone shows a QR code or is tapped on
 * the NFC reader; the kiosk runs one session over a {@link Transport} for a purpose, prints the
 * verified, policy-checked result — never the individual number or the portrait — and writes the
 * audit record.
 *
 * The BLE or NFC link is the integrator's: anything that implements `Transport` (send and receive
 * whole session messages, close) plugs in. Tests and the demo use the loopback transport to
 * `@uketori/test-sender`.
 */
import { randomUUID } from 'node:crypto';
import { isUketoriError, type TrustStore } from '@uketori/mdoc';
import { auditRecord, getPurpose, namesOf, toSafeJSON, type AuditSink, type JsonValue, type PolicyResult } from '@uketori/policy';
import {
  parseDeviceEngagementUri,
  parseHandoverSelect,
  ReaderSession,
  type DeviceEngagement,
  type Handover,
  type ReaderAuthKey,
  type Transport,
} from '@uketori/reader';

/** The purposes this kiosk serves. */
export type KioskPurpose = 'aml_kyc_jp' | 'age_20_plus';

/** An engagement as the kiosk received it. */
export interface KioskEngagement {
  readonly engagement: DeviceEngagement;
  /** How it arrived, for the SessionTranscript. */
  readonly handover: Handover;
}

/**
 * Reads what the phone showed: the QR code's text (`mdoc:…`), or the NFC Handover Select message
 * (static handover), or the Handover Select with the Handover Request the kiosk sent (negotiated).
 *
 * @throws {ReaderError} `ERR_ENGAGEMENT_STRUCTURE`, `ERR_ENGAGEMENT_KEY` for unusable input.
 */
export function readEngagement(input: string | Uint8Array, handoverRequest?: Uint8Array): KioskEngagement {
  if (typeof input === 'string') return { engagement: parseDeviceEngagementUri(input), handover: { type: 'qr' } };
  const hs = parseHandoverSelect(input, handoverRequest === undefined ? {} : { handoverRequest });
  return { engagement: hs.engagement, handover: hs.handover };
}

/** Options of {@link runKiosk}. */
export interface KioskOptions {
  readonly purpose: KioskPurpose;
  /** QR text or NFC Handover Select bytes. */
  readonly engagement: string | Uint8Array;
  /** The Handover Request the kiosk sent, for negotiated NFC handover. */
  readonly handoverRequest?: Uint8Array;
  /** The link to the phone (BLE, NFC, or loopback in tests). */
  readonly transport: Transport;
  /** Trusted IACAs (in production `anchorSets.jpJlisMnc` with the J-LIS CRL). */
  readonly trust: TrustStore;
  /** The business's reader key and certificate; the request is signed with it. */
  readonly readerAuth?: ReaderAuthKey;
  /** Where audit records go (e.g. `jsonLinesAuditSink(path)`). */
  readonly audit: AuditSink;
  /** Default: now. */
  readonly now?: Date;
  /** Where the result lines go. Default: `console.log`. */
  readonly print?: (line: string) => void;
}

/** A completed kiosk run. */
export interface KioskResult {
  readonly policy: PolicyResult;
  /** The lines printed. */
  readonly lines: readonly string[];
}

function text(value: JsonValue | undefined): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

/** The printable lines of a result: safe values only (sensitive elements are left out by `toSafeJSON`). */
export function resultLines(policy: PolicyResult): string[] {
  const safe = toSafeJSON(policy) as { documents?: { docType: string; issuerSigned: Record<string, Record<string, JsonValue>>; redacted?: string[] }[] };
  const lines = [`purpose: ${policy.purposeId}`, `outcome: ${policy.outcome}`];
  for (const doc of safe.documents ?? []) {
    lines.push(`document: ${doc.docType}`);
    for (const [ns, elements] of Object.entries(doc.issuerSigned)) {
      for (const [id, value] of Object.entries(elements)) lines.push(`  ${ns}/${id}: ${text(value)}`);
    }
    for (const name of doc.redacted ?? []) lines.push(`  ${text(name)}: (not shown)`);
  }
  for (const m of policy.missing) lines.push(`missing: ${m.anyOf.map((e) => `${e.namespace}/${e.identifier}`).join(' | ')}`);
  lines.push(`audit: ${policy.transactionId}`);
  return lines;
}

/**
 * Runs one in-person verification: engagement → session over the transport → verified response →
 * purpose gate → printed lines and an audit record. A rejection is audited with its code (no
 * personal data) and rethrown.
 *
 * @throws {UketoriError} every code of `ReaderSession.run` (e.g. `ERR_ISSUER_SIGNATURE`,
 *   `ERR_SESSION_DECRYPT`, `ERR_POLICY_DOCTYPE`).
 */
export async function runKiosk(options: KioskOptions): Promise<KioskResult> {
  const now = options.now ?? new Date();
  const print = options.print ?? ((line: string) => console.log(line));
  const purpose = getPurpose(options.purpose);
  const { engagement, handover } = readEngagement(options.engagement, options.handoverRequest);
  const transactionId = randomUUID();
  const session = ReaderSession.create({
    engagement,
    handover,
    purpose,
    trust: options.trust,
    now,
    transactionId,
    ...(options.readerAuth === undefined ? {} : { readerAuth: options.readerAuth }),
  });
  try {
    const { policy } = await session.run(options.transport);
    await options.audit.write(policy.audit);
    const lines = resultLines(policy);
    lines.forEach((line) => print(line));
    return { policy, lines };
  } catch (err) {
    const code = isUketoriError(err) ? err.code : 'ERR_UNEXPECTED';
    const plan = session.plan;
    await options.audit.write(
      auditRecord({ time: now, transactionId, purposeId: plan.purposeId, legalBasis: plan.legalBasis }, 'response', 'rejected', [{ docType: plan.docType, requested: namesOf(plan.elements) }], { code }),
    );
    print(`rejected: ${code}`);
    throw err;
  }
}
