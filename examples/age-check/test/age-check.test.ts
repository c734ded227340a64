// The age check over real HTTP on loopback with the test-sender wallet: the request asks exactly
// one element, age_over_20, with intent_to_retain false (in the DC API DeviceRequest and in the
// OpenID4VP DCQL query); the browser learns only the boolean; the audit record holds no value.
import { base64urlDecode, decodeCbor, EncodedCbor, FullDate } from '@uketori/mdoc';
import { memoryAuditSink, type AuditRecord } from '@uketori/policy';
import { answerAnnexC, answerOid4vp, issueMyNumberCard, parseAuthorizationLink, type TestCredential } from '@uketori/test-sender';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgeCheck, type AgeCheckServer } from '../src/index.js';

const audit = memoryAuditSink();
let site: AgeCheckServer;
let adult: TestCredential;
let minor: TestCredential;
let cookie = '';

beforeAll(async () => {
  site = await startAgeCheck({ audit });
  adult = await issueMyNumberCard({ pki: site.testPki!, deviceKey: 'P-256' }); // born 1971
  const today = new Date();
  minor = await issueMyNumberCard({ pki: site.testPki!, deviceKey: 'P-256', holder: { birthDate: new FullDate(today.getUTCFullYear() - 19, 1, 1) } });
});
afterAll(() => site?.close());

interface Created {
  id: string;
  resultUrl: string;
  link?: string;
  completeUrl?: string;
  request?: { protocol: string; data: { deviceRequest: string; encryptionInfo: string } };
}

async function create(flow: 'oid4vp' | 'dc-api-annex-c'): Promise<Created> {
  const res = await fetch(`${site.url}/uketori/transactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: site.url, ...(cookie === '' ? {} : { cookie }) },
    body: JSON.stringify({ purpose: 'age_20_plus', flow }),
  });
  expect(res.status).toBe(201);
  cookie ||= res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return (await res.json()) as Created;
}

/** Everything in a JSON value that is not an object key: the leaves. */
function leaves(value: unknown): unknown[] {
  if (value === null || typeof value !== 'object') return [value];
  return Object.values(value).flatMap(leaves);
}

describe('what the age check asks', () => {
  it('DC API: the DeviceRequest asks age_over_20 only, with intent_to_retain false', async () => {
    const tx = await create('dc-api-annex-c');
    const deviceRequest = decodeCbor(base64urlDecode(tx.request!.data.deviceRequest)) as Map<string, unknown>;
    const docRequests = deviceRequest.get('docRequests') as Map<string, unknown>[];
    expect(docRequests).toHaveLength(1);
    const items = (docRequests[0]!.get('itemsRequest') as EncodedCbor<Map<string, unknown>>).decode();
    expect(items.get('docType')).toBe('org.iso.23220.1.jp.mnc');
    const nameSpaces = items.get('nameSpaces') as Map<string, Map<string, boolean>>;
    expect([...nameSpaces].map(([ns, els]) => [ns, [...els]])).toEqual([['org.iso.23220.1', [['age_over_20', false]]]]);
  });

  it('OpenID4VP: the DCQL query asks age_over_20 only, with intent_to_retain false', async () => {
    const tx = await create('oid4vp');
    const jwt = await (await fetch(parseAuthorizationLink(tx.link!).requestUri)).text();
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { dcql_query: { credentials: { meta: { doctype_value: string }; claims: unknown[] }[] } };
    expect(payload.dcql_query.credentials).toHaveLength(1);
    expect(payload.dcql_query.credentials[0]!.meta.doctype_value).toBe('org.iso.23220.1.jp.mnc');
    expect(payload.dcql_query.credentials[0]!.claims).toEqual([{ path: ['org.iso.23220.1', 'age_over_20'], intent_to_retain: false }]);
  });
});

describe('what the age check answers', () => {
  it('DC API: over 20 — the result is that one boolean and nothing else', async () => {
    const tx = await create('dc-api-annex-c');
    const data = await answerAnnexC({ request: tx.request!, origin: site.url, credentials: [adult] });
    const res = await fetch(tx.completeUrl!, { method: 'POST', headers: { 'content-type': 'application/json', origin: site.url, cookie }, body: JSON.stringify({ protocol: 'org-iso-mdoc', data }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: unknown };
    expect(body.result).toEqual({ over20: true });
  });

  it('OpenID4VP: under 20 — the result says no, and nothing else', async () => {
    const tx = await create('oid4vp');
    const { requestUri } = parseAuthorizationLink(tx.link!);
    const post = await answerOid4vp({ requestObject: await (await fetch(requestUri)).text(), link: tx.link!, credentials: [minor] });
    expect((await fetch(post.responseUri, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(post.body) })).status).toBe(200);
    const view = (await (await fetch(`${tx.resultUrl}?wait=5`, { headers: { cookie } })).json()) as { ok: boolean; result: unknown };
    expect(view).toMatchObject({ ok: true });
    expect(view.result).toEqual({ over20: false });
  });

  it('a wallet that over-discloses is still answered with the boolean only; the extra element is dropped', async () => {
    const tx = await create('dc-api-annex-c');
    const data = await answerAnnexC({ request: tx.request!, origin: site.url, credentials: [adult], onlineFaults: ['over-disclosure'] });
    const res = await fetch(tx.completeUrl!, { method: 'POST', headers: { 'content-type': 'application/json', origin: site.url, cookie }, body: JSON.stringify({ protocol: 'org-iso-mdoc', data }) });
    expect(((await res.json()) as { result: unknown }).result).toEqual({ over20: true });
    const record = audit.records.find((r) => r.transactionId === tx.id && r.decision === 'response')!;
    expect(Object.values(record.documents[0]!.dropped).flat().length).toBeGreaterThan(0);
  });

  it('a tampered answer is refused with ERR_VALUE_DIGEST', async () => {
    const tx = await create('dc-api-annex-c');
    const data = await answerAnnexC({ request: tx.request!, origin: site.url, credentials: [adult], faults: ['tampered-value'] });
    const res = await fetch(tx.completeUrl!, { method: 'POST', headers: { 'content-type': 'application/json', origin: site.url, cookie }, body: JSON.stringify({ protocol: 'org-iso-mdoc', data }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('ERR_VALUE_DIGEST');
  });
});

describe('what the age check keeps', () => {
  it('the audit records name age_over_20, retain nothing, and hold no value', () => {
    const responses = audit.records.filter((r: AuditRecord) => r.decision === 'response' && r.outcome === 'complete');
    expect(responses.length).toBeGreaterThanOrEqual(3);
    for (const record of audit.records) {
      expect(record.purposeId).toBe('age_20_plus');
      // Names, codes, times, the version number: no boolean, so no answer, anywhere in a record.
      expect(leaves(record).some((leaf) => typeof leaf === 'boolean')).toBe(false);
      for (const doc of record.documents) expect(doc.retained).toEqual({});
    }
    expect(responses[0]!.documents[0]!.received).toEqual({ 'org.iso.23220.1': ['age_over_20'] });
  });
});
