#!/usr/bin/env node
import { main } from './index.js';

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`uketori: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
