/**
 * individual-number-scope (over HTTP) — 受信プログラムは番号法の事務以外で個人番号を要求せず、受け取らず、保存しない。
 * No individual number outside statutory My Number work: not in the DCQL query, not handed on.
 * Basis: 番号法 15条, 16条, 20条.
 *
 * @module
 */

import { conclude } from '../../checks/check.js';
import { goodAnswer, inspection, type HttpCriterionCheck } from '../steps.js';

const NUMBER = 'org.iso.23220.1.jp/individual_number_unicode';

export const check: HttpCriterionCheck = {
  id: 'individual-number-scope',
  async run(wallet) {
    const purpose = wallet.world.purpose;
    if (purpose.documents.some((d) => d.elements.some((e) => `${e.namespace}/${e.identifier}` === NUMBER))) {
      return { verdict: 'not-applicable', summary: `purpose "${purpose.id}" is My Number work: the individual number may be asked for`, evidence: [] };
    }
    const session = await wallet.session();
    const asked = session.credentials.some((q) => q.elements.some((e) => `${e.namespace}/${e.identifier}` === NUMBER));
    const request = inspection('inspect-dcql', 'the DCQL query of a new transaction', `no ${NUMBER}`, asked ? `asked for ${NUMBER}` : `did not ask for ${NUMBER}`, !asked);
    const good = await goodAnswer(wallet);
    const o = good.observation;
    const handedOn = o.kind === 'accepted' && [...(o.elements ?? []), ...(o.retained ?? [])].includes(NUMBER);
    const shown = o.kind === 'accepted' && o.elements !== undefined;
    const result = {
      ...good.evidence,
      expected: `accepted, without ${NUMBER} handed on or kept`,
      observed: `${good.evidence.observed}${handedOn ? `; handed on or kept ${NUMBER}` : shown ? '' : '; what was handed on is not observable (no result URL)'}`,
      passed: good.evidence.passed && !handedOn,
    };
    return conclude([request, result], `the individual number was neither asked for nor handed on under purpose "${purpose.id}"`);
  },
};
