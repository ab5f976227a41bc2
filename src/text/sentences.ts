/**
 * Sentence spans in ORIGINAL coordinates: every span is an exact, trimmed, non-empty slice of
 * the text, so quotes and key sentences can be shown without touching the article.
 *
 * Breaks: after . ! ? ؟ … ۔ and ؛ ; (runs such as `?!` or `...` count once, closing quotes and
 * brackets after them stay in the sentence), and at paragraph breaks as `paragraphSpans` sees
 * them, so PDF hard-wraps never cut a sentence.
 *
 * No break at:
 *  - a single letter + dot: initials and Arabic abbreviations (د. for doctor, أ.ب and أ.ف.ب
 *    agency credits, ص.ب, ق.م), and a few Latin abbreviations (Mr., Dr., e.g., …);
 *  - a dot between digits (3.5) or followed directly by a Latin letter or digit (URLs, e-mails,
 *    file names), and ? ! followed directly by a Latin letter, digit or `=`/`&` (query strings);
 *  - an ellipsis followed by a lower-case Latin word, or inside «» / “” quotes.
 * Decided: a single letter glued to a number (2016م. or 1438هـ.) is a date suffix and DOES end
 * the sentence: news writes the era letter without a dot mid-sentence, so the dot is a full stop.
 * A dot glued to the next Arabic word (المدينة.وقال) breaks: scraped Arabic often drops that
 * space; `.نت` and `.كوم` (site names like الجزيرة.نت) are the exception.
 *
 * Sentences over MAX_SENTENCE_CHARS (Arabic news chains clauses with `،`) are split at ، ؛ or
 * `, ` into near-even pieces; only when a window has no comma at all is a space used instead.
 */
import type { Span } from '../types.ts';
import { CLOSING_MARKS, isDigitCode, isHaraka, isSentenceLetter, SENTENCE_ENDING_MARKS, STRAIGHT_QUOTES, TATWEEL } from './arabic.ts';
import { isWhitespaceCode, paragraphSpans } from './repair.ts';

/** Longest sentence kept whole: long enough for one news sentence, short enough to quote. */
export const MAX_SENTENCE_CHARS = 350;

const OPENERS = new Set(['«', '“', '(', '[', '‹', '"']);
const LATIN_ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'jr',
  'sr',
  'vs',
  'etc',
  'inc',
  'ltd',
  'co',
  'no',
  'gen',
  'col',
  'lt',
  'sgt',
  'gov',
  'sen',
  'rep',
  'jan',
  'feb',
  'aug',
  'sept',
  'oct',
  'nov',
  'dec',
  'approx',
  'fig',
]);
/** Site suffixes written in Arabic after a dot (الجزيرة.نت). */
const ARABIC_SITE_SUFFIXES = ['نت', 'كوم'];

function isLatinLetterCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7);
}

function isLowerLatinCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0xdf && c <= 0xff && c !== 0xf7);
}

/** The word (letters, harakat, tatweel) ending just before `end`, as [start, end) and its letter count. */
function wordBefore(text: string, end: number, floor: number): { start: number; letters: number } {
  let start = end;
  let letters = 0;
  while (start > floor) {
    const c = text.charCodeAt(start - 1);
    if (isSentenceLetter(c) || isLatinLetterCode(c)) letters++;
    else if (c !== TATWEEL && !isHaraka(c)) break;
    start--;
  }
  return { start, letters };
}

/** Whether a lone `.` at `dot` ends a sentence, judging by what precedes it. */
function dotEndsByWordBefore(text: string, dot: number, floor: number): boolean {
  const word = wordBefore(text, dot, floor);
  if (word.letters === 0) return true;
  if (word.letters === 1) {
    // 2016م. / 1438 هـ. — an era letter after a number; any other lone letter is an abbreviation.
    const letter = text[word.start]!;
    if (letter !== 'م' && letter !== 'ه') return false;
    let k = word.start - 1;
    if (k >= floor && text.charCodeAt(k) === 0x20) k--;
    return k >= floor && isDigitCode(text.charCodeAt(k));
  }
  const raw = text.slice(word.start, dot);
  if (raw.length <= 6 && LATIN_ABBREVIATIONS.has(raw.toLowerCase())) return false;
  // e.g / i.e: the letters before are themselves dotted initials.
  return !(word.letters <= 2 && word.start > floor && text[word.start - 1] === '.');
}

/**
 * Ends of sentences inside [start, end) of one paragraph: offsets just after the terminator and
 * any closers it carries. The caller trims and drops empties.
 */
function terminatorBreaks(text: string, start: number, end: number): number[] {
  const breaks: number[] = [];
  let quoteDepth = 0;
  let i = start;
  while (i < end) {
    const ch = text[i]!;
    if (ch === '«' || ch === '“') quoteDepth++;
    else if ((ch === '»' || ch === '”') && quoteDepth > 0) quoteDepth--;
    if (!SENTENCE_ENDING_MARKS.has(ch)) {
      i++;
      continue;
    }
    let runEnd = i;
    while (runEnd < end && SENTENCE_ENDING_MARKS.has(text[runEnd]!)) runEnd++;
    const run = text.slice(i, runEnd);
    const isLoneDot = run === '.';
    const isEllipsis = run.includes('…') || run.includes('..');

    let after = runEnd;
    while (after < end && CLOSING_MARKS.has(text[after]!)) after++;
    if (after < end && STRAIGHT_QUOTES.has(text[after]!)) {
      const beyond = after + 1;
      if (beyond >= end || isWhitespaceCode(text.charCodeAt(beyond)) || CLOSING_MARKS.has(text[beyond]!)) after = beyond;
      while (after < end && CLOSING_MARKS.has(text[after]!)) after++;
    }

    if (isBreak(text, i, runEnd, after, start, end, isLoneDot, isEllipsis, quoteDepth)) breaks.push(after);
    // Closers consumed here must still close their quotes.
    for (let k = runEnd; k < after; k++) {
      const closer = text[k]!;
      if ((closer === '»' || closer === '”') && quoteDepth > 0) quoteDepth--;
    }
    i = Math.max(after, runEnd);
  }
  return breaks;
}

function isBreak(
  text: string,
  runStart: number,
  runEnd: number,
  after: number,
  floor: number,
  end: number,
  isLoneDot: boolean,
  isEllipsis: boolean,
  quoteDepth: number,
): boolean {
  const first = text[runStart]!;
  if (isLoneDot) {
    const prev = runStart > floor ? text.charCodeAt(runStart - 1) : -1;
    const next = runEnd < end ? text.charCodeAt(runEnd) : -1;
    if (isDigitCode(prev) && isDigitCode(next)) return false;
    if (!dotEndsByWordBefore(text, runStart, floor)) return false;
  }
  if (after >= end) return true;
  let nextIndex = after;
  while (nextIndex < end && isWhitespaceCode(text.charCodeAt(nextIndex))) nextIndex++;
  const spaced = nextIndex > after;
  const next = nextIndex < end ? text.charCodeAt(nextIndex) : -1;
  if (isEllipsis) {
    if (quoteDepth > 0 && after === runEnd) return false;
    if (isLowerLatinCode(next)) return false;
  }
  if (spaced) return true;
  // Glued to what follows: only a new Arabic sentence or an opening quote is a real break.
  if (OPENERS.has(text[after]!)) return true;
  if (!isSentenceLetter(next)) return false;
  if (first === '.' && after === runEnd) {
    for (const suffix of ARABIC_SITE_SUFFIXES) {
      if (text.startsWith(suffix, after)) {
        const tail = after + suffix.length;
        if (tail >= end || !isSentenceLetter(text.charCodeAt(tail))) return false;
      }
    }
  }
  return true;
}

/** Trimmed [start, end), or null if only whitespace. */
function trimSpan(text: string, start: number, end: number): Span | null {
  while (start < end && isWhitespaceCode(text.charCodeAt(start))) start++;
  while (end > start && isWhitespaceCode(text.charCodeAt(end - 1))) end--;
  return start < end ? { start, end } : null;
}

function isClauseCut(text: string, index: number): boolean {
  const ch = text[index]!;
  if (ch === '،' || ch === '؛') return true;
  return ch === ',' && index + 1 < text.length && isWhitespaceCode(text.charCodeAt(index + 1));
}

/** Offset just after the cut character nearest `ideal` within (low, high], or -1. */
function nearestCut(low: number, high: number, ideal: number, accept: (index: number) => boolean): number {
  let best = -1;
  let bestDistance = Infinity;
  for (let k = low; k < high; k++) {
    if (!accept(k)) continue;
    const cut = k + 1;
    const distance = Math.abs(cut - ideal);
    if (distance < bestDistance) {
      best = cut;
      bestDistance = distance;
    }
  }
  return best;
}

/** Splits an over-long trimmed sentence into near-even pieces of at most MAX_SENTENCE_CHARS when it can. */
function splitLong(text: string, sentence: Span, out: Span[]): void {
  let start = sentence.start;
  const end = sentence.end;
  while (end - start > MAX_SENTENCE_CHARS) {
    const remaining = end - start;
    const pieces = Math.ceil(remaining / MAX_SENTENCE_CHARS);
    const ideal = start + remaining / pieces;
    // The window keeps this piece under the cap and leaves something after it.
    const high = Math.min(start + MAX_SENTENCE_CHARS, end - 1);
    let cut = nearestCut(start + 1, high, ideal, (k) => isClauseCut(text, k));
    if (cut < 0) cut = nearestCut(start + 1, high, ideal, (k) => isWhitespaceCode(text.charCodeAt(k)));
    if (cut < 0) {
      // No comma or space in reach (one huge token): the first comma beyond, else keep it whole.
      cut = nearestCut(high, end - 1, high, (k) => isClauseCut(text, k));
      if (cut < 0) break;
    }
    const piece = trimSpan(text, start, cut);
    if (piece) out.push(piece);
    start = cut;
  }
  const last = trimSpan(text, start, end);
  if (last) out.push(last);
}

let cachedText: string | null = null;
let cachedParagraphs: Span[] = [];

/** Passages ask for one document many times in a row (per range): compute its layout once. */
function paragraphsOf(text: string): Span[] {
  if (cachedText !== text) {
    cachedParagraphs = paragraphSpans(text);
    cachedText = text;
  }
  return cachedParagraphs;
}

/**
 * Sentence spans of `text` (within `range` if given), in original coordinates, in order,
 * trimmed, non-empty and non-overlapping. Paragraph layout (hard-wrap repair) is judged on the
 * whole text, so a range sees the same paragraphs as the full document.
 */
export function splitSentences(text: string, range?: Span): Span[] {
  const rangeStart = Math.max(0, range ? range.start : 0);
  const rangeEnd = Math.min(text.length, range ? range.end : text.length);
  const sentences: Span[] = [];
  if (rangeEnd <= rangeStart) return sentences;
  for (const paragraph of paragraphsOf(text)) {
    if (paragraph.end <= rangeStart) continue;
    if (paragraph.start >= rangeEnd) break;
    const start = Math.max(paragraph.start, rangeStart);
    const end = Math.min(paragraph.end, rangeEnd);
    let sentenceStart = start;
    const cuts = terminatorBreaks(text, start, end);
    cuts.push(end);
    for (const cut of cuts) {
      const sentence = trimSpan(text, sentenceStart, cut);
      sentenceStart = cut;
      if (!sentence) continue;
      if (sentence.end - sentence.start > MAX_SENTENCE_CHARS) splitLong(text, sentence, sentences);
      else sentences.push(sentence);
    }
  }
  return sentences;
}
