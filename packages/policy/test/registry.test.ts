/**
 * Purposes as data: the presets are valid against the published schema file (usable by any JSON
 * Schema 2020-12 validator), custom purposes load from files through the same checks, and the
 * documented opt-out for unknown elements is explicit.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPurposeRegistry, definePurpose, getPurpose, loadPurposeFile, MAX_PURPOSE_FILE_BYTES, PRESET_DEFINITIONS, PurposeDefinitionError } from '../src/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uketori-purposes-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const custom = {
  id: 'club_jp',
  name: { ja: 'クラブ', en: 'Club' },
  userText: { ja: '氏名を確認します。', en: 'We check your name.' },
  legalBasis: [],
  documents: [{ docType: 'org.iso.23220.1.jp.mnc', elements: [{ namespace: 'org.iso.23220.1.jp', identifier: 'full_name_unicode', required: true }] }],
};

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (err: { code?: string }) => err.code,
  );
}

describe('the published schema', () => {
  it('validates every preset with a plain JSON Schema 2020-12 validator', async () => {
    const schema = JSON.parse(await readFile(new URL('../schema/purpose.schema.json', import.meta.url), 'utf8')) as object;
    const validate = new Ajv2020({ strict: true }).compile(schema);
    for (const def of PRESET_DEFINITIONS) expect(validate(def), `${def.id}: ${JSON.stringify(validate.errors)}`).toBe(true);
  });

  it('lets only mynumber_collection_jp among the presets ask for the individual number', () => {
    const asking = PRESET_DEFINITIONS.filter((d) => d.documents.some((doc) => doc.elements.some((e) => e.identifier === 'individual_number_unicode')));
    expect(asking.map((d) => d.id)).toEqual(['mynumber_collection_jp']);
  });
});

describe('loading custom purposes', () => {
  it('reads one definition, an array, or { purposes: [...] }', async () => {
    const one = join(dir, 'one.json');
    const list = join(dir, 'list.json');
    const wrapped = join(dir, 'wrapped.json');
    await writeFile(one, JSON.stringify(custom));
    await writeFile(list, JSON.stringify([custom, { ...custom, id: 'club2_jp' }]));
    await writeFile(wrapped, JSON.stringify({ purposes: [custom] }));
    expect((await loadPurposeFile(one)).map((p) => p.id)).toEqual(['club_jp']);
    expect((await loadPurposeFile(list)).map((p) => p.id)).toEqual(['club_jp', 'club2_jp']);
    const registry = createPurposeRegistry({ custom: await loadPurposeFile(wrapped) });
    expect(registry.get('club_jp').origin).toBe('custom');
    expect(registry.get('aml_kyc_jp').origin).toBe('preset');
    expect(createPurposeRegistry({ custom: [custom], presets: false }).list().map((p) => p.id)).toEqual(['club_jp']);
  });

  it('refuses a file that is not JSON, or too large, without quoting it', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"id": "番号　花子",');
    const err = (await loadPurposeFile(bad).catch((e: unknown) => e)) as PurposeDefinitionError;
    expect(err).toBeInstanceOf(PurposeDefinitionError);
    expect(err.code).toBe('ERR_POLICY_SCHEMA');
    expect(err.message).not.toContain('花子');
    const big = join(dir, 'big.json');
    await writeFile(big, ' '.repeat(MAX_PURPOSE_FILE_BYTES + 1));
    expect(await codeOf(loadPurposeFile(big))).toBe('ERR_POLICY_SCHEMA');
  });

  it('re-checks a Purpose object handed to the registry from its definition', () => {
    const purpose = definePurpose(custom);
    const forged = { ...purpose, definition: { ...custom, documents: [{ docType: 'org.iso.23220.1.jp.mnc', elements: [{ namespace: 'org.iso.23220.1.jp', identifier: 'individual_number_unicode' }] }] } };
    expect(() => createPurposeRegistry({ custom: [forged] })).toThrow(expect.objectContaining({ code: 'ERR_POLICY_MYNUMBER_BASIS' }));
  });

  it('accepts elements uketori does not know only with the explicit opt-out', () => {
    const future = { ...custom, documents: [{ docType: 'org.iso.23220.1.jp.mnc', elements: [{ namespace: 'org.iso.23220.1.jp', identifier: 'nationality_unicode', required: true }] }] };
    expect(() => definePurpose(future)).toThrow(expect.objectContaining({ code: 'ERR_POLICY_SCHEMA' }));
    const p = definePurpose(future, { unknownElements: 'allow' });
    expect(p.documents[0]!.elements[0]!.sensitive).toBe(false);
    // an unknown docType is the business's own: any element, sensitivity as declared
    const own = definePurpose({ ...custom, documents: [{ docType: 'com.example.member.1', elements: [{ namespace: 'com.example', identifier: 'member_id', sensitive: true }] }] });
    expect(own.documents[0]!.elements[0]!.sensitive).toBe(true);
  });

  it('names the problems by JSON pointer', () => {
    try {
      definePurpose({ ...custom, id: 'X', userText: 3 });
      expect.unreachable();
    } catch (err) {
      expect((err as PurposeDefinitionError).details.problems?.map((p) => p.path).sort()).toEqual(['/id', '/userText']);
    }
  });

  it('an unknown preset id is a coded error', () => {
    expect(() => getPurpose('nope')).toThrow(expect.objectContaining({ code: 'ERR_POLICY_UNKNOWN_PURPOSE' }));
  });
});
