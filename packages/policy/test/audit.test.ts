/**
 * The audit log: one JSON line per decision (request issued or refused, response complete,
 * incomplete or rejected), append-only and fsync'd, carrying names and never element values.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64urlEncode } from '@uketori/mdoc';
import { defaultMyNumberCardHolder, japaneseBirthDate, MY_NUMBER_CARD_DOCTYPE, MDL_DOCTYPE, MDL_NAMESPACE } from '@uketori/test-sender';
import { AuditError, createPolicyGate, jsonLinesAuditSink, memoryAuditSink, type AuditRecord } from '../src/index.js';
import { answerList, holderAnswer, issue, NOW, pkiAt } from './helpers/holder.js';

const JP = 'org.iso.23220.1.jp';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uketori-audit-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (err: { code?: string }) => err.code,
  );
}

describe('audit log', () => {
  it('gets one line per decision and no element values', async () => {
    const path = join(dir, 'audit.jsonl');
    const gate = createPolicyGate({ audit: path, clock: () => NOW });
    const pki = await pkiAt(NOW);
    const card = await issue('mnc', pki);
    const cardWithoutPortrait = await issue('mnc', pki, [{ namespace: JP, identifier: 'portrait' }]);
    const mdl = await issue('mdl', pki);

    // 1. request issued, 2. response complete (the unrequested individual number dropped)
    const aml = await gate.request('aml_kyc_jp', { transactionId: 'tx-1' });
    const verified = await holderAnswer({ now: NOW, plans: aml.plans, credentials: [card], extra: { namespace: JP, identifier: 'individual_number_unicode' } });
    const result = await gate.response(aml, verified);
    expect(result.outcome).toBe('complete');
    // 3. request issued, 4. response incomplete
    const aml2 = await gate.request('aml_kyc_jp', { transactionId: 'tx-2' });
    expect((await gate.response(aml2, await holderAnswer({ now: NOW, plans: aml2.plans, credentials: [cardWithoutPortrait] }))).outcome).toBe('incomplete');
    // 5. request issued, 6. response rejected (an mDL for a My Number Card purpose)
    const aml3 = await gate.request('aml_kyc_jp', { transactionId: 'tx-3' });
    const wrong = await holderAnswer({ now: NOW, plans: aml3.plans, credentials: [mdl], answers: [answerList(MDL_DOCTYPE, [{ namespace: MDL_NAMESPACE, identifier: 'family_name' }])] });
    expect(await codeOf(gate.response(aml3, wrong))).toBe('ERR_POLICY_DOCTYPE');
    // 7. request refused (over-request), 8. refused (not permitted), 9. refused (unknown purpose), 10. OIDC scopes issued
    expect(await codeOf(gate.request('age_20_plus', { transactionId: 'tx-4', elements: [{ namespace: JP, identifier: 'individual_number_unicode' }] }))).toBe('ERR_POLICY_OVER_REQUEST');
    expect(await codeOf(gate.request('secondhand_dealer_jp', { transactionId: 'tx-5' }))).toBe('ERR_POLICY_NOT_PERMITTED');
    expect(await codeOf(gate.request('no_such_purpose', { transactionId: 'tx-6' }))).toBe('ERR_POLICY_UNKNOWN_PURPOSE');
    expect((await gate.oidcRequest('aml_kyc_jp', { transactionId: 'tx-7' })).scopes).toEqual(['openid', 'name', 'address', 'birthdate']);
    await gate.close();

    const text = await readFile(path, 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    const records = lines.map((l) => JSON.parse(l) as AuditRecord);
    expect(records.map((r) => [r.transactionId, r.decision, r.outcome, r.code ?? null])).toEqual([
      ['tx-1', 'request', 'requested', null],
      ['tx-1', 'response', 'complete', null],
      ['tx-2', 'request', 'requested', null],
      ['tx-2', 'response', 'incomplete', null],
      ['tx-3', 'request', 'requested', null],
      ['tx-3', 'response', 'rejected', 'ERR_POLICY_DOCTYPE'],
      ['tx-4', 'request', 'refused', 'ERR_POLICY_OVER_REQUEST'],
      ['tx-5', 'request', 'refused', 'ERR_POLICY_NOT_PERMITTED'],
      ['tx-6', 'request', 'refused', 'ERR_POLICY_UNKNOWN_PURPOSE'],
      ['tx-7', 'request', 'requested', null],
    ]);
    const complete = records[1]!;
    expect(complete.legalBasis).toEqual(['犯罪による収益の移転防止に関する法律施行規則 第6条第1項第1号ル']);
    expect(complete.documents[0]).toMatchObject({
      docType: MY_NUMBER_CARD_DOCTYPE,
      issuer: expect.stringMatching(/^[0-9a-f]{40}$/),
      dropped: { [JP]: ['individual_number_unicode'] },
      missing: [],
    });
    expect([...complete.documents[0]!.received[JP]!].sort()).toEqual(['birth_date_unicode', 'full_name_unicode', 'portrait', 'resident_address_unicode']);
    expect(records[3]!.documents[0]!.missing).toEqual([`${JP}/portrait`]);
    expect(records[6]!.element).toBe(`${JP}/individual_number_unicode`);
    // The OIDC request rests on the JPKI method, not on ル (the card-substitute record).
    expect(records[9]!.legalBasis).toEqual(['犯罪による収益の移転防止に関する法律施行規則 第6条第1項第1号カ']);

    // No element value anywhere in the file: not the name, the number, the address, the birth
    // date (either form) nor the portrait bytes.
    const holder = defaultMyNumberCardHolder();
    for (const value of [
      holder.fullName,
      holder.fullName.split('\u3000')[0]!,
      holder.individualNumber,
      holder.residentAddress,
      String(holder.birthDate),
      japaneseBirthDate(holder.birthDate),
      base64urlEncode(holder.portrait).slice(0, 24),
      Buffer.from(holder.portrait).toString('base64').slice(0, 24),
      Buffer.from(holder.portrait).toString('hex').slice(0, 24),
    ]) {
      expect(text.includes(value), 'a holder value reached the audit log').toBe(false);
    }
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('appends: a second writer adds lines after the first', async () => {
    const path = join(dir, 'append.jsonl');
    for (const id of ['a', 'b']) {
      const gate = createPolicyGate({ audit: jsonLinesAuditSink(path), clock: () => NOW });
      await gate.request('age_20_plus', { transactionId: id });
      await gate.close();
    }
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as AuditRecord);
    expect(lines.map((r) => r.transactionId)).toEqual(['a', 'b']);
  });

  it('withholds the decision when the record cannot be written', async () => {
    const failing = { write: () => Promise.reject(new Error('disk full')) };
    const gate = createPolicyGate({ audit: failing, clock: () => NOW });
    const err = await gate.request('age_20_plus').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuditError);
    expect((err as AuditError).code).toBe('ERR_POLICY_AUDIT');
    // A refusal whose record cannot be written is withheld the same way.
    expect(await codeOf(gate.request('secondhand_dealer_jp'))).toBe('ERR_POLICY_AUDIT');
    // A directory is not a writable file: the JSON Lines sink fails closed too.
    const broken = createPolicyGate({ audit: dir, clock: () => NOW });
    expect(await codeOf(broken.request('age_20_plus'))).toBe('ERR_POLICY_AUDIT');
    await broken.close();
  });

  it('refuses a transaction id that could carry free text', async () => {
    const gate = createPolicyGate({ audit: memoryAuditSink(), clock: () => NOW });
    expect(await codeOf(gate.request('age_20_plus', { transactionId: '番号 花子' }))).toBe('ERR_INVALID_ARG_VALUE');
  });
});
