/**
 * Japanese value helpers: 氏名 split at U+3000, 生年月日 text (Gregorian and 和暦) to ISO and its
 * agreement with ISO birth_date, ISO/IEC 5218 sex vs 男/女, and the municipality code check digit.
 * Errors name the element, never the value.
 */
import { describe, expect, it } from 'vitest';
import { FullDate } from '@uketori/mdoc';
import { defaultMyNumberCardHolder } from '@uketori/test-sender';
import {
  addressOf,
  birthDateOf,
  fullNameOf,
  gateResponse,
  getPurpose,
  localGovCheckDigit,
  parseJapaneseDate,
  parseLocalGovCode,
  planRequest,
  PolicyValueError,
  sexFromIso5218,
  sexFromJapanese,
  sexOf,
  sexToIso5218,
  splitFullName,
} from '../src/index.js';
import { holderAnswer, issue, NOW, pkiAt } from './helpers/holder.js';

const JP = 'org.iso.23220.1.jp';
const ISO = 'org.iso.23220.1';

function valueError(fn: () => unknown): PolicyValueError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyValueError);
    expect((err as PolicyValueError).code).toBe('ERR_POLICY_VALUE');
    return err as PolicyValueError;
  }
  throw new Error('expected ERR_POLICY_VALUE');
}

describe('full_name_unicode', () => {
  it('splits family and given name at the ideographic space', () => {
    expect(splitFullName('番号　花子')).toEqual({ fullName: '番号　花子', parts: ['番号', '花子'], familyName: '番号', givenName: '花子' });
  });
  it('makes no guess for one part or more than two', () => {
    expect(splitFullName('番号花子')).toEqual({ fullName: '番号花子', parts: ['番号花子'] });
    expect(splitFullName('SMITH　JOHN　DAVID').familyName).toBeUndefined();
    expect(splitFullName('SMITH　JOHN　DAVID').parts).toEqual(['SMITH', 'JOHN', 'DAVID']);
  });
  it('refuses a non-text value without echoing it', () => {
    expect(valueError(() => splitFullName(42)).message).toBe('"org.iso.23220.1.jp"/"full_name_unicode": expected a non-empty text of at most 256 characters');
    valueError(() => splitFullName('　'));
  });
});

describe('birth_date_unicode', () => {
  it.each([
    ['1971年9月1日', '1971-09-01'],
    ['１９７１年９月１日', '1971-09-01'],
    ['1971年 9月 1日', '1971-09-01'],
    ['昭和46年9月1日', '1971-09-01'],
    ['昭和元年12月25日', '1926-12-25'],
    ['昭和64年1月7日', '1989-01-07'],
    ['平成元年1月8日', '1989-01-08'],
    ['平成31年4月30日', '2019-04-30'],
    ['令和元年5月1日', '2019-05-01'],
    ['大正元年7月30日', '1912-07-30'],
    ['明治6年1月1日', '1873-01-01'],
    ['2000年2月29日', '2000-02-29'],
  ])('%s → %s', (text, iso) => {
    expect(String(parseJapaneseDate(text))).toBe(iso);
  });

  it.each([
    ['昭和64年1月8日', 'after the end of 昭和'],
    ['平成31年5月1日', 'after the end of 平成'],
    ['大正15年12月25日', 'after the end of 大正'],
    ['令和元年4月30日', 'before the start of 令和'],
    ['明治5年12月2日', 'in the lunisolar calendar'],
    ['平成0年1月1日', 'year zero'],
    ['1971年2月30日', 'not a calendar date'],
    ['1900年2月29日', 'not a leap year'],
    ['71年9月1日', 'a two-digit year'],
    ['1971-09-01', 'not Japanese text'],
  ])('refuses %s (%s)', (text) => {
    const err = valueError(() => parseJapaneseDate(text));
    expect(err.message).not.toContain(text);
  });

  it('agrees with the ISO birth_date of a real test card', async () => {
    const purpose = getPurpose('aml_kyc_jp');
    const plan = planRequest(purpose, { now: NOW, elements: 'all' });
    const verified = await holderAnswer({ now: NOW, plans: [plan], credentials: [await issue('mnc', await pkiAt(NOW))] });
    const doc = gateResponse(purpose, plan, verified, { now: NOW }).documents[0]!;
    expect(birthDateOf(doc.issuerSigned)).toEqual({ date: new FullDate(1971, 9, 1), from: ['birth_date', 'birth_date_unicode'] });
    expect(fullNameOf(doc.issuerSigned)?.givenName).toBe('花子');
    const address = addressOf(doc.issuerSigned);
    expect(address).toMatchObject({ address: defaultMyNumberCardHolder().residentAddress, prefecture: '東京都', prefectureMatches: true });
    expect(address?.localGovCode?.code6).toBe('131016');
  });

  it('reports a disagreement by name only', () => {
    const err = valueError(() => birthDateOf({ [JP]: { birth_date_unicode: '1971年9月1日' }, [ISO]: { birth_date: new FullDate(1971, 9, 2) } }));
    expect(err.message).toBe('"org.iso.23220.1.jp"/"birth_date_unicode": disagrees with "org.iso.23220.1"/"birth_date"');
    expect(birthDateOf({ [ISO]: { birth_date: '1971-09-01' } })?.from).toEqual(['birth_date']);
    expect(birthDateOf({})).toBeUndefined();
  });
});

describe('sex', () => {
  it('maps ISO/IEC 5218 codes and the card text', () => {
    expect([0, 1, 2, 9].map((c) => sexFromIso5218(c))).toEqual(['not_known', 'male', 'female', 'not_applicable']);
    expect(sexToIso5218('female')).toBe(2);
    expect(sexFromJapanese('男')).toBe('male');
    expect(sexFromJapanese('女')).toBe('female');
    valueError(() => sexFromIso5218(3));
    valueError(() => sexFromJapanese('F'));
  });
  it('reconciles sex with sex_unicode', () => {
    expect(sexOf({ [ISO]: { sex: 2 }, [JP]: { sex_unicode: '女' } })).toBe('female');
    expect(sexOf({ [ISO]: { sex: 9 } })).toBe('not_applicable');
    expect(sexOf({ [JP]: { sex_unicode: '男' } })).toBe('male');
    expect(sexOf({})).toBeUndefined();
    valueError(() => sexOf({ [ISO]: { sex: 1 }, [JP]: { sex_unicode: '女' } }));
    valueError(() => sexOf({ [ISO]: { sex: 0 }, [JP]: { sex_unicode: '女' } }));
  });
});

describe('local_gov_code_unicode', () => {
  it.each([
    ['13101', '131016', '東京都'],
    ['11000', '110001', '埼玉県'],
    ['09000', '090000', '栃木県'],
    ['01100', '011002', '北海道'],
    ['14364', '143642', '神奈川県'],
  ])('%s has the six-digit form %s (%s)', (five, six, prefecture) => {
    expect(parseLocalGovCode(five)).toEqual({ code: five, code6: six, prefectureCode: five.slice(0, 2), prefecture });
    expect(parseLocalGovCode(six).code).toBe(five);
    expect(localGovCheckDigit(five)).toBe(Number(six[5]));
  });
  it('checks the check digit of the six-digit form', () => {
    expect(valueError(() => parseLocalGovCode('131017')).message).toBe('"org.iso.23220.1.jp"/"local_gov_code_unicode": check digit does not match');
  });
  it('accepts full-width digits and refuses malformed codes', () => {
    expect(parseLocalGovCode('１３１０１').code6).toBe('131016');
    valueError(() => parseLocalGovCode('1310'));
    valueError(() => parseLocalGovCode('48000'));
    valueError(() => parseLocalGovCode(13101));
  });
  it('says whether the address names the same prefecture', () => {
    expect(addressOf({ [JP]: { resident_address_unicode: '東京都千代田区見本町１丁目', local_gov_code_unicode: '13101' } })?.prefectureMatches).toBe(true);
    expect(addressOf({ [JP]: { resident_address_unicode: '京都府京都市', local_gov_code_unicode: '13101' } })?.prefectureMatches).toBe(false);
    expect(addressOf({ [JP]: { resident_address_unicode: '見本町１丁目' } })).toEqual({ address: '見本町１丁目' });
  });
});
