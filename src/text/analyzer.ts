/**
 * Lexical analyzer for the BM25 index. Filters run in this order, for the reasons given:
 *  1. normalizeArabic on the whole text: one pass, and every later step (splitting, stopwords,
 *     stems) then sees one spelling per word (أ/ا, ة/ه, presentation forms, harakat).
 *  2. Split into words: runs of Arabic letters; runs of other letters and digits (Latin words,
 *     `covid19`); numbers kept whole with their decimal point (3.5) and thousands commas
 *     dropped (1,000 → 1000). An Arabic run and a digit run glued together (2016م) are two words.
 *  3. Stopwords, before stemming: stems of different function words collide with content words,
 *     surface forms do not (the list is in normalized form, see stopwords.ts).
 *  4. Stemming: Arabic with the chosen stemmer, its output normalized again because third-party
 *     stemmers may re-introduce ة, أ or ى; Latin with Snowball English.
 * Stems are cached per analyzer: news vocabulary is small next to the number of word tokens.
 */
import { createRequire } from 'node:module';
import { stemmer as oramaArabicStemmer } from '@orama/stemmers/arabic';
import { normalizeArabic, normalizeWithMap, originalSpan } from './normalize.ts';
import { ARABIC_STOPWORDS, ENGLISH_STOPWORDS } from './stopwords.ts';

export type StemmerName = 'snowball' | 'orama' | 'light' | 'none';

export interface Token {
  term: string;
  /** Offsets of the word in the ORIGINAL text: `text.slice(start, end)` is the word as written. */
  start: number;
  end: number;
}

export interface Analyzer {
  /** Identifies the analysis (rules version, stemmer, stopwords): a different name needs a rebuilt index. */
  name: string;
  /** Index terms in order, stopwords dropped. */
  terms(text: string): string[];
  /** `terms` with the original offsets of each word. */
  tokens(text: string): Token[];
  /** The term for one word (the first word if given several), or null for a stopword or no word. */
  term(word: string): string | null;
}

export interface AnalyzerOptions {
  stemmer?: StemmerName;
  stopwords?: boolean;
}

/** Bump when any rule here, in normalize.ts or stopwords.ts changes the terms produced. */
const ANALYSIS_VERSION = 1;
export const DEFAULT_STEMMER: StemmerName = 'light';
/** Past this many distinct words the cache is dropped and refilled: bounded memory, simple. */
const STEM_CACHE_LIMIT = 200_000;

const CLASS_OTHER = 0;
const CLASS_ARABIC = 1;
const CLASS_LETTER = 2;
const CLASS_DIGIT = 3;

/** Character classes of the NORMALIZED text, one lookup per unit while splitting. */
const CHAR_CLASS = buildCharClasses();

function buildCharClasses(): Uint8Array {
  const classes = new Uint8Array(0x10000);
  const wordChar = /[\p{L}\p{M}\p{Nd}]/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    if (c >= 0x30 && c <= 0x39) classes[c] = CLASS_DIGIT;
    else if (
      (c >= 0x0621 && c <= 0x063a) ||
      (c >= 0x0641 && c <= 0x064a) ||
      (c >= 0x066e && c <= 0x066f) ||
      (c >= 0x0671 && c <= 0x06d3) ||
      c === 0x06d5 ||
      (c >= 0x06ee && c <= 0x06ef) ||
      (c >= 0x06fa && c <= 0x06fc) ||
      c === 0x06ff ||
      (c >= 0x0750 && c <= 0x077f) ||
      (c >= 0x08a0 && c <= 0x08c9)
    ) {
      classes[c] = CLASS_ARABIC;
    } else if (c >= 0x0600 && c <= 0x06ff) {
      // Arabic punctuation and signs (، ؛ ؟ ٪ ٫) separate words.
      classes[c] = CLASS_OTHER;
    } else if (wordChar.test(String.fromCharCode(c))) {
      classes[c] = CLASS_LETTER;
    }
  }
  return classes;
}

interface SnowballStemmer {
  stem(word: string): string;
}
// snowball-stemmers is CommonJS without type declarations: typed here, at its only use.
const snowballFactory = createRequire(import.meta.url)('snowball-stemmers') as {
  newStemmer(algorithm: string): SnowballStemmer;
};

const ARABIC_DECIMAL = 0x066b; // ٫
const ARABIC_THOUSANDS = 0x066c; // ٬

function isDigitAt(text: string, index: number): boolean {
  return index < text.length && CHAR_CLASS[text.charCodeAt(index)] === CLASS_DIGIT;
}

/** A thousands separator is followed by exactly three digits (so 2015,2016 stays two numbers). */
function isThousandsGroup(text: string, index: number): boolean {
  return isDigitAt(text, index + 1) && isDigitAt(text, index + 2) && isDigitAt(text, index + 3) && !isDigitAt(text, index + 4);
}

type WordKind = 'arabic' | 'number' | 'other';

/** Calls `onWord` for each word of normalized `text`; no allocation besides what it does. */
function forEachWord(text: string, onWord: (start: number, end: number, kind: WordKind) => void): void {
  const length = text.length;
  let i = 0;
  while (i < length) {
    const cls = CHAR_CLASS[text.charCodeAt(i)]!;
    if (cls === CLASS_OTHER) {
      i++;
      continue;
    }
    const start = i;
    if (cls === CLASS_ARABIC) {
      while (i < length && CHAR_CLASS[text.charCodeAt(i)] === CLASS_ARABIC) i++;
      onWord(start, i, 'arabic');
      continue;
    }
    let onlyDigits = true;
    while (i < length) {
      const c = text.charCodeAt(i);
      const current = CHAR_CLASS[c];
      if (current === CLASS_DIGIT) i++;
      else if (current === CLASS_LETTER) {
        onlyDigits = false;
        i++;
      } else if (
        (c === 0x2e || c === ARABIC_DECIMAL) &&
        i > start &&
        CHAR_CLASS[text.charCodeAt(i - 1)] === CLASS_DIGIT &&
        isDigitAt(text, i + 1)
      ) {
        i++;
      } else if (
        (c === 0x2c || c === ARABIC_THOUSANDS) &&
        i > start &&
        CHAR_CLASS[text.charCodeAt(i - 1)] === CLASS_DIGIT &&
        isThousandsGroup(text, i)
      ) {
        i++;
      } else break;
    }
    onWord(start, i, onlyDigits ? 'number' : 'other');
  }
}

function numberTerm(word: string): string {
  let term = '';
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === 0x2c || c === ARABIC_THOUSANDS) continue;
    term += c === ARABIC_DECIMAL ? '.' : word[i];
  }
  return term;
}

/** Light10-style prefixes, longest first so بال wins over ال. Normalized spellings. */
const LIGHT_PREFIXES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال'];
/** Light10 suffixes in normalized spelling (ية → يه, ة → ه), tried in this order, each once. */
const LIGHT_SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ه', 'ي'];
const LIGHT_MIN_STEM = 2;

/**
 * Light stemming in the manner of Larkey's light10: strip a leading و when three letters
 * remain, one definite-article prefix, then each suffix in turn, never leaving fewer than two
 * letters. Not a morphological analysis: و-initial roots (وزير → زير) are cut too, but the same
 * way in questions and articles, which is all matching needs.
 */
export function lightStem(word: string): string {
  let stem = word;
  if (stem.length > 3 && stem.charCodeAt(0) === 0x0648) stem = stem.slice(1);
  for (const prefix of LIGHT_PREFIXES) {
    if (stem.startsWith(prefix) && stem.length - prefix.length >= LIGHT_MIN_STEM) {
      stem = stem.slice(prefix.length);
      break;
    }
  }
  for (const suffix of LIGHT_SUFFIXES) {
    if (stem.endsWith(suffix) && stem.length - suffix.length >= LIGHT_MIN_STEM) {
      stem = stem.slice(0, stem.length - suffix.length);
    }
  }
  return stem;
}

function arabicStemmer(name: StemmerName): (word: string) => string {
  switch (name) {
    case 'light':
      return lightStem;
    case 'none':
      return (word) => word;
    case 'snowball': {
      const snowball = snowballFactory.newStemmer('arabic');
      return (word) => snowball.stem(word);
    }
    case 'orama':
      return oramaArabicStemmer;
  }
}

const englishStemmer = snowballFactory.newStemmer('english');

export function createAnalyzer(options: AnalyzerOptions = {}): Analyzer {
  const stemmerName = options.stemmer ?? DEFAULT_STEMMER;
  const useStopwords = options.stopwords ?? true;
  const stemArabic = arabicStemmer(stemmerName);
  const cache = new Map<string, string | null>();

  function arabicTerm(word: string): string | null {
    if (word.length < 2) return null;
    if (useStopwords && ARABIC_STOPWORDS.has(word)) return null;
    const stem = normalizeArabic(stemArabic(word));
    return stem.length >= LIGHT_MIN_STEM ? stem : word;
  }

  function otherTerm(word: string): string | null {
    if (word.length < 2) return null;
    if (useStopwords && ENGLISH_STOPWORDS.has(word)) return null;
    // Only pure a–z words go to the English stemmer; covid19 or Cyrillic words stay as written.
    return /^[a-z]+$/.test(word) ? englishStemmer.stem(word) : word;
  }

  function wordTerm(normalized: string, start: number, end: number, kind: WordKind): string | null {
    const word = normalized.slice(start, end);
    if (kind === 'number') return numberTerm(word);
    const cached = cache.get(word);
    if (cached !== undefined) return cached;
    const term = kind === 'arabic' ? arabicTerm(word) : otherTerm(word);
    if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
    cache.set(word, term);
    return term;
  }

  function terms(text: string): string[] {
    const normalized = normalizeArabic(text);
    const out: string[] = [];
    forEachWord(normalized, (start, end, kind) => {
      const term = wordTerm(normalized, start, end, kind);
      if (term !== null) out.push(term);
    });
    return out;
  }

  function tokens(text: string): Token[] {
    const { text: normalized, map } = normalizeWithMap(text);
    const out: Token[] = [];
    forEachWord(normalized, (start, end, kind) => {
      const term = wordTerm(normalized, start, end, kind);
      if (term === null) return;
      const span = originalSpan(map, start, end);
      out.push({ term, start: span.start, end: span.end });
    });
    return out;
  }

  function term(word: string): string | null {
    const normalized = normalizeArabic(word);
    let result: string | null = null;
    let seen = false;
    forEachWord(normalized, (start, end, kind) => {
      if (seen) return;
      seen = true;
      result = wordTerm(normalized, start, end, kind);
    });
    return result;
  }

  return {
    name: `text-v${ANALYSIS_VERSION}:${stemmerName}${useStopwords ? '+stop' : ''}`,
    terms,
    tokens,
    term,
  };
}
