#!/usr/bin/env node
/**
 * `uketori-conformance`: the conformance command on its own (also `uketori conformance`).
 *
 * @module
 */

import { runConformanceCommand } from './cli.js';

const args = process.argv.slice(2);
process.exitCode = await runConformanceCommand(args[0] === 'conformance' ? args.slice(1) : args);
