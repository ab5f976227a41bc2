/**
 * Language of a question or passage, by counting letters: Arabic script against Latin.
 */
import type { Lang } from '../types.ts';

function isArabicScriptLetter(c: number): boolean {
  return (
    (c >= 0x0620 && c <= 0x063f) ||
    (c >= 0x0641 && c <= 0x064a) ||
    (c >= 0x066e && c <= 0x06d3) ||
    c === 0x06d5 ||
    (c >= 0x06ee && c <= 0x06ef) ||
    (c >= 0x06fa && c <= 0x06ff) ||
    (c >= 0x0750 && c <= 0x077f) ||
    (c >= 0x08a0 && c <= 0x08c9) ||
    (c >= 0xfb50 && c <= 0xfdfb) ||
    (c >= 0xfe70 && c <= 0xfefc)
  );
}

function isLatinLetter(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) ||
    (c >= 0x1e00 && c <= 0x1eff)
  );
}

/**
 * 'ar' or 'en' by majority of Arabic-script vs Latin letters; 'other' when there are neither
 * (digits, punctuation, emoji, other scripts). A tie goes to 'ar', the corpus language: a mixed
 * question such as «ما هو ISIS» is still asked of Arabic articles.
 */
export function detectLanguage(text: string): Lang {
  let arabic = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isArabicScriptLetter(c)) arabic++;
    else if (isLatinLetter(c)) latin++;
  }
  if (arabic === 0 && latin === 0) return 'other';
  return arabic >= latin ? 'ar' : 'en';
}
