/**
 * Cuts a document into passages of a few sentences with overlap. Every passage keeps its span in the
 * original text, so a quote is always an exact slice of the article.
 */
import type { ArticleDocument, Passage, Span } from '../types.ts';
import { splitSentences } from '../text/sentences.ts';

export interface PassageOptions {
  /** Upper bound on a passage's length; a single longer sentence still makes one passage. */
  maxChars: number;
  maxSentences: number;
  /** Sentences shared with the previous passage, so an answer that straddles a cut is still whole once. */
  overlapSentences: number;
}

export const DEFAULT_PASSAGE_OPTIONS: PassageOptions = { maxChars: 700, maxSentences: 4, overlapSentences: 1 };

export function passageId(docId: string, ordinal: number): string {
  return `${docId}#${ordinal + 1}`;
}

/** Splits "doc#3" into its document id and 0-based ordinal; undefined when it is not a passage id. */
export function parsePassageId(id: string): { docId: string; ordinal: number } | undefined {
  const match = /^(.*)#(\d{1,6})$/.exec(id);
  if (!match) return undefined;
  const ordinal = Number(match[2]) - 1;
  return ordinal >= 0 ? { docId: match[1]!, ordinal } : undefined;
}

export function packSentences(sentences: Span[], options: PassageOptions = DEFAULT_PASSAGE_OPTIONS): Span[][] {
  const groups: Span[][] = [];
  let first = 0;
  while (first < sentences.length) {
    let last = first + 1; // exclusive
    while (last < sentences.length && last - first < options.maxSentences && sentences[last]!.end - sentences[first]!.start <= options.maxChars) {
      last++;
    }
    groups.push(sentences.slice(first, last));
    if (last >= sentences.length) break;
    // Always advance by at least one sentence, whatever the overlap setting.
    first = Math.max(first + 1, last - options.overlapSentences);
  }
  return groups;
}

export function buildPassages(document: ArticleDocument, options: PassageOptions = DEFAULT_PASSAGE_OPTIONS): Passage[] {
  const sentences = splitSentences(document.text);
  return packSentences(sentences, options).map((group, ordinal) => ({
    passageId: passageId(document.docId, ordinal),
    docId: document.docId,
    ordinal,
    span: { start: group[0]!.start, end: group[group.length - 1]!.end },
    sentences: group,
  }));
}
