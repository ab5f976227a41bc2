/**
 * Language of a question or passage, by counting letters: Arabic script against Latin. The one
 * detector: the engine answers in the language it returns, and the bot speaks it (discord/i18n.ts).
 */
import type { Lang } from '../types.ts';
import { countsAsArabicLetter } from './arabic.ts';

function isLatinLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff);
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
    if (countsAsArabicLetter(c)) arabic++;
    else if (isLatinLetter(c)) latin++;
  }
  if (arabic === 0 && latin === 0) return 'other';
  return arabic >= latin ? 'ar' : 'en';
}
