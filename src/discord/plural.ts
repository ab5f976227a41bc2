/**
 * Counted nouns in Arabic: the noun's form depends on the number, by the categories of
 * Intl.PluralRules('ar') (CLDR): one «مقال واحد», two «مقالان», few (3–10, 103–110…) «5 مقالات»,
 * many (11–99, 111–199…) «51 مقالًا», other (100–102, 1000…) and zero «100 مقال». The dual also
 * depends on the case: «مقالان» as a subject, «مقالين» after a preposition or in a construct.
 */

export interface ArabicNoun {
  /** The noun with «واحد/واحدة»: «مقال واحد». */
  one: string;
  /** The dual, nominative and genitive/accusative: «مقالان», «مقالين». */
  two: readonly [string, string];
  /** After 3–10: the plural, «مقالات». */
  few: string;
  /** After 11–99: the singular accusative, «مقالًا». */
  many: string;
  /** After 0, 100 and the other round numbers: the singular genitive, «مقال». */
  other: string;
}

export type ArabicCase = 'nominative' | 'genitive';

const rules = new Intl.PluralRules('ar');

/** «مقال واحد», «مقالان», «5 مقالات», «51 مقالًا», «100 مقال»: the number and the noun, in the right form. */
export function arabicCount(count: number, noun: ArabicNoun, grammaticalCase: ArabicCase = 'nominative'): string {
  switch (rules.select(count)) {
    case 'one':
      return noun.one;
    case 'two':
      return noun.two[grammaticalCase === 'nominative' ? 0 : 1];
    case 'few':
      return `${count} ${noun.few}`;
    case 'many':
      return `${count} ${noun.many}`;
    default:
      return `${count} ${noun.other}`;
  }
}

export const ARTICLE: ArabicNoun = { one: 'مقال واحد', two: ['مقالان', 'مقالين'], few: 'مقالات', many: 'مقالًا', other: 'مقال' };
export const PASSAGE: ArabicNoun = { one: 'مقطع واحد', two: ['مقطعان', 'مقطعين'], few: 'مقاطع', many: 'مقطعًا', other: 'مقطع' };
export const FILE: ArabicNoun = { one: 'ملف واحد', two: ['ملفان', 'ملفين'], few: 'ملفات', many: 'ملفًا', other: 'ملف' };
export const SECOND: ArabicNoun = { one: 'ثانية واحدة', two: ['ثانيتان', 'ثانيتين'], few: 'ثوانٍ', many: 'ثانية', other: 'ثانية' };
