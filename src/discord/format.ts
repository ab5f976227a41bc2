/**
 * Text helpers for Discord output: Discord's size limits, markdown/mention escaping, Unicode
 * direction isolates, safe links, and splitting long text at sentence breaks.
 *
 * Escaping changes only how a quote is displayed, never its words: each escape is a backslash that
 * Discord consumes, so the reader sees exactly the original characters.
 */
import { FULL_STOPS } from '../text/arabic.ts';

/** Discord's documented limits (characters). */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fieldsPerEmbed: 25,
  footerText: 2048,
  authorName: 256,
  /** Sum of title, description, field names and values, footer and author over all embeds. */
  embedsTotal: 6000,
  embedsPerMessage: 10,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  filesPerMessage: 10,
  selectPlaceholder: 150,
} as const;

/** First-strong isolate: the wrapped text takes the direction of its first letter. */
export const FSI = '\u2068';
/** Left-to-right isolate (ids, code). */
export const LRI = '\u2066';
/** Pop directional isolate: closes FSI / LRI (and U+2067, the right-to-left isolate). */
export const PDI = '\u2069';

export function isolate(text: string, opener: string = FSI): string {
  return `${opener}${text}${PDI}`;
}

// Inline markdown and mention syntax: * _ ~ ` | (bold, italics, strike, code, spoilers),
// [ ] (masked links), < (mentions, channels, emoji, timestamps, slash-command links),
// @ (@everyone / @here), \ (so an escape in the text stays visible).
const INLINE = /[\\*_~`|[\]<>@]/g;
// Syntax that only counts at the start of a line: headings and subtext (#, -#), block quotes (>),
// list items (-, +, "1. "; a backslash before a digit would show, so the dot is escaped there).
const LINE_START = /^([ \t]*)(?:([#>+-])|(\d+)\.(?=\s))/gm;

/** Escape Discord markdown and mentions so the text shows literally. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(INLINE, '\\$&')
    .replace(LINE_START, (_match, indent: string, marker: string | undefined, digits: string | undefined) =>
      marker ? `${indent}\\${marker}` : `${indent}${digits}\\.`,
    );
}

/** Cut to at most `max` characters at a word boundary, adding "…" (metadata only, never quotes). */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const cut = chars.slice(0, Math.max(1, max - 1)).join('');
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.5 ? cut.slice(0, space) : cut}…`;
}

/**
 * A link Discord shows without a preview: `<https://…>`. Only http(s) URLs; characters that would
 * end the link or break out of it (spaces, `>`, quotes) are percent-encoded by the URL parser.
 * Returns null for anything else.
 */
export function safeLink(url: string | null | undefined, maxLength = 512): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.username || parsed.password) return null;
  const href = parsed.href.replace(/[<>\s"`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  if (href.length > maxLength) return null;
  return `<${href}>`;
}

/**
 * Where a message may be cut: after full stops (FULL_STOPS: unlike the sentence splitter, not after
 * semicolons), the quotes and brackets that close on them, and the spaces after; or after newlines.
 * Punctuation counts only before a space (3.5 and example.com are not breaks).
 */
const FULL_STOP_CLASS = [...FULL_STOPS].map((mark) => mark.replace(/[\\\]^-]/g, '\\$&')).join('');
const SENTENCE_BREAK = new RegExp(`[${FULL_STOP_CLASS}]+["'»”)\\]]*[ \\t]+|\\n+[ \\t]*`, 'g');

/**
 * Text cut into pieces that concatenate back to exactly the text, each ending after a sentence
 * break (SENTENCE_BREAK) and the spaces that follow it. Strings, for chunking messages; the
 * sentence spans that quotes are made of are text/sentences.ts splitSentences.
 */
export function splitAtSentenceBreaks(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const match of text.matchAll(SENTENCE_BREAK)) {
    const end = match.index + match[0].length;
    if (end >= text.length) break;
    pieces.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}

/** Split one piece that is too long on its own: at spaces when it can, else by characters. */
function splitHard(text: string, fits: (piece: string) => boolean): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest && !fits(rest)) {
    const chars = Array.from(rest);
    // Binary search for the longest prefix (in characters) that fits.
    let low = 1;
    let high = chars.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (fits(chars.slice(0, mid).join(''))) low = mid;
      else high = mid - 1;
    }
    let prefix = chars.slice(0, low).join('');
    const space = prefix.lastIndexOf(' ');
    if (space > prefix.length / 2) prefix = prefix.slice(0, space + 1);
    pieces.push(prefix);
    rest = rest.slice(prefix.length);
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** A run of original text, shown bold (the key sentence) or plain. */
export interface TextRun {
  text: string;
  bold: boolean;
}

/** Markdown for runs: escaped, with bold markers hugging the text (Discord ignores `** x**`). */
function renderRuns(runs: TextRun[]): string {
  const merged: TextRun[] = [];
  for (const run of runs) {
    const last = merged[merged.length - 1];
    if (last && last.bold === run.bold) last.text += run.text;
    else if (run.text) merged.push({ ...run });
  }
  return merged
    .map((run) => {
      if (!run.bold) return escapeMarkdown(run.text);
      const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(run.text)!;
      const [, lead = '', core = '', trail = ''] = match;
      return core ? `${lead}**${escapeMarkdown(core)}**${trail}` : run.text;
    })
    .join('');
}

/**
 * Render runs as markdown chunks of at most `limit` characters, cutting only at sentence breaks
 * (or, for a single sentence longer than a chunk, at spaces). Bold is closed and reopened across
 * a cut, so every chunk is valid markdown on its own.
 */
export function chunkRuns(runs: TextRun[], limit: number): string[] {
  const cost = (unit: TextRun) => renderRuns([unit]).length;
  const units: Array<TextRun & { cost: number }> = [];
  for (const run of runs) {
    for (const sentence of splitAtSentenceBreaks(run.text)) {
      const pieces = cost({ text: sentence, bold: run.bold }) <= limit ? [sentence] : splitHard(sentence, (p) => cost({ text: p, bold: run.bold }) <= limit);
      for (const piece of pieces) units.push({ text: piece, bold: run.bold, cost: cost({ text: piece, bold: run.bold }) });
    }
  }
  // Rendering units one by one never costs less than rendering them together (merged bold runs
  // share their markers; line-start escapes only get fewer), so summing costs is a safe bound.
  const chunks: string[] = [];
  let current: TextRun[] = [];
  let used = 0;
  for (const unit of units) {
    if (current.length && used + unit.cost > limit) {
      chunks.push(renderRuns(current));
      current = [];
      used = 0;
    }
    current.push({ text: unit.text, bold: unit.bold });
    used += unit.cost;
  }
  if (current.length) chunks.push(renderRuns(current));
  return chunks.map((chunk) => chunk.trim()).filter(Boolean);
}

/** Plain text (escaped) in chunks of at most `limit`, cut at sentence breaks. */
export function chunkText(text: string, limit: number): string[] {
  return chunkRuns([{ text, bold: false }], limit);
}

/** Discord counts these characters of an embed against the 6000-per-message total. */
export function embedLength(embed: {
  title?: string;
  description?: string;
  fields?: ReadonlyArray<{ name: string; value: string }>;
  footer?: { text: string };
  author?: { name: string };
}): number {
  let total = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  total += embed.footer?.text.length ?? 0;
  total += embed.author?.name.length ?? 0;
  return total;
}
