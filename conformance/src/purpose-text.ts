/**
 * Judging the purpose text a program shows the person (個人情報保護法 21条1項): it must say why the
 * data is asked for and whether it is kept, and must not itself carry a personal value. Shared by
 * the in-process and the HTTP check of `purpose-shown`.
 *
 * @module
 */

import type { Purpose } from '@uketori/policy';
import type { TargetText } from './target.js';

/** Longest purpose text the suite reads, per language. */
export const PURPOSE_TEXT_MAX = 2000;

// Wording that says data is kept, and wording that says nothing is. A text that promises keeping
// nothing is the second kind even though it also contains a word of the first.
const KEEPS = { ja: /保存|保管|保持|記録として/, en: /\b(keep|kept|retain|retained|store|stored|record)\b/i };
const KEEPS_NOTHING = {
  ja: /(保存|保管|保持)(しません|せず|されません|いたしません)|何も(保存|保管|保持)/,
  en: /\b(keep|retain|store) nothing\b|\bnothing is (kept|retained|stored)\b|\b(do not|don't|will not|won't|never) (keep|retain|store)\b|\bnot (be )?(kept|retained|stored)\b/i,
};

/** What the suite found in a purpose text. */
export interface PurposeTextJudgement {
  readonly passed: boolean;
  /** What was observed, for the report. */
  readonly observed: string;
}

/**
 * Judges a purpose text against the purpose it is shown for: present (ja or en, at most
 * {@link PURPOSE_TEXT_MAX} characters), free of the holder's personal values, and in at least one
 * language stating retention as the purpose has it — that data is kept when the purpose retains
 * any element, that nothing is kept when it retains none.
 *
 * @example
 * ```ts
 * judgePurposeText({ ja: '20歳以上かどうかだけを確認します。何も保存しません。' }, purpose, []).passed; // true for age_20_plus
 * ```
 */
export function judgePurposeText(text: TargetText | undefined, purpose: Purpose, personalValues: readonly { readonly element: string; readonly text: string }[]): PurposeTextJudgement {
  const shown = (['ja', 'en'] as const).flatMap((lang) => {
    const t = text?.[lang];
    return typeof t === 'string' && t.trim().length > 0 && t.length <= PURPOSE_TEXT_MAX ? [{ lang, text: t }] : [];
  });
  if (shown.length === 0) return { passed: false, observed: 'no purpose text' };
  const leaked = [...new Set(personalValues.filter((v) => shown.some((s) => s.text.includes(v.text))).map((v) => v.element))];
  const retains = purpose.documents.some((d) => d.elements.some((e) => e.retain !== undefined));
  const states = (s: { lang: 'ja' | 'en'; text: string }): boolean => (retains ? KEEPS[s.lang].test(s.text) && !KEEPS_NOTHING[s.lang].test(s.text) : KEEPS_NOTHING[s.lang].test(s.text));
  const statesRetention = shown.some(states);
  const observed = [
    `purpose text in ${shown.map((s) => s.lang).join(' and ')}`,
    statesRetention ? `it says ${retains ? 'the data is kept' : 'nothing is kept'}` : `it does not say ${retains ? 'that the data is kept' : 'that nothing is kept'}`,
    ...(leaked.length === 0 ? [] : [`it contains the value of ${leaked.join(', ')}`]),
  ].join('; ');
  return { passed: statesRetention && leaked.length === 0, observed };
}
