#!/usr/bin/env node
// Writes the generated files of @uketori/policy from the built package (run `pnpm build` first):
//   schema/purpose.schema.json  <- PURPOSE_SCHEMA
//   ../../docs/purposes.md      <- renderPurposesDocument(presetPurposes())
// test/generated.test.ts fails when either is out of date (UKETORI_UPDATE_GENERATED=1 rewrites them).
import { writeFile } from 'node:fs/promises';
import { PURPOSE_SCHEMA, presetPurposes, renderPurposesDocument } from '../dist/index.js';

const schema = new URL('../schema/purpose.schema.json', import.meta.url);
const docs = new URL('../../../docs/purposes.md', import.meta.url);
await writeFile(schema, `${JSON.stringify(PURPOSE_SCHEMA, null, 2)}\n`);
await writeFile(docs, renderPurposesDocument(presetPurposes()));
console.log(`wrote ${schema.pathname}\nwrote ${docs.pathname}`);
