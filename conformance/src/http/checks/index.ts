/**
 * Every black-box check, by criterion id: what each criterion means when the program is reached
 * only over HTTP (OpenID4VP 1.0). A guard test keeps this list, `criteria/index.json` and the
 * files in this folder in step.
 *
 * @module
 */

import type { HttpCriterionCheck } from '../steps.js';
import { check as deviceBinding } from './device-binding.js';
import { check as doctype } from './doctype.js';
import { check as dropUnrequested } from './drop-unrequested.js';
import { check as dsRevocation } from './ds-revocation.js';
import { check as elementDigests } from './element-digests.js';
import { check as individualNumberScope } from './individual-number-scope.js';
import { check as intentToRetain } from './intent-to-retain.js';
import { check as issuerChain } from './issuer-chain.js';
import { check as issuerSignature } from './issuer-signature.js';
import { check as malformedInput } from './malformed-input.js';
import { check as msoValidity } from './mso-validity.js';
import { check as noPersonalDataInLogs } from './no-personal-data-in-logs.js';
import { check as purposeShown } from './purpose-shown.js';
import { check as readerAuthentication } from './reader-authentication.js';
import { check as requestMinimality } from './request-minimality.js';
import { check as singleUseNonce } from './single-use-nonce.js';

/** The black-box checks, keyed by the criterion they evidence. */
export const HTTP_CHECKS: ReadonlyMap<string, HttpCriterionCheck> = new Map(
  [
    issuerSignature,
    issuerChain,
    elementDigests,
    msoValidity,
    dsRevocation,
    deviceBinding,
    singleUseNonce,
    doctype,
    requestMinimality,
    individualNumberScope,
    intentToRetain,
    purposeShown,
    dropUnrequested,
    noPersonalDataInLogs,
    malformedInput,
    readerAuthentication,
  ].map((c) => [c.id, c]),
);
