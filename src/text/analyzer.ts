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
 *  5. Root stems (optional): the Snowball stem of each Arabic word as a second, `~`-marked term.
 *     Light stems keep broken plurals and verb forms apart (صحيفة/الصحف, ينتقد/انتقد); Snowball
 *     joins more of them but also conflates more, so it is searched beside the light stem at a
 *     lower weight instead of replacing it (measured: better than either stemmer alone).
 *  6. Phrases (optional): each pair of neighbouring index words, after stopwords, becomes one extra
 *     term "a b" built from the words' PHRASE KEYS: the normalized word with only its clitic
 *     prefixes (و, ال, بال, لل…) removed, suffixes kept. Stems alone conflate محافظ (governor) and
 *     محافظة (governorate); a phrase of lightly-cut words still tells «محافظ حمص» from «محافظة حمص»
 *     while the unigram stems keep the recall. Stopwords are skipped so «وزير خارجية فرنسا» and
 *     «وزير الخارجية في فرنسا» share their pairs.
 * Stems are cached per analyzer: news vocabulary is small next to the number of word tokens.
 */
import { createRequire } from 'node:module';
import { isIndexedArabicLetter } from './arabic.ts';
import { normalizeArabic, normalizeWithMap, originalSpan } from './normalize.ts';
import { ARABIC_STOPWORDS, ENGLISH_STOPWORDS } from './stopwords.ts';

export type StemmerName = 'snowball' | 'light';

interface Token {
  term: string;
  /** Offsets of the word in the ORIGINAL text: `text.slice(start, end)` is the word as written. */
  start: number;
  end: number;
}

export interface Analyzer {
  /** Identifies the analysis (rules version, stemmer, stopwords, phrases): a different name needs a rebuilt index. */
  name: string;
  /** Index terms in order, stopwords dropped. */
  terms(text: string): string[];
  /**
   * `terms`, plus the phrase terms of neighbouring words (see step 6 above; empty when phrases are
   * off). Phrase terms contain a space, so they never collide with a word's term.
   */
  analyze(text: string): Analysis;
  /** `terms` with the original offsets of each word. */
  tokens(text: string): Token[];
  /** The term for one word (the first word if given several), or null for a stopword or no word. */
  term(word: string): string | null;
}

export interface Analysis {
  terms: string[];
  phrases: string[];
  /**
   * Second-opinion stems of the Arabic words, by the more aggressive Snowball stemmer, marked with a
   * leading `~` (empty unless `rootStems` is on): they join broken plurals and verb forms that the
   * light stemmer keeps apart, at a lower query weight.
   */
  roots: string[];
}

/** What a phrase term is made of: the lightly-cut words (see above), the stems, or no phrases. */
export type PhraseMode = 'surface' | 'stem' | 'none';

export interface AnalyzerOptions {
  stemmer?: StemmerName;
  stopwords?: boolean;
  phrases?: PhraseMode;
  rootStems?: boolean;
}

/**
 * Bump when any rule here, in arabic.ts, normalize.ts or stopwords.ts changes the terms produced, or
 * the corpus loader's repair of the text (repair.ts repairSwappedLines) changes what is analyzed: an
 * index of another version is rebuilt at start-up (its vectors of unchanged articles reused).
 * 3: lines with swapped halves repaired.
 */
const ANALYSIS_VERSION = 3;
const DEFAULT_STEMMER: StemmerName = 'light';
export const DEFAULT_PHRASES: PhraseMode = 'none';
export const DEFAULT_ROOT_STEMS = true;
/**
 * Past this many distinct words the cache is dropped and refilled: bounded memory, simple. Not
 * util/lru.ts: its hits re-insert the entry, two more Map operations on every word token of a
 * build, the analyzer's hottest path, where dropping all when full costs nothing per hit.
 */
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
    else if (isIndexedArabicLetter(c)) classes[c] = CLASS_ARABIC;
    else if (c >= 0x0600 && c <= 0x06ff) {
      // Arabic punctuation and signs (، ؛ ؟ ٪ ٫) separate words, and so do the Kashmiri and Farsi
      // letters (see isIndexedArabicLetter).
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
      } else if ((c === 0x2e || c === ARABIC_DECIMAL) && i > start && CHAR_CLASS[text.charCodeAt(i - 1)] === CLASS_DIGIT && isDigitAt(text, i + 1)) {
        i++;
      } else if ((c === 0x2c || c === ARABIC_THOUSANDS) && i > start && CHAR_CLASS[text.charCodeAt(i - 1)] === CLASS_DIGIT && isThousandsGroup(text, i)) {
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

/** The phrase key of a normalized Arabic word: light10's prefix step only (see the header, step 6). */
function phraseKey(word: string): string {
  let key = word;
  if (key.length > 3 && key.charCodeAt(0) === 0x0648) key = key.slice(1);
  for (const prefix of LIGHT_PREFIXES) {
    if (key.startsWith(prefix) && key.length - prefix.length >= LIGHT_MIN_STEM) return key.slice(prefix.length);
  }
  return key;
}

function arabicStemmer(name: StemmerName): (word: string) => string {
  switch (name) {
    case 'light':
      return lightStem;
    case 'snowball': {
      const snowball = snowballFactory.newStemmer('arabic');
      return (word) => snowball.stem(word);
    }
  }
}

const englishStemmer = snowballFactory.newStemmer('english');

/** One word's analysis: its index term and its phrase key (null for a stopword or no word). */
interface WordEntry {
  term: string;
  key: string;
  root: string | null;
}

/**
 * One analyzer: small closures (wordEntry, terms, analyze, tokens, term) sharing the options and
 * one stem cache. Past 80 lines as a whole, but each closure is short and splitting them apart
 * would only pass the cache and options around.
 */
export function createAnalyzer(options: AnalyzerOptions = {}): Analyzer {
  const stemmerName = options.stemmer ?? DEFAULT_STEMMER;
  const useStopwords = options.stopwords ?? true;
  const phraseMode = options.phrases ?? DEFAULT_PHRASES;
  const stemArabic = arabicStemmer(stemmerName);
  const useRoots = options.rootStems ?? DEFAULT_ROOT_STEMS;
  const stemRoot = useRoots ? arabicStemmer('snowball') : null;
  const cache = new Map<string, WordEntry | null>();

  function arabicEntry(word: string): WordEntry | null {
    if (word.length < 2) return null;
    if (useStopwords && ARABIC_STOPWORDS.has(word)) return null;
    const stem = normalizeArabic(stemArabic(word));
    const term = stem.length >= LIGHT_MIN_STEM ? stem : word;
    const root = stemRoot ? `~${normalizeArabic(stemRoot(word))}` : null;
    return { term, key: phraseMode === 'surface' ? phraseKey(word) : term, root };
  }

  function otherEntry(word: string): WordEntry | null {
    if (word.length < 2) return null;
    if (useStopwords && ENGLISH_STOPWORDS.has(word)) return null;
    // Only pure a–z words go to the English stemmer; covid19 or Cyrillic words stay as written.
    const term = /^[a-z]+$/.test(word) ? englishStemmer.stem(word) : word;
    return { term, key: term, root: null };
  }

  function wordEntry(normalized: string, start: number, end: number, kind: WordKind): WordEntry | null {
    const word = normalized.slice(start, end);
    if (kind === 'number') {
      const term = numberTerm(word);
      return { term, key: term, root: null };
    }
    const cached = cache.get(word);
    if (cached !== undefined) return cached;
    const entry = kind === 'arabic' ? arabicEntry(word) : otherEntry(word);
    if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
    cache.set(word, entry);
    return entry;
  }

  function terms(text: string): string[] {
    const normalized = normalizeArabic(text);
    const out: string[] = [];
    forEachWord(normalized, (start, end, kind) => {
      const entry = wordEntry(normalized, start, end, kind);
      if (entry !== null) out.push(entry.term);
    });
    return out;
  }

  function analyze(text: string): Analysis {
    if (phraseMode === 'none' && !useRoots) return { terms: terms(text), phrases: [], roots: [] };
    const normalized = normalizeArabic(text);
    const out: string[] = [];
    const phrases: string[] = [];
    const roots: string[] = [];
    let previousKey: string | null = null;
    forEachWord(normalized, (start, end, kind) => {
      const entry = wordEntry(normalized, start, end, kind);
      if (entry === null) return;
      out.push(entry.term);
      if (entry.root !== null) roots.push(entry.root);
      if (phraseMode === 'none') return;
      if (previousKey !== null) phrases.push(`${previousKey} ${entry.key}`);
      previousKey = entry.key;
    });
    return { terms: out, phrases, roots };
  }

  function tokens(text: string): Token[] {
    const { text: normalized, map } = normalizeWithMap(text);
    const out: Token[] = [];
    forEachWord(normalized, (start, end, kind) => {
      const entry = wordEntry(normalized, start, end, kind);
      if (entry === null) return;
      const span = originalSpan(map, start, end);
      out.push({ term: entry.term, start: span.start, end: span.end });
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
      result = wordEntry(normalized, start, end, kind)?.term ?? null;
    });
    return result;
  }

  const phraseSuffix = (phraseMode === 'none' ? '' : `+phrases-${phraseMode}`) + (useRoots ? '+roots' : '');
  return {
    name: `text-v${ANALYSIS_VERSION}:${stemmerName}${useStopwords ? '+stop' : ''}${phraseSuffix}`,
    terms,
    analyze,
    tokens,
    term,
  };
}
