#!/usr/bin/env node
// `pnpm demo`: starts the demo site and prints its URL. Options: --port <n> (default 3000, 0 for any),
// --host <h> (default 127.0.0.1).
import { parseArgs } from 'node:util';
import { startDemo } from './server.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '3000' }, host: { type: 'string', default: '127.0.0.1' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('--port must be an integer from 0 to 65535');
  process.exit(2);
}
const demo = await startDemo({ port, host: values.host });
console.log(`uketori demo — a relying-party site on test keys and the test wallet (never for production)`);
console.log(`open ${demo.url}`);
console.log('Ctrl-C stops it.');
const stop = (): void => void demo.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
