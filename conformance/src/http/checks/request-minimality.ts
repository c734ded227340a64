/**
 * request-minimality (over HTTP) — 受信プログラムは目的に必要な要素だけを要求する (DCQL)。
 * The DCQL query of the signed request asks only for elements the purpose lists.
 * Basis: 犯収法施行規則 6条1項1号ル; 個人情報保護法 18条1項, 20条1項; OpenID4VP 1.0 §6, Appendix B.2.3.
 *
 * @module
 */

import { names } from '../../drive.js';
import { conclude } from '../../checks/check.js';
import { inspection, type HttpCriterionCheck } from '../steps.js';

export const check: HttpCriterionCheck = {
  id: 'request-minimality',
  async run(wallet) {
    const session = await wallet.session();
    const purpose = wallet.world.purpose;
    const beyond: string[] = [];
    for (const query of session.credentials) {
      const allowed = purpose.documents.find((d) => d.docType === query.docType);
      if (allowed === undefined) beyond.push(`docType ${query.docType}`);
      else beyond.push(...names(query.elements.filter((e) => !allowed.elements.some((a) => a.namespace === e.namespace && a.identifier === e.identifier))));
    }
    const asked = [...new Set(session.credentials.flatMap((q) => names(q.elements)))];
    const evidence = inspection(
      'inspect-dcql',
      'the DCQL query of a new transaction\'s request object',
      `a readable DCQL query asking only for what purpose "${purpose.id}" lists`,
      session.dcqlProblem !== undefined ? `unreadable: ${session.dcqlProblem}` : `asked for ${asked.join(', ') || 'nothing'}${beyond.length === 0 ? '' : `; beyond the purpose: ${beyond.join(', ')}`}`,
      session.dcqlProblem === undefined && beyond.length === 0 && session.credentials.length > 0,
    );
    return conclude([evidence], 'every requested element is one the purpose lists');
  },
};
