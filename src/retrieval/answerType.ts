/**
 * What kind of answer a question asks for, and whether a piece of text holds one. A passage that
 * matches every word of «متى سقطت تدمر؟» but holds no date does not answer it; «كم …؟» / "how many"
 * wants a number. Only kinds that text shows reliably are checked (numbers and dates); «من» / "who"
 * and «أين» / "where" are recognised but not checked, since Arabic writes names without capitals.
 */
import { normalizeArabic } from '../text/normalize.ts';

export type AnswerType = 'number' | 'date' | 'person' | 'place' | 'other';

/** Arabic cues in the matching form (normalize.ts: أ → ا, ة → ه, ى → ي), whole words. */
const ARABIC_DATE_CUES = new Set(['متي']);
/** Words that, after «في أي / أي» (in which), make the question ask for a date. */
const ARABIC_DATE_NOUNS = new Set(['عام', 'سنه', 'تاريخ', 'قرن', 'القرن', 'يوم', 'شهر']);
const ARABIC_NUMBER_CUES = new Set(['كم', 'بكم', 'لكم', 'عدد', 'نسبه', 'مساحه', 'طول', 'ارتفاع', 'عمق', 'عرض', 'حجم', 'قيمه', 'مبلغ']);
const ARABIC_PLACE_CUES = new Set(['اين', 'واين']);

const ENGLISH_PATTERNS: ReadonlyArray<readonly [RegExp, AnswerType]> = [
  [/\bhow (many|much|long|old|far|large|big|tall|high|deep|wide)\b|\bwhat (percentage|percent|proportion|number|amount|fraction)\b/, 'number'],
  [/\bwhen\b|\b(what|which) (year|date|decade|century|month|day)\b/, 'date'],
  [/\bwho(m|se)?\b/, 'person'],
  [/\bwhere\b|\b(what|which) (city|country|town|region|state|place|province|continent)\b/, 'place'],
];

function arabicWords(question: string): string[] {
  return normalizeArabic(question)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** The kind of answer the question asks for, from its question words (Arabic or English). */
export function answerTypeOf(question: string): AnswerType {
  const lower = question.toLowerCase();
  for (const [pattern, type] of ENGLISH_PATTERNS) if (pattern.test(lower)) return type;
  const words = arabicWords(question);
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (ARABIC_DATE_CUES.has(word)) return 'date';
    if ((word === 'اي' || word === 'ايه') && ARABIC_DATE_NOUNS.has(words[i + 1] ?? '')) return 'date';
    if (ARABIC_NUMBER_CUES.has(word) && i <= 2) return 'number';
    if (ARABIC_PLACE_CUES.has(word)) return 'place';
  }
  // «من» opening a question is "who" (elsewhere it is the preposition "from").
  if (words[0] === 'من' || words[0] === 'ومن') return 'person';
  return 'other';
}

/** Number words (matching form, without clitics): news writes small numbers and large units as words. */
const NUMBER_WORDS = new Set([
  'واحد',
  'اثنان',
  'اثنين',
  'اثنتان',
  'اثنتين',
  'ثلاث',
  'ثلاثه',
  'اربع',
  'اربعه',
  'خمس',
  'خمسه',
  'ست',
  'سته',
  'سبع',
  'سبعه',
  'ثماني',
  'ثمانيه',
  'ثمان',
  'تسع',
  'تسعه',
  'عشر',
  'عشره',
  'عشرون',
  'عشرين',
  'ثلاثون',
  'ثلاثين',
  'اربعون',
  'اربعين',
  'خمسون',
  'خمسين',
  'مئه',
  'مائه',
  'مئات',
  'مائتي',
  'مئتي',
  'الف',
  'الاف',
  'مليون',
  'ملايين',
  'مليار',
  'مليارات',
  'نصف',
  'ربع',
  'ثلث',
  'عشرات',
  'مرتين',
]);

/** Month names in the matching form: Gregorian (Egypt, Gulf), Levantine and Maghrebi. */
const MONTH_WORDS = new Set([
  'يناير',
  'فبراير',
  'مارس',
  'ابريل',
  'مايو',
  'يونيو',
  'يوليو',
  'اغسطس',
  'سبتمبر',
  'اكتوبر',
  'نوفمبر',
  'ديسمبر',
  'كانون',
  'شباط',
  'اذار',
  'نيسان',
  'ايار',
  'حزيران',
  'تموز',
  'ايلول',
  'تشرين',
  'جانفي',
  'فيفري',
  'افريل',
  'جوان',
  'جويليه',
  'اوت',
  'قرن',
  'القرن',
]);

/** The word without one leading conjunction or preposition and the article (و، ب، ل، ف، ال). */
function bare(word: string): string {
  let out = word;
  if (out.length > 3 && 'وفبل'.includes(out[0]!)) out = out.slice(1);
  if (out.length > 4 && out.startsWith('ال')) out = out.slice(2);
  return out;
}

const YEAR = /^(1\d{3}|20\d{2})$/;

/** Whether `text` holds an answer of this type; always true for the types that are not checked. */
export function holdsAnswerType(text: string, type: AnswerType): boolean {
  if (type !== 'number' && type !== 'date') return true;
  for (const word of arabicWords(text)) {
    if (/^\d/.test(word)) {
      if (type === 'number' || YEAR.test(word.replace(/\D+$/u, ''))) return true;
      continue;
    }
    const stripped = bare(word);
    if (type === 'number' && (NUMBER_WORDS.has(stripped) || NUMBER_WORDS.has(word))) return true;
    if (type === 'date' && (MONTH_WORDS.has(stripped) || MONTH_WORDS.has(word))) return true;
  }
  return false;
}

/** «ما هو X؟ / من هي X؟» and "What is X? / Who was X?": a short question asking what or who something is. */
const ARABIC_DEFINITION_OPENINGS = new Set(['ما هو', 'ما هي', 'ماهو', 'ماهي', 'من هو', 'من هي', 'من هم', 'ما هم', 'ما تعريف', 'ما معني']);
const ENGLISH_DEFINITION = /^(what|who)\s+(is|are|was|were)\s+(an?\s+|the\s+)?[^\s?]+(\s+[^\s?]+){0,3}\s*\??$/i;

/**
 * Whether the question asks what or who something is. Such a question is answered by the sentence
 * that introduces its subject, which in an article about it is the opening one, though that
 * sentence may share only the subject's name with the question.
 */
export function isDefinitionQuestion(question: string): boolean {
  if (ENGLISH_DEFINITION.test(question.trim())) return true;
  const words = arabicWords(question);
  if (words.length > 5) return false;
  const opening = words.slice(0, 2).join(' ');
  return ARABIC_DEFINITION_OPENINGS.has(opening) || ARABIC_DEFINITION_OPENINGS.has(words[0] ?? '');
}
