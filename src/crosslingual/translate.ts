/**
 * English question → structured Arabic query, for dictionary-based cross-language retrieval.
 *
 * Each content word (or multi-word dictionary entry) of the question becomes ONE group of Arabic
 * alternatives. The retriever scores a group as a single query term (Pirkola's structured query:
 * term frequencies of the alternatives add up, document frequency is that of their union), so a
 * word with ten dictionary translations does not outweigh a word with one.
 *
 * Steps, in this order (multi-word entries must be matched before stopwords are dropped, because
 * "head of state" contains one, and before lemmatizing, because "prime ministers" must still match):
 *  1. split into segments at punctuation (a multi-word entry never spans a comma) and tokenize;
 *  2. greedy longest match of multi-word dictionary entries (and upper-case acronyms: US, UN);
 *  3. drop English stopwords, question words ("how many", "how long") and scaffolding ("name of");
 *  4. numbers and years kept as written (1,000 → 1000; 1990s → 1990);
 *  5. single words: surface form, then lemma candidates, looked up in the dictionary;
 *  6. words the dictionary lacks: a lower-case one is first tried as a typo (one edit away from a
 *     dictionary word); otherwise → transliteration candidates (kind 'name') plus the Latin form
 *     itself (kind 'latin'); lower-case ones are also reported as untranslated.
 * Translations are cleaned for matching (diacritics, notes in parentheses, definitions after " - "
 * removed; lists split at commas and slashes) and weighted: earlier senses higher, and weights sum
 * to 1 within a group, so many translations make each one weaker.
 */
import type { Dictionary } from './dictionary.ts';
import { headwordKey } from './dictionary.ts';
import { lemmaCandidates } from './englishMorphology.ts';
import { ACRONYMS } from './glossary.ts';
import { oneEditVariants } from '../text/edits.ts';
import { transliterateWithCosts } from './transliterate.ts';
import { foldArabicLetters, stripArabicMarks } from '../text/arabic.ts';
import { GLOSS_EDGE_WORDS as ARABIC_EDGE_WORDS, TRANSLATION_STOPWORDS as STOPWORDS } from '../text/stopwords.ts';

export interface TranslatedTerm {
  /** The English word or words as they appeared in the question. */
  english: string;
  /** Arabic alternatives (or the Latin form, for kind 'latin'); weights sum to 1 within a group. */
  alternatives: Array<{ arabic: string; weight: number }>;
  /** 'multiword': a multi-word dictionary entry (or an acronym standing for one). */
  kind: 'dictionary' | 'multiword' | 'name' | 'number' | 'latin';
}

export interface TranslatedQuery {
  groups: TranslatedTerm[];
  /** Content words neither the dictionary nor the name rules could place (typos, rare words). */
  untranslated: string[];
}

export interface TranslateOptions {
  /** Most alternatives kept per group (default 6). */
  maxAlternatives?: number;
  /** Most transliteration candidates per name (default 4). */
  maxNameSpellings?: number;
}

// ---------------------------------------------------------------------------------------------
// English side

/** After "how", these only ask for a quantity: "how many", "how long", "how old". */
const HOW_QUANTIFIERS = new Set(['many', 'much', 'long', 'often', 'far', 'old', 'big', 'large', 'tall', 'high']);

/**
 * Question scaffolding: "the name of", "what type of", "the term for" ask for something; the
 * passage that answers rarely says "name" or "type".
 */
const SCAFFOLDING = new Set(['name', 'names', 'type', 'types', 'kind', 'kinds', 'sort', 'term', 'terms']);

/** Stopwords that are content words when capitalized inside a sentence (May → the month). */
const CAPITALIZED_CONTENT = new Set(['may', 'us']);

interface Token {
  /** As written (possessive kept). */
  text: string;
  /** Without a possessive 's. */
  word: string;
  lower: string;
  capitalized: boolean;
  allCaps: boolean;
  /** First token of its sentence: capitalization says nothing there. */
  sentenceStart: boolean;
  isNumber: boolean;
  isArabic: boolean;
}

const TOKEN = /\d+(?:[.,]\d+)*(?:'?s\b|st\b|nd\b|rd\b|th\b)?|\p{Script=Latin}[\p{Script=Latin}\p{M}'’-]*|\p{Script=Arabic}[\p{Script=Arabic}\p{M}]*/gu;

/** Splits at punctuation that no multi-word entry spans; returns token lists per segment. */
function tokenizeQuestion(question: string): Token[][] {
  const segments: Token[][] = [];
  let sentenceStart = true;
  // "U.S." → "US" first, so that its dots neither end a sentence nor split the token.
  const text = question.replace(/\b((?:[A-Za-z]\.){2,})/g, (abbreviation: string) => abbreviation.replace(/\./g, ''));
  // Commas and dots inside numbers (1,000 and 3.5) do not split.
  for (const segment of text.split(/((?:[.,](?!\d)|[!?;:()"“”«»[\]{}])+)/)) {
    if (!segment) continue;
    if (/^[.!?;:,()"“”«»[\]{}\s]+$/.test(segment)) {
      if (/[.!?]/.test(segment)) sentenceStart = true;
      continue;
    }
    const tokens: Token[] = [];
    for (const match of segment.matchAll(TOKEN)) {
      const written = match[0].replace(/^[-'’]+|[-'’]+$/g, '');
      if (!written) continue;
      const word = written.replace(/['’]s?$/i, '');
      const first = word[0] ?? '';
      tokens.push({
        text: written,
        word,
        lower: word.toLowerCase(),
        capitalized: first !== first.toLowerCase(),
        allCaps: word.length >= 2 && /^[A-Z]+$/.test(word),
        sentenceStart,
        isNumber: /^\d/.test(word),
        isArabic: /^\p{Script=Arabic}/u.test(word),
      });
      sentenceStart = false;
    }
    if (tokens.length) segments.push(tokens);
  }
  return segments;
}

// ---------------------------------------------------------------------------------------------
// Arabic side

/**
 * Arabic marks and tatweel, and also the honorific signs (U+0610–061A) that normalizeArabic keeps:
 * the analyzer would split a gloss word at one of them.
 */
const stripDiacritics = (arabic: string): string => stripArabicMarks(arabic, { honorificSigns: true });

/** Longest gloss kept, in words: longer ones are definitions, which never match news text. */
const MAX_GLOSS_WORDS = 4;

/**
 * One dictionary translation → the Arabic strings to search for: notes in parentheses and
 * definitions after " - " removed, lists split, diacritics and tatweel stripped, function words
 * trimmed from the edges. Spelling is otherwise kept (hamza forms, ة) for the retriever to normalize.
 */
export function cleanTranslation(translation: string): string[] {
  const withoutNotes =
    translation
      .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
      .replace(/[([].*$/, ' ')
      .split(/\s[-–]\s/)[0] ?? '';
  const out: string[] = [];
  for (const piece of withoutNotes.split(/[،,;؛/]/)) {
    if (/\p{Script=Latin}/u.test(piece)) continue;
    const words = stripDiacritics(piece)
      .replace(/[^\p{Script=Arabic}\p{N}\s]/gu, ' ')
      .split(/\s+/)
      .filter(Boolean);
    while (words.length > 1 && ARABIC_EDGE_WORDS.has(words[0] ?? '')) words.shift();
    while (words.length > 1 && ARABIC_EDGE_WORDS.has(words[words.length - 1] ?? '')) words.pop();
    if (!words.length || words.length > MAX_GLOSS_WORDS) continue;
    if (words.length === 1 && ARABIC_EDGE_WORDS.has(words[0] ?? '')) continue;
    const text = words.join(' ');
    if ((/\p{Script=Arabic}/u.test(text) || /^\d+$/.test(text)) && !out.includes(text)) out.push(text);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Weighting

/** How much a later sense counts relative to the one before it. */
const SENSE_DECAY = 0.7;
/** How much the 2nd, 3rd… synonym within one sense counts. */
const SYNONYM_DECAY = 0.85;

type Scores = Map<string, number>;

/** How much a past-tense form derived from a dictionary's verb form counts against the form itself. */
const DERIVED_FORM_SHARE = 0.8;

/**
 * The past tense (third person) that text uses for a verb the dictionary gives in another form.
 * FreeDict writes verbs as imperatives (write → اكتب, lose → إفقد, hear → إسمع) and -ed forms as
 * participles (created → مخلوق, described → موصوف, financed → ممول); reports say كتب، فقد، سمع،
 * خلق، وصف، مول. Regular patterns of three-letter verbs are undone: the imperative اِفعل (an alif and
 * three letters), and for an English -ed form the participles مَفعول (م, two letters, و, a letter)
 * and مُفعِّل (م and three letters). Other forms are left as given.
 */
export function pastTenseOf(word: string, participle: boolean): string | null {
  if (!ARABIC_LETTERS.test(word)) return null;
  const letters = [...word];
  if (letters.length === 4 && (letters[0] === 'ا' || letters[0] === 'إ')) return letters.slice(1).join('');
  if (!participle || letters[0] !== 'م') return null;
  if (letters.length === 5 && letters[3] === 'و') return letters[1]! + letters[2]! + letters[4]!;
  if (letters.length === 4) return letters.slice(1).join('');
  return null;
}

const ARABIC_LETTERS = /^[\u0621-\u063a\u0641-\u064a]+$/;

function addTranslations(scores: Scores, translations: readonly string[], factor: number, participle = false): void {
  const add = (arabic: string, score: number) => scores.set(arabic, Math.max(scores.get(arabic) ?? 0, score));
  translations.forEach((translation, sense) => {
    cleanTranslation(translation).forEach((arabic, synonym) => {
      const score = factor * SENSE_DECAY ** sense * SYNONYM_DECAY ** synonym;
      add(arabic, score);
      const past = pastTenseOf(arabic, participle);
      if (past) add(past, score * DERIVED_FORM_SHARE);
    });
  });
}

function normalize(scores: Scores, limit: number): Array<{ arabic: string; weight: number }> {
  const top = [...scores]
    .filter(([, score]) => score > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit);
  const total = top.reduce((sum, [, score]) => sum + score, 0);
  return top.map(([arabic, score]) => ({ arabic, weight: score / total }));
}

/** Merges two weighted lists, giving the first `share` of the weight. */
function blend(
  first: Array<{ arabic: string; weight: number }>,
  second: Array<{ arabic: string; weight: number }>,
  share: number,
  limit: number,
): Array<{ arabic: string; weight: number }> {
  const scores: Scores = new Map();
  for (const { arabic, weight } of first) scores.set(arabic, (scores.get(arabic) ?? 0) + weight * share);
  for (const { arabic, weight } of second) scores.set(arabic, (scores.get(arabic) ?? 0) + weight * (1 - share));
  return normalize(scores, limit);
}

/** Suffixes whose lemma adds meaning the inflected entry may lack (located → locate → يقع). */
const VERBAL_FORM = /(?:ed|ing)$/;

/**
 * Dictionary alternatives for one word: its own entry first, then the entries of its lemmas.
 * A found surface form keeps most of the weight; lemmas of -ed/-ing forms and irregular forms add
 * theirs at half strength. Plurals do not ("news" must not pick up "new").
 */
function translateWord(word: string, dictionary: Dictionary, limit: number): Array<{ arabic: string; weight: number }> {
  const [surface = word.toLowerCase(), ...lemmas] = lemmaCandidates(word);
  const scores: Scores = new Map();
  const own = dictionary.lookup(surface);
  addTranslations(scores, own, 1, surface.endsWith('ed'));
  const irregularOrVerbal = VERBAL_FORM.test(surface) || (lemmas.length > 0 && !surface.endsWith('s'));
  let found = 0;
  for (const lemma of lemmas) {
    if (found >= 2) break;
    const translations = dictionary.lookup(lemma);
    if (!translations.length) continue;
    found++;
    if (own.length) {
      if (!irregularOrVerbal) break;
      addTranslations(scores, translations, 0.5);
    } else {
      addTranslations(scores, translations, found === 1 ? 1 : 0.6);
    }
  }
  return normalize(scores, limit);
}

/** Consonant outline of an Arabic word for comparing spellings: ال, hamza forms and long vowels go. */
function skeleton(arabic: string): string {
  const plain = foldArabicLetters(stripDiacritics(arabic).replace(/^ال/, ''));
  return (plain[0] ?? '') + plain.slice(1).replace(/[اوي]/g, '');
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

/**
 * True when a dictionary translation sounds like the English word, i.e. the entry is itself a
 * transliterated name (Warsaw → وارشو). Then other spellings are worth searching too (the news
 * writes وارسو); for common words (Summer → الصيف) they would only add noise.
 */
function soundsLikeTransliteration(translations: readonly string[], spellings: readonly string[]): boolean {
  for (const translation of translations) {
    const outline = skeleton(translation);
    for (const spelling of spellings) {
      const other = skeleton(spelling);
      const longest = Math.max(outline.length, other.length);
      if (longest && editDistance(outline, other) / longest <= 0.5) return true;
    }
  }
  return false;
}

function nameAlternatives(word: string, maxSpellings: number): Array<{ arabic: string; weight: number }> {
  const scores: Scores = new Map();
  // exp(-3·cost): the usual spelling (cost 0) dominates, a 0.5-cost variant keeps ~20% of it.
  for (const { arabic, cost } of transliterateWithCosts(word, maxSpellings)) scores.set(arabic, Math.exp(-3 * cost));
  return normalize(scores, maxSpellings);
}

// ---------------------------------------------------------------------------------------------
// Typos

const LETTERS = [...'abcdefghijklmnopqrstuvwxyz'];

/**
 * Dictionary words one edit away (a swap of neighbours, a letter dropped, added or changed), in
 * that order of likelihood, for lower-case words of 5+ letters the dictionary and the lemma
 * rules do not know. At most two, so a typo never fans out into many unrelated words.
 */
function spellingCorrections(word: string, dictionary: Dictionary): string[] {
  if (word.length < 5 || !/^[a-z]+$/.test(word)) return [];
  const out: string[] = [];
  for (const candidate of oneEditVariants(word, LETTERS)) {
    if (!dictionary.has(candidate)) continue;
    out.push(candidate);
    if (out.length >= 2) break;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The query

/** Dictionary key of a token run, trying the last word's lemmas too ("prime ministers"). */
function matchMultiWordEntry(tokens: readonly Token[], dictionary: Dictionary): string | null {
  if (tokens.some((token) => token.isNumber && !/^\d+$/.test(token.word))) return null;
  const head = tokens.slice(0, -1).map((token) => token.lower);
  const last = tokens[tokens.length - 1];
  if (!last) return null;
  const first = tokens[0];
  // An entry never starts or ends with a function word ("of the" is not a term).
  if (!first || STOPWORDS.has(first.lower) || STOPWORDS.has(last.lower)) return null;
  for (const lastForm of lemmaCandidates(last.word)) {
    const key = [...head, lastForm].join(' ');
    if (dictionary.has(key)) return key;
  }
  return null;
}

function isStopword(token: Token, previous: Token | undefined, next?: Token): boolean {
  if (token.isNumber || token.isArabic) return false;
  if (previous?.lower === 'how' && HOW_QUANTIFIERS.has(token.lower)) return true;
  if (SCAFFOLDING.has(token.lower) && (next?.lower === 'of' || next?.lower === 'for')) return true;
  if (CAPITALIZED_CONTENT.has(token.lower) && token.capitalized && !token.sentenceStart) return false;
  return STOPWORDS.has(token.lower) || token.lower.length < 2;
}

/** "1,000" → "1000"; "1990s" → "1990"; "3rd" stays for the dictionary to try first. */
function numberForm(word: string): string {
  return word
    .replace(/'?s$/, '')
    .replace(/(\d),(?=\d{3}\b)/g, '$1')
    .replace(/(st|nd|rd|th)$/, '');
}

/**
 * Translates an English question into groups of weighted Arabic alternatives, one group per
 * content word or multi-word dictionary entry, in question order and without repeats.
 */
export function translateQuery(question: string, dictionary: Dictionary, options: TranslateOptions = {}): TranslatedQuery {
  const translation = new QuestionTranslation(dictionary, options.maxAlternatives ?? 6, options.maxNameSpellings ?? 4);
  for (const tokens of tokenizeQuestion(question)) translation.addSegment(tokens);
  return { groups: translation.groups, untranslated: translation.untranslated };
}

/** One question's groups as they are found, segment by segment (steps 2–6 of the header). */
class QuestionTranslation {
  readonly groups: TranslatedTerm[] = [];
  readonly untranslated: string[] = [];
  /** Kind and alternatives of each group so far: two words that translate alike make one group. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly dictionary: Dictionary,
    /** Most alternatives kept per group. */
    private readonly limit: number,
    private readonly maxSpellings: number,
  ) {}

  addSegment(tokens: readonly Token[]): void {
    let at = 0;
    while (at < tokens.length) {
      const token = tokens[at];
      if (!token) break;
      const covered = this.addMultiWordAt(tokens, at);
      if (covered) {
        at += covered;
        continue;
      }
      this.addToken(token, tokens[at - 1], tokens[at + 1]);
      at++;
    }
  }

  private add(group: TranslatedTerm): void {
    if (!group.alternatives.length) return;
    const key = `${group.kind}:${group.alternatives.map((alternative) => alternative.arabic).join('|')}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.groups.push(group);
  }

  /** The acronym or the longest multi-word entry starting at `at`, added as a group: how many tokens it covers (0: none). */
  private addMultiWordAt(tokens: readonly Token[], at: number): number {
    const { dictionary, limit } = this;
    const token = tokens[at]!;
    // Acronyms written in capitals (US, U.S., UN) stand for multi-word entries.
    const expansion = token.allCaps ? ACRONYMS[token.word] : undefined;
    if (expansion && dictionary.has(expansion)) {
      this.add({ english: token.text, alternatives: translateWord(expansion, dictionary, limit), kind: 'multiword' });
      return 1;
    }
    for (let length = Math.min(dictionary.maxEntryWords, tokens.length - at); length >= 2; length--) {
      const run = tokens.slice(at, at + length);
      const key = matchMultiWordEntry(run, dictionary);
      if (!key) continue;
      const scores: Scores = new Map();
      addTranslations(scores, dictionary.lookup(key), 1);
      const alternatives = normalize(scores, limit);
      if (!alternatives.length) continue;
      this.add({ english: run.map((part) => part.text).join(' '), alternatives, kind: 'multiword' });
      return length;
    }
    return 0;
  }

  /** One token outside any multi-word entry: stopwords go, Arabic words and numbers stay as written. */
  private addToken(token: Token, previous: Token | undefined, next: Token | undefined): void {
    const { dictionary, limit } = this;
    if (isStopword(token, previous, next)) return;
    if (token.isArabic) {
      this.add({ english: token.text, alternatives: [{ arabic: stripDiacritics(token.word), weight: 1 }], kind: 'latin' });
      return;
    }
    if (token.isNumber) {
      const ordinal = dictionary.lookup(token.lower);
      if (/(st|nd|rd|th)$/.test(token.lower) && ordinal.length) {
        this.add({ english: token.text, alternatives: translateWord(token.lower, dictionary, limit), kind: 'dictionary' });
      } else {
        this.add({ english: token.text, alternatives: [{ arabic: numberForm(token.word), weight: 1 }], kind: 'number' });
      }
      return;
    }
    // Hyphenated words: the dictionary drops hyphens ("able-bodied" → ablebodied); else split.
    if (token.word.includes('-') && !dictionary.has(headwordKey(token.word))) {
      for (const part of token.word.split('-').filter(Boolean)) {
        const partToken: Token = { ...token, text: part, word: part, lower: part.toLowerCase() };
        if (!isStopword(partToken, undefined)) this.addWord(partToken);
      }
      return;
    }
    this.addWord(token);
  }

  /** A content word: its dictionary senses, else the correction of a typo, else a name's spellings and its Latin form. */
  private addWord(token: Token): void {
    const alternatives = this.dictionaryAlternatives(token);
    if (alternatives.length) {
      this.add({ english: token.text, alternatives, kind: 'dictionary' });
      return;
    }
    // A lower-case word nobody knows is most often a typo (parliment, agenchy).
    if (!token.capitalized && this.addCorrection(token)) return;
    // Short acronyms (WSE, BBC) are read letter by letter, which these rules do not model;
    // word-like ones (NASA, FIFA) are transliterated like names.
    const pronounceable = !token.allCaps || (token.word.length >= 4 && /[AEIOU]/.test(token.word));
    if (pronounceable) this.add({ english: token.text, alternatives: nameAlternatives(token.word, this.maxSpellings), kind: 'name' });
    this.add({ english: token.text, alternatives: [{ arabic: token.word, weight: 1 }], kind: 'latin' });
    if (!token.capitalized) this.untranslated.push(token.text);
  }

  private dictionaryAlternatives(token: Token): Array<{ arabic: string; weight: number }> {
    const { dictionary, limit } = this;
    // Capitalized inside a sentence (or in capitals): likely a name even if the dictionary knows
    // the word (Warsaw → وارشو in FreeDict, وارسو in the news; Sky, Lane).
    const looksLikeName = (token.capitalized && !token.sentenceStart) || token.allCaps;
    // A name is looked up only as written: lemma rules turn names into unrelated words (Homs → homo).
    if (looksLikeName && !dictionary.has(headwordKey(token.word))) return [];
    const senses = translateWord(token.word, dictionary, limit);
    if (!senses.length || !looksLikeName) return senses;
    const spellings = nameAlternatives(token.word, Math.min(3, this.maxSpellings));
    const translations = senses.map((alternative) => alternative.arabic);
    const names = spellings.map((spelling) => spelling.arabic);
    // Sounds like the name → its other spellings count much; a common word (Sky → السماء,
    // while the news writes سكاي) keeps most of the weight on the dictionary's sense.
    return soundsLikeTransliteration(translations, names) ? blend(senses, spellings, 0.65, limit + 2) : blend(senses, spellings.slice(0, 2), 0.7, limit + 2);
  }

  /** Adds the translations of a typo's corrections (the likelier one first) as one group; false when there is none. */
  private addCorrection(token: Token): boolean {
    const corrections = spellingCorrections(token.lower, this.dictionary);
    if (!corrections.length) return false;
    const scores: Scores = new Map();
    corrections.forEach((correction, index) => {
      for (const { arabic, weight } of translateWord(correction, this.dictionary, this.limit)) {
        scores.set(arabic, Math.max(scores.get(arabic) ?? 0, weight * 0.7 ** index));
      }
    });
    this.add({ english: token.text, alternatives: normalize(scores, this.limit), kind: 'dictionary' });
    return true;
  }
}
