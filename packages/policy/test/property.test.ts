/**
 * Property: for random purposes (random subsets of a docType's elements, random requirements and
 * retention) and random holder answers (random disclosure, elements outside the purpose included,
 * and an extra validly signed unrequested element), the gated result never contains an element
 * outside the purpose — and keeps exactly what was both asked and sent.
 */
import { describe, expect, it } from 'vitest';
import { EU_PID_DOCTYPE, MDL_DOCTYPE, MY_NUMBER_CARD_DOCTYPE, MY_NUMBER_ACT_LAW_ID, definePurpose, elementName, gateResponse, isSensitiveValue, planRequest, type ElementRef } from '../src/index.js';
import { defaultEuPidHolder, defaultMdlHolder, defaultMyNumberCardHolder } from '@uketori/test-sender';
import { answerList, heldElements, holderAnswer, issue, NOW, pkiAt, type CredentialKind } from './helpers/holder.js';

/** mulberry32: a small seeded PRNG, so a failure can be replayed with UKETORI_PROPERTY_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const mnc = defaultMyNumberCardHolder();
const mdl = defaultMdlHolder();
const pid = defaultEuPidHolder();
/** Values the test holders carry; none may reach an audit record. */
const HOLDER_VALUES = [mnc.fullName, mnc.individualNumber, mnc.residentAddress, String(mnc.birthDate), mdl.familyName, mdl.documentNumber, String(mdl.birthDate), pid.familyName, pid.residentStreet, String(pid.birthDate)];

const SEED = Number(process.env['UKETORI_PROPERTY_SEED'] ?? 20261001);
const RUNS = 150;
const KINDS: readonly [CredentialKind, string][] = [['mnc', MY_NUMBER_CARD_DOCTYPE], ['mdl', MDL_DOCTYPE], ['eu_pid', EU_PID_DOCTYPE]];

describe('property: the gated output never contains an element outside the purpose', () => {
  it(`holds for ${RUNS} random purposes and holder answers (seed ${SEED})`, async () => {
    const random = prng(SEED);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const subset = <T>(list: readonly T[], p: number): T[] => list.filter(() => random() < p);
    const pki = await pkiAt(NOW);
    const credentials = new Map(await Promise.all(KINDS.map(async ([kind]) => [kind, await issue(kind, pki)] as const)));
    let gated = 0;
    let refusedAtLoad = 0;

    for (let run = 0; run < RUNS; run++) {
      const [kind, docType] = pick(KINDS);
      const credential = credentials.get(kind)!;
      const held = heldElements(credential);
      const chosen = subset(held, 0.35);
      if (chosen.length === 0) chosen.push(pick(held));
      const asksNumber = chosen.some((e) => e.identifier === 'individual_number_unicode');
      const withBasis = !asksNumber || random() < 0.5;
      const definition = {
        id: `property_${run}`,
        name: { ja: `性質テスト ${run}`, en: `property test ${run}` },
        userText: { ja: 'テスト', en: 'test' },
        legalBasis: asksNumber && withBasis ? [{ law: { ja: '番号法', en: 'My Number Act' }, lawId: MY_NUMBER_ACT_LAW_ID, article: { ja: '第16条', en: 'Art. 16' } }] : [],
        documents: [
          {
            docType,
            elements: chosen.map((e) => ({ ...e, ...(random() < 0.4 ? { required: true } : {}), ...(random() < 0.5 ? { retain: 'r' } : {}) })),
          },
        ],
        retention: { r: { period: 'P1Y', from: 'verification' } },
      };
      let purpose;
      try {
        purpose = definePurpose(definition);
      } catch (err) {
        // Only the individual number without a My Number basis may be refused.
        expect((err as { code?: string }).code).toBe('ERR_POLICY_MYNUMBER_BASIS');
        expect(asksNumber && !withBasis).toBe(true);
        refusedAtLoad++;
        continue;
      }
      const purposeNames = new Set(purpose.documents[0]!.elements.map(elementName));
      const plan = random() < 0.3 ? planRequest(purpose, { now: NOW, elements: 'all' }) : planRequest(purpose, { now: NOW, elements: subset(chosen, 0.5), retain: random() < 0.8 });
      const planned = new Set(plan.elements.map(elementName));

      // The holder discloses a random subset of everything it holds; maybe one more element on top.
      const disclosed = subset(held, 0.5);
      const notDisclosed = held.filter((h) => !disclosed.some((d) => elementName(d) === elementName(h)));
      const extra: ElementRef | undefined = notDisclosed.length > 0 && random() < 0.3 ? pick(notDisclosed) : undefined;
      const verified = await holderAnswer({ now: NOW, plans: [plan], credentials: [credential], answers: [answerList(docType, disclosed)], ...(extra === undefined ? {} : { extra }) });
      const result = gateResponse(purpose, plan, verified, { now: NOW, transactionId: `property-${run}` });
      gated++;

      const sent = new Set([...disclosed, ...(extra === undefined ? [] : [extra])].map(elementName));
      const kept = new Set<string>();
      for (const doc of result.documents) {
        for (const [ns, values] of Object.entries(doc.issuerSigned)) {
          for (const [id, value] of Object.entries(values)) {
            const name = `${ns}/${id}`;
            kept.add(name);
            expect(purposeNames.has(name), `${name} is outside the purpose`).toBe(true);
            expect(planned.has(name), `${name} was not requested`).toBe(true);
            expect(isSensitiveValue(value)).toBe(plan.elements.find((e) => elementName(e) === name)!.sensitive);
          }
        }
        for (const r of doc.retention) {
          const p = plan.elements.find((e) => elementName(e) === elementName(r))!;
          expect(r.retention.retain).toBe(p.intentToRetain);
        }
      }
      expect([...kept].sort()).toEqual([...sent].filter((n) => planned.has(n)).sort());
      expect(result.dropped.map(elementName).sort()).toEqual([...sent].filter((n) => !planned.has(n)).sort());
      const satisfied = (refs: readonly ElementRef[]) => refs.some((r) => kept.has(elementName(r)));
      const requirements = purpose.documents[0]!.elements.filter((e) => e.required === true);
      expect(result.outcome).toBe(requirements.every((e) => satisfied([e])) ? 'complete' : 'incomplete');
      const record = JSON.stringify(result.audit);
      for (const value of HOLDER_VALUES) expect(record.includes(value), 'a holder value reached the audit record').toBe(false);
    }
    expect(gated).toBeGreaterThan(RUNS / 2);
    expect(gated + refusedAtLoad).toBe(RUNS);
  });
});
