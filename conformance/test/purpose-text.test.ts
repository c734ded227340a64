/**
 * The purpose-shown judgement: a purpose text must say whether the data is kept, as the purpose
 * has it, and must not carry a personal value.
 */
import { createPurposeRegistry } from '@uketori/policy';
import { describe, expect, it } from 'vitest';
import { judgePurposeText } from '../src/purpose-text.js';

const registry = createPurposeRegistry();
const kyc = registry.get('aml_kyc_jp');
const age = registry.get('age_20_plus');

describe('judgePurposeText', () => {
  it('passes every preset\'s own text, in either language alone', () => {
    for (const purpose of registry.list().filter((p) => p.status === 'available')) {
      expect(judgePurposeText(purpose.userText, purpose, []).passed, purpose.id).toBe(true);
      expect(judgePurposeText({ ja: purpose.userText.ja }, purpose, []).passed, purpose.id).toBe(true);
      expect(judgePurposeText({ en: purpose.userText.en }, purpose, []).passed, purpose.id).toBe(true);
    }
  });

  it('fails a text that is silent on retention, or says the opposite of the purpose', () => {
    expect(judgePurposeText({ ja: '本人確認のため、氏名と住所を確認します。', en: 'We check your name and address.' }, kyc, [])).toMatchObject({ passed: false, observed: expect.stringContaining('does not say that the data is kept') });
    expect(judgePurposeText({ en: 'We check your name and address and keep nothing.' }, kyc, []).passed).toBe(false);
    expect(judgePurposeText({ ja: '20歳以上かどうかを確認します。' }, age, [])).toMatchObject({ passed: false, observed: expect.stringContaining('does not say that nothing is kept') });
    expect(judgePurposeText({ en: 'We check your age and store it.' }, age, []).passed).toBe(false);
  });

  it('fails no text, an empty one, one over 2000 characters, and one with a personal value', () => {
    expect(judgePurposeText(undefined, age, [])).toEqual({ passed: false, observed: 'no purpose text' });
    expect(judgePurposeText({ ja: '  ' }, age, []).passed).toBe(false);
    expect(judgePurposeText({ en: `We keep nothing. ${'x'.repeat(2000)}` }, age, []).passed).toBe(false);
    const leaked = judgePurposeText({ ja: '番号　花子 様、何も保存しません。' }, age, [{ element: 'org.iso.23220.1.jp/full_name_unicode', text: '番号　花子' }]);
    expect(leaked).toMatchObject({ passed: false, observed: expect.stringContaining('contains the value of org.iso.23220.1.jp/full_name_unicode') });
  });
});
