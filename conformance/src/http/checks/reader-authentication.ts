/**
 * reader-authentication (over HTTP) — 受信プログラムの要求は署名され (JAR)、その署名と client_id が
 * 証明書 (x5c) に結び付いている。
 * The request object is signed (typ oauth-authz-req+jwt), verifies with x5c[0], its client_id
 * prefix (x509_hash / x509_san_dns) binds it to that certificate, the certificate is valid now, and
 * the endpoints are https — what a wallet checks before it shows the request.
 * Basis: OpenID4VP 1.0 §5.9.3, §5.10; RFC 9101 §5.2, §6.2; ISO/IEC 18013-5 §9.1.4 (the in-person analogue).
 *
 * @module
 */

import { conclude } from '../../checks/check.js';
import { judgeRequestObject } from '../jar.js';
import { inspection, type HttpCriterionCheck } from '../steps.js';

export const check: HttpCriterionCheck = {
  id: 'reader-authentication',
  async run(wallet) {
    const session = await wallet.session();
    const { problems, signer } = judgeRequestObject(session.requestObject, {
      linkClientId: session.linkClientId,
      requestUri: session.requestUri,
      contentType: session.requestContentType,
      now: wallet.world.now,
    });
    const evidence = inspection(
      'inspect-request-object',
      'the request object of a new transaction, fetched from request_uri',
      'signed (typ oauth-authz-req+jwt) by x5c[0], client_id bound to that certificate, certificate valid now, https endpoints',
      problems.length === 0 ? `signed and bound${signer === undefined ? '' : ` (${signer})`}` : problems.join('; '),
      problems.length === 0,
    );
    return conclude([evidence], 'the request is signed and bound to the verifier\'s certificate');
  },
};
