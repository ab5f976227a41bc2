/**
 * Asks every query through the same retrieval and answer code as `ask` and the bot, and keeps what
 * scoring needs; with --dump, also each question's feature rows for tools/eval/fitRerank.ts.
 */
import type { Analyzer } from '../../src/text/analyzer.ts';
import { detectLanguage } from '../../src/text/language.ts';
import type { IndexData } from '../../src/index/store.ts';
import type { Retrieval, Retriever } from '../../src/retrieval/retriever.ts';
import { sanitizeQuestion } from '../../src/retrieval/question.ts';
import { keySentenceFeatures } from '../../src/answer/keySentence.ts';
import { composeAnswer } from '../../src/answer/compose.ts';
import type { Answer, ArticleDocument } from '../../src/types.ts';
import { answerKey, type QueryOutcome } from './metrics.ts';
import type { QueryLine } from './queries.ts';
import type { EvalSettings } from './flags.ts';

export interface Asked {
  outcomes: QueryOutcome[];
  /** Each query's split (parallel to outcomes). */
  splits: Array<string | undefined>;
  /** One JSON line per query, with --dump only. */
  dumpLines: string[];
  seconds: number;
}

export async function askAll(
  queries: readonly QueryLine[],
  retriever: Retriever,
  index: IndexData,
  analyzer: Analyzer,
  settings: Pick<EvalSettings, 'mode' | 'k' | 'confidenceThreshold' | 'keySentence' | 'dump'>,
  log: (line: string) => void,
): Promise<Asked> {
  const documentsById = new Map(index.documents.map((document) => [document.docId, document]));
  const dumpContext: DumpContext = { index, documentsById, analyzer, keySentence: settings.keySentence };
  const asked: Asked = { outcomes: [], splits: [], dumpLines: [], seconds: 0 };
  const started = performance.now();
  for (const [position, query] of queries.entries()) {
    const question = sanitizeQuestion(query.question);
    const lang = detectLanguage(question) === 'en' ? 'en' : 'ar';
    const retrieval = await retriever.retrieve(question, lang, settings.mode, settings.k);
    const answer = composeAnswer({
      question,
      lang,
      retrieval,
      passages: index.passages,
      documentsById,
      analyzer,
      confidenceThreshold: settings.confidenceThreshold,
      keySentence: settings.keySentence,
    });
    asked.splits.push(query.split);
    if (settings.dump) asked.dumpLines.push(JSON.stringify(dumpLine(query, retrieval, answer, dumpContext)));
    asked.outcomes.push({
      rankedDocIds: answer.results.map((result) => result.docId),
      gold: query.gold,
      answer: query.answer ?? null,
      firstQuote: answer.results[0]?.quote ?? null,
      firstSentence: answer.results[0]?.sentence ?? null,
      abstained: !answer.confident,
    });
    if ((position + 1) % 200 === 0) log(`asked ${position + 1}/${queries.length}`);
  }
  asked.seconds = (performance.now() - started) / 1000;
  return asked;
}

interface DumpContext extends Pick<EvalSettings, 'keySentence'> {
  index: IndexData;
  documentsById: ReadonlyMap<string, ArticleDocument>;
  analyzer: Analyzer;
}

/** The feature re-ranker's candidates, and the first result's key-sentence candidates (see sentenceRows). */
function dumpLine(query: QueryLine, retrieval: Retrieval, answer: Answer, context: DumpContext) {
  return {
    id: query.id,
    split: query.split ?? null,
    gold: query.gold,
    sentences: sentenceRows(query.answer, retrieval, answer.results[0]?.quote ?? null, context),
    candidates: (retrieval.features ?? []).map((entry) => ({ docId: context.index.passages[entry.passage]!.docId, features: entry.features.map(rounded) })),
  };
}

/**
 * The key-sentence features of the first result's sentences, labelled by whether they hold the
 * answer; only when its quote holds the answer (otherwise no sentence choice can be right).
 */
function sentenceRows(expected: string | undefined, retrieval: Retrieval, quote: string | null, context: DumpContext) {
  const top = retrieval.hits[0];
  if (!expected || !top || !quote || !answerKey(quote).includes(answerKey(expected))) return [];
  const { analyzer } = context;
  const passage = context.index.passages[top.passage]!;
  const document = context.documentsById.get(passage.docId)!;
  const { words, phrases, asksForNumber } = retrieval.query;
  const query = { words, phrases, titleTerms: new Set(analyzer.terms(document.title)), asksForNumber };
  return keySentenceFeatures(document.text, passage.sentences, analyzer, query, context.keySentence).map((row) => ({
    label: answerKey(document.text.slice(row.span.start, row.span.end)).includes(answerKey(expected)) ? 1 : 0,
    features: row.features.map(rounded),
  }));
}

function rounded(value: number): number {
  return Number(value.toFixed(4));
}
