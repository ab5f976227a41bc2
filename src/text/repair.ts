/**
 * Repair of PDF-extracted text, by spans: the stored text is never rewritten. Paragraph spans
 * say where paragraphs really are (hard-wrapped lines joined); `displayText` tidies a slice for
 * showing or embedding it.
 */
import type { Span } from '../types.ts';
import { CLOSING_MARKS, isKashidaNeighbour, SENTENCE_ENDING_MARKS, STRAIGHT_QUOTES, TATWEEL } from './arabic.ts';

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
