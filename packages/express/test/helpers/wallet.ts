// The test-sender wallet driven over HTTP: it fetches request_uri, answers with @uketori/test-sender
// and posts to response_uri, like a phone would; for DC API flows the page relays the credential.

import type { KeyObject } from 'node:crypto';
import { answerAnnexC, answerAnnexD, answerAppleInApp, answerOid4vp, parseAuthorizationLink, type OnlineFaultId, type TestCredential } from '@uketori/test-sender';
import { APPLE_IDS, PUBLIC_ORIGIN, via, type Browser, type Server } from './http.js';

export interface WalletOptions {
  readonly credentials: readonly TestCredential[];
  readonly onlineFaults?: readonly OnlineFaultId[];
  readonly faults?: readonly string[];
}

/** The wallet's form post, prepared but not sent (to replay it or send it elsewhere). */
export interface PreparedPost {
  readonly responseUri: string;
  readonly body: Record<string, string>;
}

/** Scans the link, fetches the request object (GET, or POST with a wallet_nonce) and prepares the answer. */
export async function walletAnswer(server: Server | (() => Server), link: string, options: WalletOptions): Promise<PreparedPost> {
  const { requestUri, requestUriMethod } = parseAuthorizationLink(link);
  const walletNonce = requestUriMethod === 'post' ? `wn-${Math.random().toString(36).slice(2)}` : undefined;
  const res =
    walletNonce === undefined
      ? await fetch(via(server, requestUri))
      : await fetch(via(server, requestUri), {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/oauth-authz-req+jwt' },
          body: new URLSearchParams({ wallet_nonce: walletNonce }),
        });
  if (res.status !== 200) throw new Error(`request_uri answered ${res.status}: ${await res.text()}`);
  const requestObject = await res.text();
  return answerOid4vp({
    requestObject,
    link,
    credentials: options.credentials,
    ...(walletNonce === undefined ? {} : { walletNonce }),
    ...(options.onlineFaults === undefined ? {} : { onlineFaults: options.onlineFaults }),
    ...(options.faults === undefined ? {} : { faults: options.faults as never }),
  });
}

/** Sends a prepared answer to response_uri. */
export function walletPost(server: Server | (() => Server), post: PreparedPost): Promise<Response> {
  return fetch(via(server, post.responseUri), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(post.body) });
}

/** What `navigator.credentials.get` would return to the page for a DC API request. */
export async function dcApiCredential(
  request: { protocol: string; data: Record<string, unknown> },
  options: WalletOptions & { readonly origin?: string },
): Promise<{ protocol: string; data: unknown }> {
  const common = {
    origin: options.origin ?? PUBLIC_ORIGIN,
    credentials: options.credentials,
    ...(options.onlineFaults === undefined ? {} : { onlineFaults: options.onlineFaults }),
    ...(options.faults === undefined ? {} : { faults: options.faults as never }),
  };
  const data =
    request.protocol === 'org-iso-mdoc'
      ? await answerAnnexC({ ...common, request: request as never })
      : await answerAnnexD({ ...common, request });
  return { protocol: request.protocol, data };
}

/** The page relays the credential to the router's completion endpoint. */
export function pageComplete(server: Server | (() => Server), browser: Browser, completeUrl: string, credential: unknown): Promise<Response> {
  return browser.postJson(via(server, completeUrl), credential);
}

/**
 * What Wallet hands the app for an in-app request (`PKIdentityDocument.encryptedData`), as the app
 * would send it: standard base64. `tx` is the create answer (nonce, docType, elements).
 */
export async function appEncryptedData(tx: { nonce: string; docType: string; elements: { namespace: string; identifier: string }[] }, merchantPublicKey: KeyObject, options: WalletOptions): Promise<string> {
  const nameSpaces: Record<string, string[]> = {};
  for (const e of tx.elements) (nameSpaces[e.namespace] ??= []).push(e.identifier);
  const data = await answerAppleInApp({
    nonce: tx.nonce,
    ...APPLE_IDS,
    recipientPublicKey: merchantPublicKey,
    request: { docType: tx.docType, nameSpaces },
    credentials: options.credentials,
    ...(options.onlineFaults === undefined ? {} : { onlineFaults: options.onlineFaults }),
    ...(options.faults === undefined ? {} : { faults: options.faults as never }),
  });
  return Buffer.from(data).toString('base64');
}

/** The app posts the envelope to the transaction's completion URL (with its binding cookie). */
export function appComplete(server: Server | (() => Server), app: Browser, completeUrl: string, encryptedData: string): Promise<Response> {
  return app.postJson(via(server, completeUrl), { encryptedData });
}
