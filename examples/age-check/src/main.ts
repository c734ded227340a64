#!/usr/bin/env node
// `pnpm --filter @uketori/example-age-check start`: the age check on test keys. PORT (default 3000), HOST (default 127.0.0.1).
import { startAgeCheck } from './server.js';

const port = Number(process.env['PORT'] ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('PORT must be an integer from 0 to 65535');
  process.exit(2);
}
const site = await startAgeCheck({ port, host: process.env['HOST'] ?? '127.0.0.1' });
console.log('uketori age-check on TEST keys (only @uketori/test-sender credentials verify; never for production)');
console.log(`open ${site.url}/`);
const stop = (): void => void site.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
