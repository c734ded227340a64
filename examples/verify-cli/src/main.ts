#!/usr/bin/env node
// verify-capture <response> <transcript> <iaca.pem> [--crl <file>] [--reader-key <jwk.json>] [--now <ISO 8601>]
import { run } from './cli.js';

process.exitCode = await run(process.argv.slice(2));
