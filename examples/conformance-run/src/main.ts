import { reviewOverHttp } from './index.js';

const outDir = process.argv[2] ?? 'conformance-report';
const purpose = process.argv[3] ?? 'aml_kyc_jp';
const { report, paths, startUrl } = await reviewOverHttp(outDir, purpose);
console.log(`reviewed ${report.target.name} at ${startUrl} for ${report.purpose.id} (${report.purpose.name.en})`);
for (const c of report.criteria) console.log(`${c.verdict.padEnd(14)} ${c.id.padEnd(26)} ${c.summary}`);
const s = report.summary;
const unmet = [...s.mandatoryFailed, ...s.mandatoryNotObserved.map((id) => `${id} (not observed)`)];
console.log(`\n${s.pass} passed, ${s.fail} failed, ${s.notApplicable} not applicable, ${s.notObserved} not observed, ${s.error} errors — ${s.conformant ? 'conformant' : `not met: ${unmet.join(', ')}`}`);
console.log(`reports: ${paths.html}\n         ${paths.json}\n         ${paths.junit}`);
process.exitCode = s.mandatoryFailed.length > 0 ? 1 : s.mandatoryNotObserved.length > 0 ? 3 : 0;
