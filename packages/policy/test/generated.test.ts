/**
 * Generated files stay in sync with the code: the published JSON Schema file with PURPOSE_SCHEMA,
 * and docs/purposes.md with the presets. `UKETORI_UPDATE_GENERATED=1` rewrites them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { PURPOSE_SCHEMA, presetPurposes, renderPurposesDocument } from '../src/index.js';

const update = process.env['UKETORI_UPDATE_GENERATED'] === '1';

async function inSync(url: URL, expected: string): Promise<void> {
  if (update) await writeFile(url, expected);
  const actual = await readFile(url, 'utf8').catch(() => '(missing)');
  expect(actual, `${url.pathname} is out of date: run with UKETORI_UPDATE_GENERATED=1`).toBe(expected);
}

describe('generated files', () => {
  it('schema/purpose.schema.json is PURPOSE_SCHEMA', async () => {
    await inSync(new URL('../schema/purpose.schema.json', import.meta.url), `${JSON.stringify(PURPOSE_SCHEMA, null, 2)}\n`);
  });

  it('docs/purposes.md is rendered from the presets', async () => {
    await inSync(new URL('../../../docs/purposes.md', import.meta.url), renderPurposesDocument(presetPurposes()));
  });

  it('the package exports the schema file', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown>; files: string[] };
    expect(pkg.exports['./purpose.schema.json']).toBe('./schema/purpose.schema.json');
    expect(pkg.files).toContain('schema');
  });
});
