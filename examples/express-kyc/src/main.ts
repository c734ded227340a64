#!/usr/bin/env node
// `pnpm --filter @uketori/example-express-kyc start`: the onboarding site. PORT (default 3000) and
// HOST (default 127.0.0.1); everything else from the environment (see the README).
import { startKycServer } from './server.js';

const port = Number(process.env['PORT'] ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('PORT must be an integer from 0 to 65535');
  process.exit(2);
}
let site;
try {
  site = await startKycServer({ port, host: process.env['HOST'] ?? '127.0.0.1' });
} catch (err) {
  console.error(`configuration: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
if (site.config.testPki !== undefined) {
  console.log('TEST PKI: only @uketori/test-sender credentials verify here (never for production)');
}
console.log(`uketori express-kyc — open ${site.config.publicOrigin}/ (listening on ${site.url})`);
const stop = (): void => void site.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
