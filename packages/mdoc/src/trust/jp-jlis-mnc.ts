/**
 * The J-LIS IACA of the My Number Card on smartphones (カード代替電磁的記録), bundled as a
 * fingerprint-pinned anchor set. The same certificate is in `anchors/jp-jlis-mnc.pem`.
 *
 * @module
 */

import type { AnchorSet } from './anchor-set.js';

// Published by J-LIS at https://www.j-lis.go.jp/pn/mdociaca.html; copied from the
// universal-verify/trust-list `trust-list.json` entry "Japan Agency for Local Authority
// Information Systems" (issuer_id x509_aki:rX7vmMbQz-Qkb83hZ7xXO4PRJKA). Decoded: self-signed,
// EC P-384, ecdsa-with-SHA384, basicConstraints CA:TRUE pathlen:0 (critical), keyUsage
// keyCertSign+cRLSign (critical), SKI = AKI AD:7E:EF:98:C6:D0:CF:E4:24:6F:CD:E1:67:BC:57:3B:83:D1:24:A0,
// valid 2025-01-29T02:23:04Z .. 2030-05-28T02:23:03Z.
const MNC_MDOC_ROOT_CA_PEM = `-----BEGIN CERTIFICATE-----
MIIDCjCCApGgAwIBAgIUT7ewHKPNZzGl5ElpnnFlquqtE58wCgYIKoZIzj0EAwMw
ZDEWMBQGA1UEAwwNbW5jbWRvY1Jvb3RDQTE9MDsGA1UECgw0SmFwYW4gQWdlbmN5
IGZvciBMb2NhbCBBdXRob3JpdHkgSW5mb3JtYXRpb24gU3lzdGVtczELMAkGA1UE
BhMCSlAwHhcNMjUwMTI5MDIyMzA0WhcNMzAwNTI4MDIyMzAzWjBkMRYwFAYDVQQD
DA1tbmNtZG9jUm9vdENBMT0wOwYDVQQKDDRKYXBhbiBBZ2VuY3kgZm9yIExvY2Fs
IEF1dGhvcml0eSBJbmZvcm1hdGlvbiBTeXN0ZW1zMQswCQYDVQQGEwJKUDB2MBAG
ByqGSM49AgEGBSuBBAAiA2IABPs5eNtlqJyCoVQwJao/duWq/kKCD1gqK4jtKUrB
mnwHQTHjZrIcmTajXjQEsNutsCtZ/ojqeXm/8yCJiCN9OiR2WfqGbnPtQzE2+Ytf
jmxSoPicmEu9dQdXv21VNBlBSaOCAQIwgf8wEgYDVR0TAQH/BAgwBgEB/wIBADAf
BgNVHSMEGDAWgBStfu+YxtDP5CRvzeFnvFc7g9EkoDAjBgNVHRIEHDAahhhodHRw
czovL3d3dy5qLWxpcy5nby5qcC8wIwYDVR0RBBwwGoYYaHR0cHM6Ly93d3cuai1s
aXMuZ28uanAvME8GA1UdHwRIMEYwRKBCoECGPmh0dHBzOi8vZHRzLm1kb2MtaWFj
YS5kaWdpdGFsLmdvLmpwL2NlcnRpZmljYXRlL2xhdGVzdC9tbmMuY3JsMB0GA1Ud
DgQWBBStfu+YxtDP5CRvzeFnvFc7g9EkoDAOBgNVHQ8BAf8EBAMCAQYwCgYIKoZI
zj0EAwMDZwAwZAIwfvAoBLAvEguWEqdFOiDsLo40FLIKjOQS1V6/6vo5vI8qd/aa
F8ATsq7kz5v3D6qUAjATlIU/74tGYia0+aBIQ8+LOvAD9J7C51R64uvi6kf5lgdy
09mop3x9Wxf+Ofy3nrE=
-----END CERTIFICATE-----
`;

/**
 * J-LIS `mncmdocRootCA`: the IACA that signs the Document Signer certificates of the My Number
 * Card on iPhone (docType `org.iso.23220.1.jp.mnc`). Pinned by SHA-256 fingerprint; its CRL is
 * published at `https://dts.mdoc-iaca.digital.go.jp/certificate/latest/mnc.crl`.
 *
 * Opt in by passing it as an anchor; {@link createTrustStore} re-checks the pin when it loads it.
 *
 * @example
 * ```ts
 * import { anchorSets, createTrustStore } from '@uketori/mdoc';
 * const trust = createTrustStore({
 *   anchors: [anchorSets.jpJlisMnc],
 *   crl: { fetch: async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer()) },
 * });
 * ```
 */
export const JP_JLIS_MNC: AnchorSet = Object.freeze({
  name: 'jp-jlis-mnc',
  description: 'J-LIS mncmdocRootCA, IACA of the My Number Card on smartphones (org.iso.23220.1.jp.mnc)',
  certificates: Object.freeze([MNC_MDOC_ROOT_CA_PEM]),
  sha256Fingerprints: Object.freeze(['6E:8A:31:08:60:93:16:96:1D:14:24:26:CE:84:2B:79:27:FD:28:17:55:31:70:56:E1:57:4E:B9:ED:E8:0A:0E']),
  docTypes: Object.freeze(['org.iso.23220.1.jp.mnc']),
  crlUrl: 'https://dts.mdoc-iaca.digital.go.jp/certificate/latest/mnc.crl',
  source: 'https://www.j-lis.go.jp/pn/mdociaca.html',
});
