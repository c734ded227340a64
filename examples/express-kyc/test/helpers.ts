// A browser (cookie jar, Origin header on POSTs) and the test-sender wallet, over real HTTP on loopback.
import { answerAnnexC, answerOid4vp, parseAuthorizationLink, type FaultId, type OnlineFaultId, type TestCredential } from '@uketori/test-sender';

export class Browser {
  readonly #jar = new Map<string, string>();
  constructor(readonly origin: string) {}

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.#jar.size > 0) headers.set('cookie', [...this.#jar].map(([k, v]) => `${k}=${v}`).join('; '));
    if ((init.method ?? 'GET') !== 'GET') headers.set('origin', this.origin);
    const res = await fetch(url, { redirect: 'manual', ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const value = pair!.slice(eq + 1).trim();
      if (value === '') this.#jar.delete(pair!.slice(0, eq).trim());
      else this.#jar.set(pair!.slice(0, eq).trim(), value);
    }
    return res;
  }

  postJson(url: string, body: unknown): Promise<Response> {
    return this.fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }
}

export interface CreatedTransaction {
  readonly id: string;
  readonly resultUrl: string;
  readonly link?: string;
  readonly completeUrl?: string;
  readonly request?: { protocol: string; data: { deviceRequest: string; encryptionInfo: string } };
}

/** The page starts a KYC transaction. */
export async function createTransaction(browser: Browser, flow: 'oid4vp' | 'dc-api-annex-c'): Promise<CreatedTransaction> {
  const res = await browser.postJson(`${browser.origin}/uketori/transactions`, { purpose: 'aml_kyc_jp', flow });
  if (res.status !== 201) throw new Error(`create answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as CreatedTransaction;
}

export interface WalletFaults {
  readonly faults?: readonly FaultId[];
  readonly onlineFaults?: readonly OnlineFaultId[];
}

/** The phone after scanning the QR code: fetch request_uri, answer, post to response_uri. */
export async function walletScans(link: string, credentials: readonly TestCredential[], faults: WalletFaults = {}): Promise<Response> {
  const { requestUri } = parseAuthorizationLink(link);
  const requestObject = await (await fetch(requestUri)).text();
  const post = await answerOid4vp({ requestObject, link, credentials, ...faults });
  return fetch(post.responseUri, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(post.body) });
}

/** The iPhone: what navigator.credentials.get returns for an org-iso-mdoc request. */
export async function walletAnswersDcApi(tx: CreatedTransaction, origin: string, credentials: readonly TestCredential[], faults: WalletFaults = {}): Promise<{ protocol: string; data: unknown }> {
  const data = await answerAnnexC({ request: tx.request!, origin, credentials, ...faults });
  return { protocol: 'org-iso-mdoc', data };
}

/** Reads the transaction's result as its page does (long poll). */
export async function resultOf(browser: Browser, tx: CreatedTransaction): Promise<{ ok: boolean; outcome?: string; result?: unknown; error?: { code: string } }> {
  return (await (await browser.fetch(`${tx.resultUrl}?wait=5`)).json()) as { ok: boolean; outcome?: string; result?: unknown; error?: { code: string } };
}
