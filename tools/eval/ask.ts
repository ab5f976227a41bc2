/**
 * Asks every query through the same retrieval and answer code as `ask` and the bot, and keeps what
 * scoring needs; with --dump, also each question's feature rows for tools/eval/fitRerank.ts, and
 * with --dump-confidence each question's confidence features for tools/eval/fitConfidence.ts.
 */
import type { Analyzer } from '../../src/text/analyzer.ts';
import { detectLanguage } from '../../src/text/language.ts';
import type { IndexData } from '../../src/index/store.ts';
import type { Retrieval, Retriever } from '../../src/retrieval/retriever.ts';
import { sanitizeQuestion } from '../../src/retrieval/question.ts';
import { keySentenceFeatures } from '../../src/answer/keySentence.ts';
import { ANSWER_CANDIDATES, assessedAnswer, type Assessment } from '../../src/answer/compose.ts';
import { distinctQuotes } from '../../src/answer/quotes.ts';
import { answerTypeOf, isDefinitionQuestion } from '../../src/retrieval/answerType.ts';
import type { Answer, ArticleDocument } from '../../src/types.ts';
import { answeredRight, answerKey, type QueryOutcome } from './metrics.ts';
import type { EvalQuery } from './queries.ts';
import type { EvalSettings } from './flags.ts';

export interface Asked {
  outcomes: QueryOutcome[];
  /** One JSON line per query, with --dump only. */
  dumpLines: string[];
  /** One JSON line per query, with --dump-confidence only. */
  confidenceLines: string[];
  seconds: number;
}

export async function askAll(
  queries: readonly EvalQuery[],
  retriever: Retriever,
  index: IndexData,
  analyzer: Analyzer,
  settings: Pick<EvalSettings, 'mode' | 'k' | 'confidence' | 'keySentence' | 'dump' | 'dumpConfidence'>,
  log: (line: string) => void,
): Promise<Asked> {
  const documentsById = new Map(index.documents.map((document) => [document.docId, document]));
  const dumpContext: DumpContext = { index, documentsById, analyzer, keySentence: settings.keySentence };
  const asked: Asked = { outcomes: [], dumpLines: [], confidenceLines: [], seconds: 0 };
  const started = performance.now();
  for (const [position, query] of queries.entries()) {
    const question = sanitizeQuestion(query.question);
    const lang = detectLanguage(question) === 'en' ? 'en' : 'ar';
    const retrieval = await retriever.retrieve(question, lang, settings.mode, Math.max(ANSWER_CANDIDATES, settings.k));
    const { answer, assessment } = assessedAnswer({
      question,
      lang,
      retrieval,
      passages: index.passages,
      documentsById,
      analyzer,
      k: settings.k,
      confidence: settings.confidence,
      keySentence: settings.keySentence,
    });
    if (settings.dump) asked.dumpLines.push(JSON.stringify(dumpLine(query, retrieval, answer, dumpContext)));
    const outcome: QueryOutcome = {
      rankedDocIds: answer.results.map((result) => result.docId),
      gold: query.gold,
      answerable: query.gold.some((docId) => documentsById.has(docId)),
      answer: query.answer ?? null,
      firstQuote: answer.results[0]?.quote ?? null,
      firstSentence: answer.results[0]?.sentence ?? null,
      abstained: !answer.confident,
      confidence: answer.confidence,
    };
    asked.outcomes.push(outcome);
    if (settings.dumpConfidence) asked.confidenceLines.push(JSON.stringify(confidenceLine(query, lang, assessment, outcome)));
    if ((position + 1) % 200 === 0) log(`asked ${position + 1}/${queries.length}`);
  }
  asked.seconds = (performance.now() - started) / 1000;
  return asked;
}

/** The first quote's confidence features, labelled by whether the question is answerable and whether the answer is right. */
function confidenceLine(query: EvalQuery, lang: string, assessment: Assessment, outcome: QueryOutcome) {
  return {
    id: query.id,
    set: query.set,
    half: query.half,
    lang,
    answerable: outcome.answerable,
    right: answeredRight(outcome),
    features: assessment.features.map(rounded),
  };
}

interface DumpContext extends Pick<EvalSettings, 'keySentence'> {
  index: IndexData;
  documentsById: ReadonlyMap<string, ArticleDocument>;
  analyzer: Analyzer;
}

/** The feature re-ranker's candidates, and the first result's key-sentence candidates (see sentenceRows). */
function dumpLine(query: EvalQuery, retrieval: Retrieval, answer: Answer, context: DumpContext) {
  return {
    id: query.id,
    split: query.half ?? query.split ?? null,
    gold: query.gold,
    sentences: sentenceRows(query.question, query.answer, retrieval, answer.results[0]?.quote ?? null, context),
    candidates: (retrieval.features ?? []).map((entry) => ({ docId: context.index.passages[entry.passage]!.docId, features: entry.features.map(rounded) })),
  };
}

/**
 * The key-sentence features of the first result's sentences, labelled by whether they hold the
 * answer; only when its quote holds the answer (otherwise no sentence choice can be right).
 */
function sentenceRows(question: string, expected: string | null | undefined, retrieval: Retrieval, quote: string | null, context: DumpContext) {
  const top = distinctQuotes(retrieval.hits, context.index.passages)[0];
  if (!expected || !top || !quote || !answerKey(quote).includes(answerKey(expected))) return [];
  const { analyzer } = context;
  const document = context.documentsById.get(top.docId)!;
  const { words, phrases, roots } = retrieval.query;
  const asked = { answerType: answerTypeOf(question), definition: isDefinitionQuestion(question) };
  const query = { words, phrases, roots, titleTerms: new Set(analyzer.terms(document.title)), ...asked };
  return keySentenceFeatures(document.text, top.sentences, analyzer, query, context.keySentence).map((row) => ({
    label: answerKey(document.text.slice(row.span.start, row.span.end)).includes(answerKey(expected)) ? 1 : 0,
    features: row.features.map(rounded),
  }));
}

function rounded(value: number): number {
  return Number(value.toFixed(4));
}
