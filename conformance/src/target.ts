/**
 * The target interface: a receiving program (番号法 18条の4 confirmation program) as the suite
 * drives it in process. It is the surface of any reader that does an ISO/IEC 18013-5 presentation:
 * it starts a transaction from the holder's engagement, shows a DeviceRequest, receives the
 * DeviceResponse, and says what it did. Nothing in it is specific to uketori, so a program built
 * with any library can be wrapped in a few dozen lines.
 *
 * A config module given to `uketori conformance --target ./my-target.mjs` default-exports a
 * {@link TargetFactory}.
 *
 * @module
 */

import type { KeyObject } from 'node:crypto';

/** Text in Japanese and English; either may be absent when the program shows only one language. */
export interface TargetText {
  readonly ja?: string;
  readonly en?: string;
}

/** Who the target is, for the report. */
export interface TargetDescription {
  /** Product or program name. */
  readonly name: string;
  /** Its version as the vendor labels it. */
  readonly version: string;
  readonly vendor?: string;
}

/** A reader-authentication key and certificate chain the suite issued for the run (test PKI). */
export interface TargetReaderKey {
  /** Private key (P-256). */
  readonly privateKey: KeyObject;
  /** DER certificates, reader certificate first. */
  readonly certificateChain: readonly Uint8Array[];
}

/**
 * What the suite gives a target when it creates it: the test issuer to trust (and nothing else),
 * its CRL, the clock, and a test reader certificate for programs that have none of their own.
 */
export interface TargetEnvironment {
  /** Trust anchors (IACA certificates, DER). The target must trust exactly these for the run. */
  readonly trustAnchors: readonly Uint8Array[];
  /** CRLs of those anchors (DER). A conforming target consults them (ISO/IEC 18013-5 §9.3.3). */
  readonly crls: readonly Uint8Array[];
  /** The time to verify at. Test credentials are valid around it, not around the wall clock. */
  readonly now: () => Date;
  /** A test reader certificate and key; a target may use its own instead. */
  readonly readerKey: TargetReaderKey;
}

/** Input of {@link ConformanceTarget.start}. */
export interface StartInput {
  /** The purpose id the run is for (e.g. `aml_kyc_jp`). */
  readonly purposeId: string;
  /** DeviceEngagement as the holder shows it (the CBOR map, not wrapped in tag 24; ISO/IEC 18013-5 §8.2.1.1). */
  readonly deviceEngagement: Uint8Array;
}

/** What a target does when a transaction starts. */
export interface TargetRequest {
  /** The target's handle for the transaction (1–128 characters). */
  readonly transactionId: string;
  /**
   * The encoded SessionTranscript the target will verify device authentication against
   * (ISO/IEC 18013-5 §9.1.5.1: `[DeviceEngagementBytes, EReaderKeyBytes, Handover]`).
   */
  readonly sessionTranscript: Uint8Array;
  /** The DeviceRequest it sends to the holder (ISO/IEC 18013-5 §8.3.2.1.2.1), with readerAuth when it signs. */
  readonly deviceRequest: Uint8Array;
  /** What the program shows the person: why the data is asked for and whether it is kept. */
  readonly purposeText?: TargetText;
}

/** Element identifiers per namespace. */
export type ElementNames = Readonly<Record<string, readonly string[]>>;

/** The target accepted the answer. */
export interface AcceptedOutcome {
  readonly accepted: true;
  /** The elements the program handed on to the business (names only), per namespace. */
  readonly elements: ElementNames;
  /** The elements it will store beyond the transaction (names only). */
  readonly retained: ElementNames;
}

/** The target rejected the answer. */
export interface RejectedOutcome {
  readonly accepted: false;
  /** The program's error code (uketori: `ERR_<CHECK>`). */
  readonly code: string;
  /** The program's message, as it would log or show it. Checked for personal data. */
  readonly message?: string;
}

/** What a target did with an answer. */
export type TargetOutcome = AcceptedOutcome | RejectedOutcome;

/** Input of {@link ConformanceTarget.receive}. */
export interface ReceiveInput {
  readonly transactionId: string;
  /** The DeviceResponse bytes as the holder sent them (already decrypted from the session). */
  readonly deviceResponse: Uint8Array;
}

/**
 * A receiving program under test. `receive` must return an outcome for every input, however
 * malformed; a throw or a hang is recorded as a crash.
 *
 * @example
 * ```ts
 * const factory: TargetFactory = (env) => createReferenceReceiver(env);
 * export default factory;
 * ```
 */
export interface ConformanceTarget {
  describe(): TargetDescription;
  /** Starts a transaction for a purpose and returns the request it sends. */
  start(input: StartInput): Promise<TargetRequest>;
  /** Receives the holder's answer for a transaction. */
  receive(input: ReceiveInput): Promise<TargetOutcome>;
  /** Every log line and audit record the program wrote since it was created, as text. */
  logs(): readonly string[];
  /** Releases resources. */
  close?(): Promise<void>;
}

/** Creates a fresh target; the suite calls it once per criterion so that logs and state do not mix. */
export type TargetFactory = (environment: TargetEnvironment) => ConformanceTarget | Promise<ConformanceTarget>;
