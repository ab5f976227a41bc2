/**
 * `npm run -s eval-follow-ups -- --corpus FILE[,FILE...] --queries FILE [--split train|test] [--json]
 *   [--weights 0.3[,…]] [--terms 4[,…]] [--decays 0.5[,…]] [--shown 3] [--write-set FILE]`
 *
 * Follow-up questions asked alone and with their conversation's context (src/retrieval/followUp.ts),
 * lexical retrieval over an index of the given corpora built in a temporary folder, scored at
 * document level like `npm run eval`. Groups of questions about one passage are asked as
 * conversations (followUpSet.ts); for each follow-up (a group's second and later questions):
 *   alone    the question by itself, as a bot without conversations would ask it
 *   context  with the group's earlier questions' terms (followUp.ts contextTerms)
 *   bot      the same, and the passages the bot already showed in the conversation (the top `--shown`
 *            of each earlier answer) set aside unless still the best, as the bot ranks them
 * Also: the subset of follow-ups that share no word with their article's title (they lean on the
 * earlier questions for their subject), and a change of subject: each group's first question asked
 * with the questions of the nearest earlier group about another article (another title) as context,
 * against alone (what a conversation's context costs a question on a new subject).
 * Each list flag sweeps its values (every combination, on one index): tune on `train`, report `test`.
 */
import { writeFile } from 'node:fs/promises';
import { DEFAULT_PASSAGE_OPTIONS } from '../../src/corpus/passages.ts';
import { loadArticleFiles } from '../../src/corpus/loadCorpus.ts';
import { DEFAULT_BM25 } from '../../src/index/lexicalIndex.ts';
import type { IndexData } from '../../src/index/store.ts';
import { parseFlags, runCli, UsageError } from '../../src/cli/run.ts';
import { DEFAULT_FOLLOW_UP_OPTIONS, type FollowUpOptions } from '../../src/retrieval/followUp.ts';
import { sanitizeQuestion } from '../../src/retrieval/question.ts';
import { Retriever } from '../../src/retrieval/retriever.ts';
import { createAnalyzer, type Analyzer } from '../../src/text/analyzer.ts';
import type { ConversationContext } from '../../src/types.ts';
import { buildEvalIndex } from './evalIndex.ts';
import { followUpGroups, followUpSetLines, type FollowUpGroup } from './followUpSet.ts';
import { aggregate, type QueryOutcome } from './metrics.ts';
import { readQueries, selectQueries, type QueryLine } from './queries.ts';

const USAGE =
  'Usage: npm run -s eval-follow-ups -- --corpus FILE[,FILE...] --queries FILE [--split train|test] [--json]\n' +
  '       [--weights 0.3[,...]] [--terms 4[,...]] [--decays 0.5[,...]] [--shown 3] [--write-set FILE]';

const OPTIONS = {
  corpus: { type: 'string' },
  queries: { type: 'string' },
  split: { type: 'string' },
  json: { type: 'boolean', default: false },
  weights: { type: 'string' },
  terms: { type: 'string' },
  decays: { type: 'string' },
  shown: { type: 'string', default: '3' },
  'write-set': { type: 'string' },
} as const;

/** Results per question, as in `npm run eval`. */
const K = 10;

interface Figures {
  questions: number;
  'R@5': number;
  'MRR@10': number;
  /** Share of the first `--shown` passages of each answer that the conversation had not shown yet. */
  'fresh@shown': number;
}

/** An answer's ranking, and how many of its first `--shown` passages were new to the conversation. */
interface Answered {
  outcome: QueryOutcome;
  fresh: number;
}

function figures(answers: readonly Answered[]): Figures {
  const metrics = aggregate(answers.map((answer) => answer.outcome));
  const fresh = answers.reduce((sum, answer) => sum + answer.fresh, 0) / Math.max(answers.length, 1);
  // Every follow-up has its gold paragraph in the corpus: the figures are never null here.
  return { questions: metrics.queries, 'R@5': metrics['R@5'] ?? 0, 'MRR@10': metrics['MRR@10'] ?? 0, 'fresh@shown': Number(fresh.toFixed(4)) };
}

function numbers(name: string, value: string | undefined, fallback: number): number[] {
  if (value === undefined) return [fallback];
  return value.split(',').map((text) => {
    const parsed = Number(text);
    if (!Number.isFinite(parsed) || parsed < 0) throw new UsageError(`--${name} takes non-negative numbers (got "${text}")`);
    return parsed;
  });
}

/** One question asked of the retriever: the documents of its hits, best first. */
type Ask = (question: string, context?: ConversationContext) => Promise<Ranked>;

interface Ranked {
  docIds: string[];
  passageIds: string[];
}

function asker(retriever: Retriever, index: IndexData): Ask {
  return async (question, context) => {
    const retrieval = await retriever.retrieve(sanitizeQuestion(question), 'ar', 'lexical', K, context);
    const passages = retrieval.hits.map((hit) => index.passages[hit.passage]!);
    return { docIds: passages.map((passage) => passage.docId), passageIds: passages.map((passage) => passage.passageId) };
  };
}

function answered(query: QueryLine, ranked: Ranked, shown: readonly string[], shownPerAnswer: number): Answered {
  const top = ranked.passageIds.slice(0, shownPerAnswer);
  return {
    outcome: {
      rankedDocIds: ranked.docIds,
      gold: query.gold,
      answerable: true,
      answer: null,
      firstQuote: null,
      firstSentence: null,
      abstained: false,
      confidence: 1,
    },
    fresh: top.length ? top.filter((passageId) => !shown.includes(passageId)).length / top.length : 0,
  };
}

interface Run {
  followUps: { alone: Figures; context: Figures; bot: Figures };
  /** Follow-ups sharing no analyzed word with their article's title. */
  elliptical: { alone: Figures; context: Figures; bot: Figures };
  /** Each group's first question, alone and with the previous group's questions as context. */
  subjectChange: { alone: Figures; context: Figures };
}

/** Figures of one setting: every group asked as a conversation. `alone` rankings are the same for every setting and cached. */
async function runSetting(groups: readonly FollowUpGroup[], ask: Ask, alone: Map<string, Ranked>, titles: Titles, shownPerAnswer: number): Promise<Run> {
  const rows = { alone: [] as Answered[], context: [] as Answered[], bot: [] as Answered[] };
  const elliptical = { alone: [] as Answered[], context: [] as Answered[], bot: [] as Answered[] };
  const change = { alone: [] as Answered[], context: [] as Answered[] };
  const askAlone = async (query: QueryLine) => {
    const cached = alone.get(query.id);
    if (cached) return cached;
    const ranked = await ask(query.question);
    alone.set(query.id, ranked);
    return ranked;
  };
  for (const [index, group] of groups.entries()) {
    const shown: string[] = [];
    for (const [position, turn] of group.turns.entries()) {
      const { query } = turn;
      if (position === 0) {
        const first = await askAlone(query);
        const previous = groups.slice(0, index).findLast((other) => titles.titleOf(other.gold) !== titles.titleOf(group.gold));
        if (previous) {
          change.alone.push(answered(query, first, [], shownPerAnswer));
          const earlierQuestions = previous.turns.map((t) => t.query.question);
          change.context.push(answered(query, await ask(query.question, { earlierQuestions, shownPassageIds: [] }), [], shownPerAnswer));
        }
        shown.push(...first.passageIds.slice(0, shownPerAnswer));
        continue;
      }
      const single = answered(query, await askAlone(query), shown, shownPerAnswer);
      const withContext = answered(query, await ask(query.question, { earlierQuestions: turn.earlier, shownPassageIds: [] }), shown, shownPerAnswer);
      const asBot = await ask(query.question, { earlierQuestions: turn.earlier, shownPassageIds: [...shown] });
      const botAnswer = answered(query, asBot, shown, shownPerAnswer);
      shown.push(...asBot.passageIds.slice(0, shownPerAnswer));
      rows.alone.push(single);
      rows.context.push(withContext);
      rows.bot.push(botAnswer);
      if (!titles.sharesTitleWord(query)) {
        elliptical.alone.push(single);
        elliptical.context.push(withContext);
        elliptical.bot.push(botAnswer);
      }
    }
  }
  return {
    followUps: { alone: figures(rows.alone), context: figures(rows.context), bot: figures(rows.bot) },
    elliptical: { alone: figures(elliptical.alone), context: figures(elliptical.context), bot: figures(elliptical.bot) },
    subjectChange: { alone: figures(change.alone), context: figures(change.context) },
  };
}

interface Titles {
  titleOf(docId: string): string | undefined;
  /** Whether a question shares an analyzed word with its gold article's title. */
  sharesTitleWord(query: QueryLine): boolean;
}

function titlesOf(analyzer: Analyzer, index: IndexData): Titles {
  const titles = new Map(index.documents.map((document) => [document.docId, document.title]));
  const words = new Map(index.documents.map((document) => [document.docId, new Set(analyzer.terms(document.title))]));
  return {
    titleOf: (docId) => titles.get(docId),
    sharesTitleWord: (query) => {
      const title = words.get(query.gold[0] ?? '');
      return !!title && analyzer.terms(query.question).some((term) => title.has(term));
    },
  };
}

function line(label: string, f: Figures): string {
  return `  ${label.padEnd(38)} ${String(f.questions).padStart(5)}  R@5 ${f['R@5'].toFixed(3)}  MRR@10 ${f['MRR@10'].toFixed(3)}  fresh ${f['fresh@shown'].toFixed(2)}`;
}

function report(setting: FollowUpOptions, run: Run): string {
  return [
    `weight ${setting.contextWeight}, terms ${setting.contextTermsPerQuestion}, decay ${setting.contextDecay}:`,
    line('follow-ups alone', run.followUps.alone),
    line('follow-ups with context', run.followUps.context),
    line('  … and shown passages set aside', run.followUps.bot),
    line('no title word, alone', run.elliptical.alone),
    line('no title word, with context', run.elliptical.context),
    line('  … and shown passages set aside', run.elliptical.bot),
    line('new subject, alone', run.subjectChange.alone),
    line('new subject, another article as context', run.subjectChange.context),
  ].join('\n');
}

await runCli(async () => {
  const { values } = parseFlags({ args: process.argv.slice(2), options: OPTIONS }, USAGE);
  if (!values.corpus || !values.queries) throw new UsageError(USAGE);
  const log = (text: string) => process.stderr.write(`${text}\n`);
  const groups = followUpGroups(selectQueries(await readQueries(values.queries), { split: values.split }, undefined));
  if (values['write-set']) await writeFile(values['write-set'], `${followUpSetLines(groups).join('\n')}\n`);
  const shownPerAnswer = numbers('shown', values.shown, 3)[0]!;
  const settings: FollowUpOptions[] = [];
  for (const contextWeight of numbers('weights', values.weights, DEFAULT_FOLLOW_UP_OPTIONS.contextWeight))
    for (const contextTermsPerQuestion of numbers('terms', values.terms, DEFAULT_FOLLOW_UP_OPTIONS.contextTermsPerQuestion))
      for (const contextDecay of numbers('decays', values.decays, DEFAULT_FOLLOW_UP_OPTIONS.contextDecay))
        settings.push({ contextWeight, contextTermsPerQuestion, contextDecay });

  const loaded = await loadArticleFiles(values.corpus.split(',').map((file) => ({ file: file.trim(), origin: file.trim() })));
  const analyzer = createAnalyzer();
  const { index, remove } = await buildEvalIndex(loaded.documents, analyzer, null, { passages: DEFAULT_PASSAGE_OPTIONS, bm25: DEFAULT_BM25 }, 'q8', log);
  try {
    const titles = titlesOf(analyzer, index);
    const alone = new Map<string, Ranked>();
    log(`${groups.length} groups, ${groups.reduce((n, group) => n + group.turns.length - 1, 0)} follow-ups`);
    for (const setting of settings) {
      // Arabic questions only (ARCD): no dictionary, as `eval` has none for them either.
      const ask = asker(new Retriever(index, analyzer, null, null, setting), index);
      const run = await runSetting(groups, ask, alone, titles, shownPerAnswer);
      process.stdout.write(values.json ? `${JSON.stringify({ ...setting, split: values.split ?? null, ...run })}\n` : `${report(setting, run)}\n`);
    }
  } finally {
    await remove();
  }
  return 0;
});
