/**
 * Deliberately broken receivers: the reference receiver with one step altered each, the way real
 * programs go wrong. The suite's own tests run every one and expect exactly the criteria listed
 * here to fail. NEVER deploy any of them: they exist to prove the suite catches what they do.
 *
 * @module
 */

import { X509Certificate } from 'node:crypto';
import { createTrustStore, decodeCbor, type DocumentSignerInfo, type EncodedCbor, type TrustStore, type VerifiedDeviceResponse, type VerifiedDocument } from '@uketori/mdoc';
import type { PolicyResult, Purpose, RequestPlan } from '@uketori/policy';
import type { EphemeralKey, ReaderAuthKey } from '@uketori/reader';
import type { AcceptedOutcome, ConformanceTarget, TargetEnvironment, TargetText } from '../target.js';
import { ReferenceReceiver, toElementNames, type ReceiverTransaction } from './receiver.js';

/** A broken receiver and the criteria it must fail. */
export interface BrokenReceiver {
  readonly id: string;
  /** What it does wrong. */
  readonly description: string;
  /** The criteria the suite must report as failed, and no others. */
  readonly breaks: readonly string[];
  readonly create: (environment: TargetEnvironment) => ConformanceTarget;
}

/**
 * What a receiver that skipped a check goes on with: the response decoded without verification,
 * dressed as a verified one so that the rest of the reference pipeline runs unchanged.
 */
export function unverified(bytes: Uint8Array): VerifiedDeviceResponse {
  const response = decodeCbor(bytes) as Map<string, unknown>;
  const documents = (response.get('documents') as Map<string, unknown>[] | undefined) ?? [];
  const docs: VerifiedDocument[] = documents.map((doc) => {
    const issuerSigned = doc.get('issuerSigned') as Map<string, unknown>;
    const nameSpaces = (issuerSigned.get('nameSpaces') as Map<string, EncodedCbor[]> | undefined) ?? new Map<string, EncodedCbor[]>();
    const values: Record<string, Record<string, unknown>> = {};
    for (const [ns, items] of nameSpaces) {
      for (const item of items) {
        const decoded = item.decode() as Map<string, unknown>;
        (values[ns] ??= {})[decoded.get('elementIdentifier') as string] = decoded.get('elementValue');
      }
    }
    const epoch = new Date(0);
    return {
      docType: doc.get('docType') as string,
      issuerSigned: values,
      deviceSigned: {},
      errors: {},
      validity: { signed: epoch, validFrom: epoch, validUntil: epoch },
      digestAlgorithm: 'SHA-256',
      issuer: { notBefore: epoch, notAfter: epoch, subject: '(not verified)', country: undefined, stateOrProvince: undefined, iaca: { subject: '(not verified)', subjectKeyId: '00', fingerprint: '00' }, revocation: 'not-checked' },
      deviceAuthentication: 'signature',
      warnings: [],
    };
  });
  return { version: '1.0', status: 0, documents: docs, documentErrors: [], checks: [] };
}

/** Skips the checks whose failures carry one of `codes` and goes on with the unverified answer. */
class Tolerant extends ReferenceReceiver {
  constructor(
    env: TargetEnvironment,
    name: string,
    private readonly codes: ReadonlySet<string>,
  ) {
    super(env, name);
  }

  protected override async verify(bytes: Uint8Array, tx: ReceiverTransaction): Promise<VerifiedDeviceResponse> {
    try {
      return await super.verify(bytes, tx);
    } catch (err) {
      if (this.codes.has((err as { code?: string }).code ?? '')) return unverified(bytes);
      throw err;
    }
  }
}

function tolerant(id: string, description: string, breaks: readonly string[], codes: readonly string[]): BrokenReceiver {
  return { id, description, breaks, create: (env) => new Tolerant(env, `broken receiver ${id}`, new Set(codes)) };
}

/**
 * A trust store that takes the DS certificate in the answer without building its chain to an
 * anchor (so no expiry, profile or CRL check either): the broken step of `skips-chain-check`.
 */
export function trustingAnyDocumentSigner(): TrustStore {
  return {
    async validateDocumentSigner(x5chain): Promise<DocumentSignerInfo> {
      const ds = new X509Certificate(x5chain[0]!);
      return {
        publicKey: ds.publicKey,
        notBefore: new Date(ds.validFrom),
        notAfter: new Date(ds.validTo),
        subject: ds.subject.replaceAll('\n', ', '),
        country: undefined,
        stateOrProvince: undefined,
        iaca: { subject: ds.issuer.replaceAll('\n', ', '), subjectKeyId: '00', fingerprint: '00' },
        revocation: 'not-checked',
      };
    },
  };
}

/** Trusts the DS certificate in the answer without building its chain. */
class SkipsChainCheck extends ReferenceReceiver {
  protected override createTrustStore(): TrustStore {
    return trustingAnyDocumentSigner();
  }
}

/** Never loads the CRL. */
class IgnoresRevocation extends ReferenceReceiver {
  protected override createTrustStore(): TrustStore {
    return createTrustStore({ anchors: [...this.env.trustAnchors] });
  }
}

/** One EReaderKey for every session: the same engagement gives the same transcript. */
class ReusesReaderKey extends ReferenceReceiver {
  private fixed: EphemeralKey | undefined;
  protected override readerKey(curve: string): EphemeralKey {
    return (this.fixed ??= super.readerKey(curve));
  }
}

/** Keeps the transaction open after an answer. */
class AcceptsReplay extends ReferenceReceiver {
  protected override consume(): void {}
}

/** The first element its docType has that the purpose does not list, added to every request. */
function addElement(plan: RequestPlan, namespace: string, identifier: string): RequestPlan {
  return { ...plan, elements: [...plan.elements, { namespace, identifier, intentToRetain: false, required: false, sensitive: false }] };
}

const JP = 'org.iso.23220.1.jp';

/** Asks for sex as well (not an identification item of any preset). */
class OverAsks extends ReferenceReceiver {
  protected override requestPlan(plan: RequestPlan): RequestPlan {
    return addElement(plan, plan.docType === 'org.iso.23220.1.jp.mnc' ? JP : 'org.iso.18013.5.1', plan.docType === 'org.iso.23220.1.jp.mnc' ? 'sex_unicode' : 'sex');
  }
}

/** Asks for the individual number whatever the purpose. */
class AsksIndividualNumber extends ReferenceReceiver {
  protected override requestPlan(plan: RequestPlan): RequestPlan {
    return addElement(plan, JP, 'individual_number_unicode');
  }
}

/** Declares intent_to_retain false for everything, then keeps what the purpose would let it keep. */
class HidesRetention extends ReferenceReceiver {
  protected override requestPlan(plan: RequestPlan): RequestPlan {
    return { ...plan, elements: plan.elements.map((e) => ({ ...e, intentToRetain: false })) };
  }

  protected override accepted(result: PolicyResult): AcceptedOutcome {
    const outcome = super.accepted(result);
    const purpose = this.gate.registry.get(result.purposeId);
    const keepable = result.documents.flatMap((d) =>
      d.retention.filter((r) => purpose.documents.some((pd) => pd.docType === d.docType && pd.elements.some((e) => e.namespace === r.namespace && e.identifier === r.identifier && e.retain !== undefined))),
    );
    return { ...outcome, retained: toElementNames(keepable) };
  }
}

/** Shows the person nothing about why. */
class NoPurposeText extends ReferenceReceiver {
  protected override purposeText(_purpose: Purpose): TargetText | undefined {
    return undefined;
  }
}

/**
 * A purpose text that says why the data is asked for but not whether it is kept: the broken step
 * of `silent-on-retention`, in process and over HTTP.
 */
export function silentOnRetention(purpose: Purpose): TargetText {
  return { ja: `${purpose.name.ja}のため、お願いした情報を確認します。`, en: `We check the information we ask you for. Purpose: ${purpose.name.en}.` };
}

/** Says why, never whether the data is kept. */
class SilentOnRetention extends ReferenceReceiver {
  protected override purposeText(purpose: Purpose): TargetText | undefined {
    return silentOnRetention(purpose);
  }
}

/** Hands on everything that arrived, requested or not. */
class KeepsUnrequested extends ReferenceReceiver {
  protected override accepted(result: PolicyResult): AcceptedOutcome {
    const outcome = super.accepted(result);
    return { ...outcome, elements: toElementNames([...Object.entries(outcome.elements).flatMap(([namespace, ids]) => ids.map((identifier) => ({ namespace, identifier }))), ...result.dropped]) };
  }
}

/** Logs every received value for "debugging". */
class LogsValues extends ReferenceReceiver {
  protected override async decide(tx: ReceiverTransaction, verified: VerifiedDeviceResponse) {
    for (const doc of verified.documents) {
      for (const [ns, values] of Object.entries(doc.issuerSigned)) {
        for (const [id, value] of Object.entries(values)) this.lines.push(`debug: received ${ns}/${id} = ${value instanceof Uint8Array ? Buffer.from(value).toString('base64') : String(value)}`);
      }
    }
    return super.decide(tx, verified);
  }
}

/** Copies every answer into a fixed 1 MiB buffer first. */
class CrashesOnOversized extends ReferenceReceiver {
  protected override preflight(bytes: Uint8Array): void {
    new Uint8Array(1024 * 1024).set(bytes);
  }
}

/** Sends unsigned requests. */
class NoReaderAuth extends ReferenceReceiver {
  protected override readerAuthKey(): ReaderAuthKey | undefined {
    return undefined;
  }
}

const make =
  (id: string, Receiver: new (env: TargetEnvironment, name: string) => ConformanceTarget) =>
  (env: TargetEnvironment): ConformanceTarget =>
    new Receiver(env, `broken receiver ${id}`);

/**
 * Every broken receiver, each with the criteria it must fail.
 *
 * @example
 * ```ts
 * const broken = BROKEN_RECEIVERS.find((b) => b.id === 'skips-chain-check')!;
 * const report = await runConformance({ target: broken.create, purpose: 'aml_kyc_jp' });
 * report.criteria.filter((c) => c.verdict === 'fail').map((c) => c.id); // broken.breaks
 * ```
 */
export const BROKEN_RECEIVERS: readonly BrokenReceiver[] = [
  tolerant('skips-issuer-signature', 'Goes on when the issuerAuth signature does not verify.', ['issuer-signature'], ['ERR_ISSUER_SIGNATURE']),
  { id: 'skips-chain-check', description: 'Takes the DS certificate from the answer without building its chain to a trusted IACA (so no expiry, profile or CRL check).', breaks: ['issuer-chain', 'ds-revocation'], create: make('skips-chain-check', SkipsChainCheck) },
  tolerant('skips-digests', 'Goes on when an element digest does not match or the digest algorithm is not allowed.', ['element-digests'], ['ERR_VALUE_DIGEST', 'ERR_DIGEST_ALGORITHM']),
  tolerant('accepts-expired-mso', 'Goes on when the MSO is outside its validity.', ['mso-validity'], ['ERR_MSO_VALIDITY', 'ERR_MSO_SIGNED_IN_DS_VALIDITY']),
  { id: 'ignores-revocation', description: 'Never loads the IACA CRL.', breaks: ['ds-revocation'], create: make('ignores-revocation', IgnoresRevocation) },
  tolerant('skips-device-auth', 'Goes on when device authentication fails.', ['device-binding'], ['ERR_DEVICE_AUTH', 'ERR_KEY_AUTHORIZATION']),
  { id: 'reuses-reader-key', description: 'Uses one EReaderKey for every session.', breaks: ['single-use-nonce'], create: make('reuses-reader-key', ReusesReaderKey) },
  { id: 'accepts-replay', description: 'Keeps a transaction open after it was answered.', breaks: ['single-use-nonce'], create: make('accepts-replay', AcceptsReplay) },
  tolerant('ignores-doctype', 'Goes on when the MSO docType differs from the document.', ['doctype'], ['ERR_MSO_DOCTYPE']),
  { id: 'over-asks', description: 'Asks for sex as well.', breaks: ['request-minimality'], create: make('over-asks', OverAsks) },
  { id: 'asks-individual-number', description: 'Asks for the individual number whatever the purpose.', breaks: ['request-minimality', 'individual-number-scope'], create: make('asks-individual-number', AsksIndividualNumber) },
  { id: 'hides-retention', description: 'Declares intent_to_retain false and keeps the data anyway.', breaks: ['intent-to-retain'], create: make('hides-retention', HidesRetention) },
  { id: 'no-purpose-text', description: 'Shows no purpose.', breaks: ['purpose-shown'], create: make('no-purpose-text', NoPurposeText) },
  { id: 'silent-on-retention', description: 'Shows why the data is asked for, but not whether it is kept.', breaks: ['purpose-shown'], create: make('silent-on-retention', SilentOnRetention) },
  { id: 'keeps-unrequested', description: 'Hands on elements it did not ask for.', breaks: ['drop-unrequested'], create: make('keeps-unrequested', KeepsUnrequested) },
  { id: 'logs-values', description: 'Logs every received value.', breaks: ['no-personal-data-in-logs'], create: make('logs-values', LogsValues) },
  { id: 'crashes-on-oversized', description: 'Copies the answer into a fixed 1 MiB buffer and throws on anything larger.', breaks: ['malformed-input'], create: make('crashes-on-oversized', CrashesOnOversized) },
  { id: 'no-reader-auth', description: 'Sends unsigned requests.', breaks: ['reader-authentication'], create: make('no-reader-auth', NoReaderAuth) },
];
