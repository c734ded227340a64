/** `pnpm --filter @uketori/example-kiosk start`: two customers at the kiosk, against test phones. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonLinesAuditSink } from '@uketori/policy';
import { runDemo } from './demo.js';

const audit = jsonLinesAuditSink(join(tmpdir(), 'uketori-kiosk-audit.jsonl'));
console.log('— customer 1: account opening (犯収法), QR code —');
await runDemo({ purpose: 'aml_kyc_jp', engagement: 'qr', audit });
console.log('— customer 2: age check, NFC negotiated handover —');
await runDemo({ purpose: 'age_20_plus', engagement: 'nfc-negotiated', audit });
await audit.close();
console.log(`audit records appended to ${audit.path}`);
