/**
 * Answer → terminal text. Quotes are shown with typographic PDF artefacts (kashida stretches, hard
 * line wraps) smoothed by displayText; the words are the article's own. The key sentence is marked
 * in bold on a terminal and with **…** elsewhere.
 */
import type { Answer, AnswerResult } from '../types.ts';
import { displayText } from '../text/repair.ts';

/** The quote for display, its `bold` part (the key sentence of a confident answer) marked. */
export function markKeySentence(result: AnswerResult, mark: (text: string) => string): string {
  const { quote, bold } = result;
  if (!bold) return displayText(quote);
  const before = displayText(quote.slice(0, bold.start));
  const sentence = displayText(quote.slice(bold.start, bold.end));
  const after = displayText(quote.slice(bold.end));
  return [before, mark(sentence), after].filter(Boolean).join(' ');
}

/** Metadata on one line, whatever whitespace the article's file gave it. */
function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ');
}

export function renderAnswerText(answer: Answer, options: { color: boolean }): string {
  const bold = options.color ? (text: string) => `\x1b[1m${text}\x1b[22m` : (text: string) => `**${text}**`;
  const dim = options.color ? (text: string) => `\x1b[2m${text}\x1b[22m` : (text: string) => text;
  const lines: string[] = [];
  lines.push(dim(`Question (${answer.lang}, ${answer.mode} search): ${answer.question}`));
  if (!answer.results.length) {
    lines.push('', 'Nothing in the corpus matches this question.');
    return lines.join('\n');
  }
  if (!answer.confident) {
    lines.push('', 'No confident answer in the corpus. The closest passage:');
  }
  for (const result of answer.results) {
    lines.push('');
    lines.push(`${result.rank}. ${oneLine(result.title)}`);
    // A quote of several paragraphs keeps every line under its number.
    for (const line of markKeySentence(result, bold).split('\n')) lines.push(`   ${line}`);
    const meta = [
      result.source ? `source: ${oneLine(result.source)}` : null,
      result.date ? `date: ${oneLine(result.date)}` : null,
      result.url ? `link: ${oneLine(result.url)}` : null,
      `document: ${result.docId}`,
      `passage: ${result.passageId}`,
      `score: ${result.score.toFixed(3)}`,
    ].filter(Boolean);
    lines.push(dim(`   ${meta.join(' · ')}`));
    if (!answer.confident) break;
  }
  return lines.join('\n');
}

/** The `--json` schema (see README). */
export function answerJson(answer: Answer): object {
  return {
    question: answer.question,
    lang: answer.lang,
    mode: answer.mode,
    confident: answer.confident,
    confidence: answer.confidence,
    notices: answer.notices,
    results: answer.results.map((result) => ({
      rank: result.rank,
      docId: result.docId,
      passageId: result.passageId,
      title: result.title,
      source: result.source,
      url: result.url,
      date: result.date,
      quote: result.quote,
      ...(result.fileSpans ? { fileSpans: result.fileSpans } : {}),
      sentence: result.sentence,
      sentenceStart: result.sentenceSpan.start,
      sentenceEnd: result.sentenceSpan.end,
      bold: result.bold !== null,
      score: result.score,
    })),
  };
}
