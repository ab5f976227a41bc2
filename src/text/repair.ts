/**
 * Repair of PDF-extracted text. Most of it works by spans, leaving the text as read: paragraph
 * spans say where paragraphs really are (hard-wrapped lines joined); `displayText` tidies a slice
 * for showing or embedding it. Lines whose halves extraction swapped are the exception: their words
 * are out of order, so the corpus loader puts them back (`repairSwappedLines`) and keeps a source
 * map from the repaired text to the text as read.
 */
import type { SourceSegment, Span } from '../types.ts';
import { ARABIC_ALPHABET_WORD, CLOSING_MARKS, isKashidaNeighbour, SENTENCE_ENDING_MARKS, STRAIGHT_QUOTES, TATWEEL } from './arabic.ts';
import { normalizeArabic } from './normalize.ts';
import { ARABIC_STOPWORDS } from './stopwords.ts';

/** JavaScript's `\s`, as a code test (called on every character of every article). */
export function isWhitespaceCode(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Closing quotes and brackets that may follow the final mark (`.”`, `؟»`, `.)`); at a line's end a
 * straight quote can only be closing.
 */
const CLOSERS: ReadonlySet<string> = new Set([...CLOSING_MARKS, ...STRAIGHT_QUOTES]);

/**
 * Whether trimmed line [start, end) ends with sentence-final punctuation, closers allowed after it
 * (a colon does not end one: quotes follow it).
 */
function endsSentence(text: string, start: number, end: number): boolean {
  let i = end - 1;
  while (i >= start && CLOSERS.has(text[i]!)) i--;
  return i >= start && SENTENCE_ENDING_MARKS.has(text[i]!);
}

interface Line {
  /** Trimmed bounds; start === end for a blank line. */
  start: number;
  end: number;
}

function trimmedLines(text: string): Line[] {
  const lines: Line[] = [];
  let lineStart = 0;
  const length = text.length;
  while (lineStart <= length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = length;
    let start = lineStart;
    let end = lineEnd;
    while (start < end && isWhitespaceCode(text.charCodeAt(start))) start++;
    while (end > start && isWhitespaceCode(text.charCodeAt(end - 1))) end--;
    lines.push(start < end ? { start, end } : { start: lineEnd, end: lineEnd });
    lineStart = lineEnd + 1;
  }
  return lines;
}

/** Fewer soft junctions than this and a document is never treated as hard-wrapped. */
const MIN_SOFT_JUNCTIONS = 2;
/** A line at least this share of the wrap width "fills" it (was wrapped, not ended). */
const FULL_LINE_SHARE = 0.6;
/** A line shorter than this share of the wrap width ends its paragraph even without punctuation. */
const SHORT_LINE_SHARE = 0.5;

/** Line length (in UTF-16 units) that most lines reach: the 80th percentile. */
function wrapWidth(lines: Line[]): number {
  const lengths: number[] = [];
  for (const line of lines) if (line.end > line.start) lengths.push(line.end - line.start);
  if (lengths.length === 0) return 0;
  lengths.sort((a, b) => a - b);
  return lengths[Math.min(lengths.length - 1, Math.floor(lengths.length * 0.8))]!;
}

/**
 * Hard-wrapping is decided per document, because PDF blocks are often only two or three lines
 * (too few to judge alone) while the wrap width is a property of the whole page layout.
 *
 * A "junction" is a single newline between two non-blank lines. It is "soft" when the line
 * before it does not end with sentence-final punctuation and fills at least 60% of the wrap
 * width (80th-percentile line length). Web articles put one paragraph per line: their lines end
 * with punctuation, and the few that do not (headings, captions) are short next to the
 * paragraph-long lines around them. A document is hard-wrapped when at least two junctions,
 * and at least half of all junctions, are soft.
 */
function isHardWrapped(text: string, lines: Line[], width: number): boolean {
  let junctions = 0;
  let soft = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1]!;
    if (line.end === line.start || next.end === next.start) continue;
    junctions++;
    if (!endsSentence(text, line.start, line.end) && line.end - line.start >= width * FULL_LINE_SHARE) soft++;
  }
  return soft >= MIN_SOFT_JUNCTIONS && soft * 2 >= junctions;
}

/**
 * Paragraph spans of `text`, trimmed and non-empty, in order. A blank line always ends a
 * paragraph. A single newline ends one too, unless the document is hard-wrapped (see
 * `isHardWrapped`): then lines are joined, and a line ends its paragraph only when it ends with
 * sentence-final punctuation or is clearly short (under half the wrap width).
 */
export function paragraphSpans(text: string): Span[] {
  const lines = trimmedLines(text);
  const width = wrapWidth(lines);
  const hardWrapped = isHardWrapped(text, lines, width);
  const spans: Span[] = [];
  let open: Span | null = null;
  for (const line of lines) {
    if (line.end === line.start) {
      if (open) spans.push(open);
      open = null;
      continue;
    }
    if (open) open.end = line.end;
    else open = { start: line.start, end: line.end };
    const endsParagraph = !hardWrapped || endsSentence(text, line.start, line.end) || line.end - line.start < width * SHORT_LINE_SHARE;
    if (endsParagraph) {
      spans.push(open);
      open = null;
    }
  }
  if (open) spans.push(open);
  return spans;
}

/**
 * A slice tidied for DISPLAY (and embedding), never for quoting offsets: kashida stretches
 * inside words are removed (كيــــف → كيف), runs of spaces become one space, and a line break
 * becomes a space unless the line ended a sentence (then one newline is kept, as it is after a
 * blank line). Words are otherwise unchanged; the result is trimmed.
 */
export function displayText(slice: string): string {
  let out = '';
  let runStart = 0;
  const length = slice.length;
  let i = 0;
  while (i < length) {
    const c = slice.charCodeAt(i);
    if (c === TATWEEL) {
      let j = i;
      while (j < length && slice.charCodeAt(j) === TATWEEL) j++;
      // Only between two letters: a word-final tatweel is meaningful (هـ for the Hijri year).
      if (i > 0 && isKashidaNeighbour(slice.charCodeAt(i - 1)) && j < length && isKashidaNeighbour(slice.charCodeAt(j))) {
        out += slice.slice(runStart, i);
        runStart = j;
      }
      i = j;
      continue;
    }
    if (isWhitespaceCode(c)) {
      let j = i;
      let newlines = 0;
      while (j < length && isWhitespaceCode(slice.charCodeAt(j))) {
        if (slice.charCodeAt(j) === 0x0a) newlines++;
        j++;
      }
      const isSingleSpace = c === 0x20 && j === i + 1;
      if (!isSingleSpace) {
        out += slice.slice(runStart, i);
        let separator = ' ';
        if (newlines >= 2 || (newlines === 1 && endsSentence(slice, 0, i))) separator = '\n';
        out += separator;
        runStart = j;
      }
      i = j;
      continue;
    }
    i++;
  }
  out += slice.slice(runStart);
  return out.trim();
}

// ---------------------------------------------------------------- swapped line halves

export interface RepairedText {
  text: string;
  sourceMap: SourceSegment[];
}

/**
 * A split word's second half, when it opens a line: two letters (ية، يا، ها), or a few letters
 * led by tatweel (ــة، ــه). One- and three-letter tokens opening lines are ordinary words (و، أكد).
 */
const FRAGMENT_LETTERS = 2;
const MAX_TATWEEL_FRAGMENT_LETTERS = 3;

function isFragmentShaped(token: LineToken | undefined): boolean {
  if (!token || !isArabicWord(token.word)) return false;
  return token.tatweelFirst ? token.word.length <= MAX_TATWEEL_FRAGMENT_LETTERS : token.word.length === FRAGMENT_LETTERS;
}
const FRAGMENT_PUNCTUATION = /[\p{P}\p{S}]+$/u;

interface LineToken {
  start: number;
  end: number;
  /** The letters in the matching form, punctuation dropped (normalize.ts removes tatweel). */
  word: string;
  /** Written with a leading tatweel: no word begins so; only a split word's second half does. */
  tatweelFirst: boolean;
  /** Written with punctuation after its letters. */
  punctuated: boolean;
}

function lineTokens(text: string, start: number, end: number): LineToken[] {
  const tokens: LineToken[] = [];
  for (const match of text.slice(start, end).matchAll(/\S+/g)) {
    const written = match[0];
    tokens.push({
      start: start + match.index,
      end: start + match.index + written.length,
      word: normalizeArabic(written.replace(FRAGMENT_PUNCTUATION, '')),
      tatweelFirst: written.charCodeAt(0) === TATWEEL,
      punctuated: FRAGMENT_PUNCTUATION.test(written),
    });
  }
  return tokens;
}

function isArabicWord(word: string): boolean {
  return word.length > 0 && ARABIC_ALPHABET_WORD.test(word);
}

/**
 * A line that may start with the second half of a split word: its first token is a few Arabic
 * letters, and it ends in letters without punctuation (the first half of the word). A cheap test,
 * so that most corpora never build a vocabulary.
 */
function isSuspectLine(tokens: readonly LineToken[]): boolean {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (!first || !last || tokens.length < 3 || !isArabicWord(last.word) || last.punctuated || !isFragmentShaped(first)) return false;
  // A function word opens many ordinary lines; one with a comma glued to it (يا،) does not.
  return first.tatweelFirst || !ARABIC_STOPWORDS.has(first.word) || first.punctuated;
}

/** Trimmed non-empty lines of a text, as [start, end) offsets. */
function lineRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    if (lineEnd > lineStart) ranges.push([lineStart, lineEnd]);
    lineStart = lineEnd + 1;
  }
  return ranges;
}

/** Whether a text has lines a vocabulary could confirm as swapped (see isSuspectLine). */
export function hasSuspectLines(text: string): boolean {
  return lineRanges(text).some(([start, end]) => isSuspectLine(lineTokens(text, start, end)));
}

/**
 * The words of a corpus in the matching form, to confirm repairs with: what a split word joins
 * into must be a word the corpus writes whole elsewhere. What could be half a word is left out, so
 * that a fragment never confirms itself: tokens led by tatweel, and in suspect lines the short
 * tokens and the last one.
 */
export function corpusVocabulary(texts: Iterable<string>): Set<string> {
  const words = new Set<string>();
  for (const text of texts) {
    for (const [start, end] of lineRanges(text)) {
      const tokens = lineTokens(text, start, end);
      const suspect = isSuspectLine(tokens);
      tokens.forEach((token, index) => {
        if (!token.word || token.tatweelFirst) return;
        if (suspect && (index === tokens.length - 1 || isFragmentShaped(token))) return;
        words.add(token.word);
      });
    }
  }
  return words;
}

/**
 * The runs of a suspect line in reading order, or null to leave it as it is.
 *
 * PDF extraction that meets a gap inside a word (a kashida-justified line, a letter that does not
 * join the next) can cut a line into runs at split words and emit the runs right to left: «ية، بعد
 * اشتباكات عنيفة سارت سيطر تنظيم … تدمر السور» for «سيطر تنظيم … تدمر السورية، بعد اشتباكات عنيفة
 * سارت». Each run but the line's true first one starts with the second half of a split word (a
 * fragment: a few letters that are no word, or a token starting with tatweel), and the run emitted
 * after it ends with the word's first half. The repair puts the runs back in order, joining each
 * split word, when every join is a corpus word (a join with a tatweel-led fragment needs no
 * confirmation, no word beginning so) and at least one join is confirmed by the vocabulary.
 *
 * Where the line's true start lies is known only from the run before it, which ends with the first
 * half of another split word; with a single split word it is not known (the two halves could meet
 * at any word boundary), and only the fragment moves back to its word: «بعد اشتباكات عنيفة سارت سيطر
 * … تدمر السورية،».
 */
function swappedRuns(tokens: readonly LineToken[], vocabulary: ReadonlySet<string>): Array<[number, number]> | null {
  // A short token right after the first may start a run of its own («ية، يا، يتيح …»: the first run
  // held only a fragment) or be an ordinary word («ية، بعد …»): the first reading that checks out wins.
  return runsOf(tokens, vocabulary, true) ?? runsOf(tokens, vocabulary, false);
}

function runsOf(tokens: readonly LineToken[], vocabulary: ReadonlySet<string>, fragmentAfterFragment: boolean): Array<[number, number]> | null {
  const isWord = (token: LineToken | undefined) => !!token && (vocabulary.has(token.word) || ARABIC_STOPWORDS.has(token.word));
  // A fragment: the line's first token, a token led by tatweel, or (in the first reading) a short
  // token right after a fragment. In the second reading such a token must be a word.
  const fragments: number[] = [];
  tokens.forEach((token, index) => {
    const afterFragment = fragments[fragments.length - 1] === index - 1;
    if (index === 0 || (isFragmentShaped(token) && (token.tatweelFirst || (fragmentAfterFragment && afterFragment)))) fragments.push(index);
  });
  if (!fragmentAfterFragment && isFragmentShaped(tokens[1]) && !isWord(tokens[1])) return null;
  // What a split word's halves join into is a corpus word; a half is no function word, and when
  // the second half could be a word itself (يا), the first must not be one (سور, not a whole word).
  const joins = (stem: LineToken | undefined, fragment: LineToken) =>
    !!stem &&
    isArabicWord(stem.word) &&
    !ARABIC_STOPWORDS.has(stem.word) &&
    vocabulary.has(stem.word + fragment.word) &&
    !(isWord(fragment) && vocabulary.has(stem.word));
  // Each fragment starts a run; the last run, the line's true start, begins after the first half
  // that joins the fragment two runs before it, or right after the only fragment.
  const lastFragment = fragments[fragments.length - 1]!;
  let trueStart = lastFragment + 1;
  if (fragments.length > 1) {
    const before = tokens[fragments[fragments.length - 2]!]!;
    let stem = lastFragment + 1;
    while (stem < tokens.length - 1 && !joins(tokens[stem], before)) stem++;
    trueStart = stem + 1;
  }
  if (trueStart >= tokens.length) return null;
  const starts = [...fragments, trueStart];
  const runs = starts.map((start, k): [number, number] => [start, (starts[k + 1] ?? tokens.length) - 1]);
  let confirmed = 0;
  for (let k = 0; k + 1 < runs.length; k++) {
    const fragment = tokens[runs[k]![0]]!;
    const stem = tokens[runs[k + 1]![1]];
    if (joins(stem, fragment)) confirmed++;
    else if (!fragment.tatweelFirst || !stem || !isArabicWord(stem.word)) return null;
  }
  return confirmed > 0 ? runs.reverse() : null;
}

/**
 * The text with swapped line halves put back (see swappedRuns), and where each piece comes from;
 * null when no line needed it. Only confirmed lines change; every other character stays where it is.
 */
export function repairSwappedLines(text: string, vocabulary: ReadonlySet<string>): RepairedText | null {
  const segments: SourceSegment[] = [];
  let out = '';
  let copiedTo = 0;
  const copy = (from: number, to: number) => {
    if (to <= from) return;
    segments.push({ start: out.length, end: out.length + to - from, source: from });
    out += text.slice(from, to);
  };
  let changed = false;
  for (const [start, end] of lineRanges(text)) {
    const tokens = lineTokens(text, start, end);
    if (!isSuspectLine(tokens)) continue;
    const runs = swappedRuns(tokens, vocabulary);
    if (!runs) continue;
    changed = true;
    copy(copiedTo, tokens[0]!.start);
    // A run is one slice of the line; the runs meet without the spaces that separated them.
    for (const [first, last] of runs) copy(tokens[first]!.start, tokens[last]!.end);
    copiedTo = tokens[tokens.length - 1]!.end;
  }
  if (!changed) return null;
  copy(copiedTo, text.length);
  return { text: out, sourceMap: mergeSegments(segments) };
}

function mergeSegments(segments: readonly SourceSegment[]): SourceSegment[] {
  const merged: SourceSegment[] = [];
  for (const segment of segments) {
    const previous = merged[merged.length - 1];
    if (previous && previous.end === segment.start && previous.source + (previous.end - previous.start) === segment.source) previous.end = segment.end;
    else merged.push({ ...segment });
  }
  return merged;
}

/** Where a span of a repaired text lies in the article as read: one span per piece it crosses, in text order. */
export function sourceSpans(sourceMap: readonly SourceSegment[] | undefined, span: Span): Span[] {
  if (!sourceMap) return [{ start: span.start, end: span.end }];
  const out: Span[] = [];
  for (const segment of sourceMap) {
    const start = Math.max(span.start, segment.start);
    const end = Math.min(span.end, segment.end);
    if (start < end) out.push({ start: segment.source + start - segment.start, end: segment.source + end - segment.start });
  }
  return out;
}
