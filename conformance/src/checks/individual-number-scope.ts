/**
 * individual-number-scope — 受信プログラムは番号法の事務以外で個人番号を要求せず、受け取らず、保存しない。
 * No individual number outside statutory My Number work.
 * Basis: 番号法 15条, 16条, 20条.
 *
 * @module
 */

import { goodAnswer, inspection, outcomeNames, readRequest } from '../drive.js';
import { conclude, type CriterionCheck } from './check.js';

const NUMBER = 'org.iso.23220.1.jp/individual_number_unicode';

export const check: CriterionCheck = {
  id: 'individual-number-scope',
  async run(wallet) {
    const purpose = wallet.world.purpose;
    if (purpose.documents.some((d) => d.elements.some((e) => `${e.namespace}/${e.identifier}` === NUMBER))) {
      return { verdict: 'not-applicable', summary: `purpose "${purpose.id}" is My Number work: the individual number may be asked for`, evidence: [] };
    }
    const read = await readRequest(wallet);
    if ('failed' in read) return conclude([read.failed], '');
    const asked = read.request.docRequests.some((d) => d.elements.some((e) => `${e.namespace}/${e.identifier}` === NUMBER));
    const request = inspection('inspect-request', 'the DeviceRequest of a new transaction', `no ${NUMBER}`, asked ? `asked for ${NUMBER}` : `did not ask for ${NUMBER}`, !asked);
    const good = await goodAnswer(wallet);
    const handedOn = good.observation.kind === 'accepted' && [...outcomeNames(good.observation.outcome.elements), ...outcomeNames(good.observation.outcome.retained)].includes(NUMBER);
    const result = { ...good.evidence, expected: `accepted, without ${NUMBER} handed on or kept`, passed: good.evidence.passed && !handedOn, ...(handedOn ? { observed: `${good.evidence.observed}; handed on or kept ${NUMBER}` } : {}) };
    return conclude([request, result], `the individual number was neither asked for nor kept under purpose "${purpose.id}"`);
  },
};
