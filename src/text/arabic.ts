/**
 * The Arabic script's rules that every text filter shares, written once: which code units are
 * letters, which are marks, how letters fold for matching, and which punctuation ends a sentence.
 * Classes are tests on UTF-16 code units, because every filter walks text with charCodeAt.
 *
 * Letters come in named groups, so that a filter that has always drawn the line elsewhere says
 * where, in terms of these groups (see "Where a filter draws the line elsewhere" at the end).
 */

// ---------------------------------------------------------------------------------------------
// Letters

/** The Arabic alphabet: hamza and its carriers, the 28 letters, ta marbuta and alef maqsura (ء–غ, ف–ي). */
function isArabicAlphabetLetter(c: number): boolean {
  return (c >= 0x0621 && c <= 0x063a) || (c >= 0x0641 && c <= 0x064a);
}

/** Letters added among the alphabet's own code points for Kashmiri and Farsi (U+0620, U+063B–063F). */
function isKashmiriFarsiLetter(c: number): boolean {
  return c === 0x0620 || (c >= 0x063b && c <= 0x063f);
}

/** Dotless beh and qaf (ٮ ٯ, U+066E–066F), the letters as early manuscripts wrote them. */
function isDotlessArabicLetter(c: number): boolean {
  return c === 0x066e || c === 0x066f;
}

/**
 * The letters the script adds for other languages in its main block (Persian پ چ ژ گ, Urdu,
 * Kurdish, Sindhi, Pashto…), with alef wasla ٱ (U+0671–06D3, U+06D5).
 */
function isExtendedArabicLetter(c: number): boolean {
  return (c >= 0x0671 && c <= 0x06d3) || c === 0x06d5;
}

/** The last letters of the main block (U+06EE–06EF, 06FA–06FC, 06FF), the Supplement and Extended-A. */
function isSupplementArabicLetter(c: number): boolean {
  return (c >= 0x06ee && c <= 0x06ef) || (c >= 0x06fa && c <= 0x06fc) || c === 0x06ff || (c >= 0x0750 && c <= 0x077f) || (c >= 0x08a0 && c <= 0x08c9);
}

/** Every letter of the Arabic script in its logical form (presentation forms are apart, below). */
export function isArabicLetter(c: number): boolean {
  return isArabicAlphabetLetter(c) || isKashmiriFarsiLetter(c) || isDotlessArabicLetter(c) || isExtendedArabicLetter(c) || isSupplementArabicLetter(c);
}

/** `isArabicAlphabetLetter` for patterns: one alphabet letter anywhere / a string of them only. */
export const ARABIC_ALPHABET_LETTER = /[\u0621-\u063a\u0641-\u064a]/;
export const ARABIC_ALPHABET_WORD = /^[\u0621-\u063a\u0641-\u064a]+$/;

/**
 * Presentation forms A and B (U+FB50–FDFF, U+FE70–FEFE): contextual shapes and ligatures (ﻻ, ﷲ)
 * that PDFs and old software write instead of letters.
 */
export function isArabicPresentationForm(c: number): boolean {
  return (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfefe);
}

// ---------------------------------------------------------------------------------------------
// Marks

/** Tatweel (kashida), the joining stroke that only stretches a word. */
export const TATWEEL = 0x0640;
/** Superscript (dagger) alef, a vowel mark: هٰذا. */
const SUPERSCRIPT_ALEF = 0x0670;

/** Harakat: tanween, fatha, damma, kasra, shadda, sukun and the rarer vowel marks (U+064B–065F). */
export function isHaraka(c: number): boolean {
  return c >= 0x064b && c <= 0x065f;
}

/** Quranic annotation marks (U+06D6–06ED): small high letters, pause and prostration signs. */
function isQuranicMark(c: number): boolean {
  return c >= 0x06d6 && c <= 0x06ed;
}

/** The marks matching removes: harakat, the superscript alef and Quranic annotation marks. */
export function isArabicMark(c: number): boolean {
  return isHaraka(c) || c === SUPERSCRIPT_ALEF || isQuranicMark(c);
}

/** Honorific signs and small high marks written over a word (U+0610–061A: ؐ ؑ ؒ …); normalizeArabic keeps them. */
function isArabicHonorificSign(c: number): boolean {
  return c >= 0x0610 && c <= 0x061a;
}

/**
 * `text` without its Arabic marks (isArabicMark) and tatweel, for Arabic that is cleaned but not
 * normalized. `honorificSigns: true` removes the honorific signs too.
 */
export function stripArabicMarks(text: string, options: { honorificSigns?: boolean } = {}): string {
  const signs = options.honorificSigns ?? false;
  let out = '';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isArabicMark(c) || c === TATWEEL || (signs && isArabicHonorificSign(c))) {
      out += text.slice(runStart, i);
      runStart = i + 1;
    }
  }
  return runStart === 0 ? text : out + text.slice(runStart);
}

// ---------------------------------------------------------------------------------------------
// Digits

/** The value 0–9 of an Arabic-Indic (٠–٩) or Persian (۰–۹) digit, or -1. */
export function arabicDigitValue(c: number): number {
  if (c >= 0x0660 && c <= 0x0669) return c - 0x0660;
  if (c >= 0x06f0 && c <= 0x06f9) return c - 0x06f0;
  return -1;
}

/** A digit in any of the three ways Arabic news writes them: 0–9, ٠–٩, ۰–۹. */
export function isDigitCode(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || arabicDigitValue(c) >= 0;
}

// ---------------------------------------------------------------------------------------------
// Folding

/**
 * Letter folding for matching: letters writers use interchangeably become one.
 *   أ إ آ ٱ ٲ ٳ → ا   hamza or madda on alef, alef wasla, wavy hamza: often left out in writing
 *   ى ی → ي            alef maqsura, written for final ya; ی, the Persian ya of Persian keyboards
 *   ة → ه              ta marbuta, often written without its dots
 *   ک → ك              the Persian kaf of Persian keyboards
 * Hamza on waw or ya (ؤ ئ) and lone hamza (ء) are kept: folding them merges different words.
 */
export function foldArabicLetter(c: number): number {
  switch (c) {
    case 0x0623: // أ
    case 0x0625: // إ
    case 0x0622: // آ
    case 0x0671: // ٱ
    case 0x0672: // ٲ
    case 0x0673: // ٳ
      return 0x0627;
    case 0x0649: // ى
    case 0x06cc: // ی
      return 0x064a;
    case 0x0629: // ة
      return 0x0647;
    case 0x06a9: // ک
      return 0x0643;
    default:
      return c;
  }
}

/** `text` with every letter folded (foldArabicLetter); nothing else changes. */
export function foldArabicLetters(text: string): string {
  let out = '';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const folded = foldArabicLetter(c);
    if (folded !== c) {
      out += text.slice(runStart, i) + String.fromCharCode(folded);
      runStart = i + 1;
    }
  }
  return runStart === 0 ? text : out + text.slice(runStart);
}

/** The alphabet as folded text spells it: the alphabet's letters that folding leaves as they are. */
export const FOLDED_ARABIC_ALPHABET: readonly string[] = Array.from({ length: 0x064b - 0x0621 }, (_, i) => 0x0621 + i)
  .filter((c) => isArabicAlphabetLetter(c) && foldArabicLetter(c) === c)
  .map((c) => String.fromCharCode(c));

// ---------------------------------------------------------------------------------------------
// Sentence punctuation

/** Marks that end a sentence: . ! ? ؟ …, and ۔ (the Urdu full stop, in Arabic news too). */
export const FULL_STOPS: ReadonlySet<string> = new Set(['.', '!', '?', '؟', '…', '۔']);
/** The full stops and the semicolons ؛ ;, after which Arabic news often starts a new sentence. */
export const SENTENCE_ENDING_MARKS: ReadonlySet<string> = new Set([...FULL_STOPS, '؛', ';']);
/** Closing quotes and brackets that stay with the sentence they end (`.”`, `؟»`, `.)`). */
export const CLOSING_MARKS: ReadonlySet<string> = new Set(['»', '”', '’', ')', ']', '}', '›', '〉']);
/** Straight quotes open and close alike: only their neighbours tell which. */
export const STRAIGHT_QUOTES: ReadonlySet<string> = new Set(['"', "'"]);

// ---------------------------------------------------------------------------------------------
// Where a filter draws the line elsewhere
//
// Each filter below has always classed a few rare code points differently from isArabicLetter.
// None of these differences is needed; each is kept because the filter's output depends on it
// (index terms, sentence spans and so passages, the detected language), and changing it is a
// change of behaviour to make on purpose, with its own tests (and, for the analyzer, a new
// ANALYSIS_VERSION). In the eval corpora and questions, of all these code points only U+0670 occurs.

/**
 * Word letters for the lexical analyzer (on normalized text): isArabicLetter without the
 * Kashmiri and Farsi letters, at which analysis text-v2 splits words.
 */
export function isIndexedArabicLetter(c: number): boolean {
  return isArabicLetter(c) && !isKashmiriFarsiLetter(c);
}

/**
 * Letters for the sentence splitter (on original text): the alphabet, the dotless and extended
 * letters, the superscript alef, and the whole range U+FB50–FEFC. That range takes in the
 * presentation forms (but not U+FEFD–FEFE) and also U+FE00–FE6F, which are not Arabic: a
 * variation selector, as in the emoji ❤️, then counts as a one-letter word, so «❤️.» does not end
 * a sentence.
 */
export function isSentenceLetter(c: number): boolean {
  return isArabicAlphabetLetter(c) || isDotlessArabicLetter(c) || isExtendedArabicLetter(c) || c === SUPERSCRIPT_ALEF || (c >= 0xfb50 && c <= 0xfefc);
}

/**
 * What a tatweel may stand between and only stretch a word (repair.ts displayText): the alphabet,
 * the Kashmiri and Farsi and the extended letters, harakat and the superscript alef; not the
 * dotless or supplement letters, nor Quranic marks.
 */
export function isKashidaNeighbour(c: number): boolean {
  return isArabicAlphabetLetter(c) || isKashmiriFarsiLetter(c) || isExtendedArabicLetter(c) || isHaraka(c) || c === SUPERSCRIPT_ALEF;
}

/**
 * What language detection counts as Arabic (on original text): isArabicLetter, the superscript
 * alef, the two Sindhi signs U+06FD–06FE, and the presentation forms up to U+FDFB and U+FEFC
 * (without the rial sign ﷼, ﷽ and two unassigned code points).
 */
export function countsAsArabicLetter(c: number): boolean {
  return isArabicLetter(c) || c === SUPERSCRIPT_ALEF || c === 0x06fd || c === 0x06fe || (c >= 0xfb50 && c <= 0xfdfb) || (c >= 0xfe70 && c <= 0xfefc);
}
