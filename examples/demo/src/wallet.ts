/**
 * The demo's stand-in for the person's phone: @uketori/test-sender acting as the wallet. A real
 * wallet scans the QR code and talks to the router's wallet endpoints over HTTP; this one does
 * exactly that, from the server, when the page's "answer with the test wallet" button asks it to.
 * For the DC API flows it returns what `navigator.credentials.get` would, and the page relays it
 * to the router like a production page does.
 *
 * @module
 */

import express, { type Router } from 'express';
import { FAULT_CATALOGUE, ONLINE_FAULT_CATALOGUE, answerAnnexC, answerAnnexD, answerOid4vp, parseAuthorizationLink, type FaultId, type OnlineFaultId, type TestCredential } from '@uketori/test-sender';

/** Faults the page offers, to show a rejection with its code. */
export const DEMO_FAULTS: readonly { readonly id: string; readonly layer: 'document' | 'online'; readonly description: string }[] = [
  ...(['tampered-value', 'expired-mso', 'revoked-ds', 'untrusted-iaca', 'extra-unrequested-elements'] as const).map((id) => ({
    id,
    layer: 'document' as const,
    description: FAULT_CATALOGUE.find((f) => f.id === id)?.description ?? id,
  })),
  ...(['wrong-nonce', 'wrong-origin', 'tampered-ciphertext', 'over-disclosure'] as const).map((id) => ({
    id,
    layer: 'online' as const,
    description: ONLINE_FAULT_CATALOGUE.find((f) => f.id === id)?.description ?? id,
  })),
];

const DOCUMENT_FAULTS = new Set<string>(FAULT_CATALOGUE.map((f) => f.id));
const ONLINE_FAULTS = new Set<string>(ONLINE_FAULT_CATALOGUE.map((f) => f.id));

/** Test-sender options for the fault the page picked (none for `""`). */
function faultOptions(fault: unknown): { faults?: FaultId[]; onlineFaults?: OnlineFaultId[] } {
  if (typeof fault !== 'string' || fault === '') return {};
  if (DOCUMENT_FAULTS.has(fault)) return { faults: [fault as FaultId] };
  if (ONLINE_FAULTS.has(fault)) return { onlineFaults: [fault as OnlineFaultId] };
  throw new DemoWalletRefusal('DEMO_UNKNOWN_FAULT');
}

/** Options of {@link demoWalletRouter}. */
export interface DemoWalletOptions {
  readonly credentials: readonly TestCredential[];
  /** The page's origin, which a browser would hand the wallet with a DC API request. */
  readonly origin: () => string;
  /**
   * Where this demo's router is mounted (`http://127.0.0.1:3000/uketori/`): the test wallet fetches
   * and posts to URLs under it only, so the demo cannot be used to reach anything else.
   */
  readonly routerBase: () => string;
}

/** A refusal of the test wallet's endpoints: a fixed message, nothing echoed from elsewhere. */
class DemoWalletRefusal extends Error {
  constructor(readonly code: 'DEMO_UNKNOWN_FAULT' | 'DEMO_FOREIGN_URL' | 'DEMO_BAD_REQUEST') {
    super(code);
  }
}

function refusal(error: unknown): { code: string; message: string } {
  if (error instanceof DemoWalletRefusal) return { code: error.code, message: 'the test wallet refused the request' };
  return { code: 'DEMO_WALLET_FAILED', message: 'the test wallet could not answer this request' };
}

/** `POST /scan` (a QR link) and `POST /dc-api` (a DC API request). */
export function demoWalletRouter(options: DemoWalletOptions): Router {
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));
  const own = (url: string): string => {
    if (!url.startsWith(options.routerBase())) throw new DemoWalletRefusal('DEMO_FOREIGN_URL');
    return url;
  };

  // Cross-device OpenID4VP: what the phone does after scanning the QR code.
  router.post('/scan', async (req, res) => {
    try {
      const faults = faultOptions(req.body?.fault);
      const link = req.body?.link;
      if (typeof link !== 'string') throw new DemoWalletRefusal('DEMO_BAD_REQUEST');
      const { requestUri, requestUriMethod } = parseAuthorizationLink(link);
      const walletNonce = requestUriMethod === 'post' ? `demo-${Date.now().toString(36)}` : undefined;
      const fetched = await fetch(own(requestUri), walletNonce === undefined
        ? {}
        : { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ wallet_nonce: walletNonce }) });
      if (!fetched.ok) throw new Error('request_uri refused');
      const post = await answerOid4vp({
        requestObject: await fetched.text(),
        link,
        credentials: options.credentials,
        ...(walletNonce === undefined ? {} : { walletNonce }),
        ...faults,
      });
      const answered = await fetch(own(post.responseUri), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(post.body),
      });
      res.status(200).json({ walletPosted: true, status: answered.status });
    } catch (error) {
      res.status(400).json({ walletPosted: false, ...refusal(error) });
    }
  });

  // DC API: what the browser's credential picker hands back to the page.
  router.post('/dc-api', async (req, res) => {
    try {
      const faults = faultOptions(req.body?.fault);
      const request = req.body?.request as { protocol: string; data: Record<string, unknown> } | undefined;
      if (request === null || typeof request !== 'object' || typeof request.protocol !== 'string') throw new DemoWalletRefusal('DEMO_BAD_REQUEST');
      const common = { origin: options.origin(), credentials: options.credentials, ...faults };
      const data =
        request.protocol === 'org-iso-mdoc'
          ? await answerAnnexC({ ...common, request: request as Parameters<typeof answerAnnexC>[0]['request'] })
          : await answerAnnexD({ ...common, request });
      res.status(200).json({ protocol: request.protocol, data });
    } catch (error) {
      res.status(400).json(refusal(error));
    }
  });
  return router;
}
