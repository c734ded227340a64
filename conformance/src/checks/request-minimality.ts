/**
 * request-minimality — 受信プログラムは目的に必要な要素だけを要求する。
 * The program asks only for elements its purpose lists.
 * Basis: 犯収法施行規則 6条1項1号ル; 個人情報保護法 18条1項, 20条1項; ISO/IEC 18013-5 §8.3.2.1.2.1.
 *
 * @module
 */

import { inspection, names, readRequest } from '../drive.js';
import { conclude, type CriterionCheck } from './check.js';

export const check: CriterionCheck = {
  id: 'request-minimality',
  async run(wallet) {
    const read = await readRequest(wallet);
    if ('failed' in read) return conclude([read.failed], '');
    const purpose = wallet.world.purpose;
    const beyond: string[] = [];
    for (const doc of read.request.docRequests) {
      const allowed = purpose.documents.find((d) => d.docType === doc.docType);
      if (allowed === undefined) beyond.push(`docType ${doc.docType}`);
      else beyond.push(...names(doc.elements.filter((e) => !allowed.elements.some((a) => a.namespace === e.namespace && a.identifier === e.identifier))));
    }
    const asked = read.request.docRequests.flatMap((d) => names(d.elements));
    const evidence = inspection(
      'inspect-request',
      'the DeviceRequest of a new transaction',
      `only what purpose "${purpose.id}" lists`,
      `asked for ${asked.join(', ') || 'nothing'}${beyond.length === 0 ? '' : `; beyond the purpose: ${beyond.join(', ')}`}`,
      beyond.length === 0 && read.request.docRequests.length > 0,
    );
    return conclude([evidence], 'every requested element is one the purpose lists');
  },
};
