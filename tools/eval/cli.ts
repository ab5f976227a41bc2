/**
 * `npm run -s eval -- --corpus FILE[,FILE...] --queries FILE [--mode lexical|dense|hybrid] [--k 10] [--json]`
 *
 * Builds an index of the given JSONL corpora in a temporary folder (corpus/ and index/ are not
 * touched), asks every query through the same retrieval and answer code as `ask` and the bot, and
 * scores the results at document level. Tuning flags exist for the comparisons in the README.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { loadCoreConfig } from '../../src/config.ts';
import { tryLoadEmbedder } from '../../src/engine.ts';
import { createAnalyzer, DEFAULT_PHRASES, DEFAULT_ROOT_STEMS, type PhraseMode, type StemmerName } from '../../src/text/analyzer.ts';
import { detectLanguage } from '../../src/text/language.ts';
import { loadArticleFiles } from '../../src/corpus/loadCorpus.ts';
import { DEFAULT_PASSAGE_OPTIONS } from '../../src/corpus/passages.ts';
import { buildIndex } from '../../src/index/build.ts';
import { DEFAULT_BM25 } from '../../src/index/lexicalIndex.ts';
import { loadIndex } from '../../src/index/store.ts';
import { loadDictionary } from '../../src/crosslingual/dictionary.ts';
import { DEFAULT_RETRIEVER_OPTIONS, Retriever, type Retrieval, type RetrieverOptions } from '../../src/retrieval/retriever.ts';
import { DEFAULT_KEY_SENTENCE_OPTIONS, keySentenceFeatures, type KeySentenceOptions } from '../../src/answer/keySentence.ts';
import { DEFAULT_RERANK_WEIGHTS, RERANK_FEATURES, type RerankWeights } from '../../src/retrieval/featureRerank.ts';
import { sanitizeQuestion } from '../../src/retrieval/question.ts';
import { composeAnswer, DEFAULT_CONFIDENCE_THRESHOLD } from '../../src/answer/compose.ts';
import { aggregate, answerKey, type QueryOutcome } from './metrics.ts';
import type { SearchMode } from '../../src/types.ts';
import { createProgressReporter } from '../../src/cli/progress.ts';
import { runCli, UsageError } from '../../src/cli/run.ts';

const USAGE =
  'Usage: npm run -s eval -- --corpus FILE[,FILE...] --queries FILE [--mode lexical|dense|hybrid] [--k 10] [--json]\n' +
  '       tuning: [--stemmer light|snowball] [--k1 N] [--b N] [--title-weight N] [--max-chars N]\n' +
  '               [--max-sentences N] [--overlap N] [--threshold N] [--limit N] [--split train|test]\n' +
  '               [--feature-depth N] [--feature-weights name=N,...] [--fuzzy-weight N] [--fuzzy-max-df N] [--fuzzy-min-length N] [--fuzzy-candidates N] [--dump FILE (per-question features, for tools/eval/fitRerank.ts)]\n' +
  '               [--phrases surface|stem|none] [--phrase-weight N] [--phrase-cap rarer|commoner|none]\n' +
  '               [--root-stems on|off] [--root-weight N] [--adjacency-weight N] [--adjacency-depth N]\n' +
  '               [--key-title-weight N] [--key-phrase-weight N] [--key-number-bonus N]\n' +
  '               [--key-proximity-weight N] [--key-novelty-weight N] [--key-first-weight N]';

interface QueryLine {
  id: string;
  question: string;
  gold: string[];
  answer?: string;
  /** ARCD's own train/test split, where the data set has one (`--split` filters on it). */
  split?: string;
}

async function readQueries(file: string): Promise<QueryLine[]> {
  let bytes: Buffer = await readFile(file);
  if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
  return bytes
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, index) => {
      try {
        const record = JSON.parse(line) as QueryLine;
        if (typeof record.question !== 'string' || !Array.isArray(record.gold)) throw new Error('missing question or gold');
        return record;
      } catch (error) {
        throw new UsageError(`${file}:${index + 1}: not a query line (${(error as Error).message})`);
      }
    });
}

function number(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new UsageError(`${name} must be a non-negative number (got "${value}")`);
  return parsed;
}

function parseFeatureWeights(value: string | undefined): RerankWeights {
  const weights = { ...DEFAULT_RERANK_WEIGHTS };
  if (value === undefined) return weights;
  for (const pair of value.split(',').filter(Boolean)) {
    const [name, raw] = pair.split('=');
    if (!name || !(RERANK_FEATURES as readonly string[]).includes(name)) throw new UsageError(`--feature-weights: unknown feature "${name}" (${RERANK_FEATURES.join(', ')})`);
    const parsed = Number(raw);
    if (!Number.isFinite(parsed)) throw new UsageError(`--feature-weights: ${name} needs a number`);
    weights[name as keyof RerankWeights] = parsed;
  }
  return weights;
}

await runCli(async () => {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        corpus: { type: 'string' },
        queries: { type: 'string' },
        mode: { type: 'string', default: 'lexical' },
        k: { type: 'string', default: '10' },
        json: { type: 'boolean', default: false },
        stemmer: { type: 'string' },
        k1: { type: 'string' },
        b: { type: 'string' },
        'title-weight': { type: 'string' },
        'max-chars': { type: 'string' },
        'max-sentences': { type: 'string' },
        overlap: { type: 'string' },
        threshold: { type: 'string' },
        limit: { type: 'string' },
        split: { type: 'string' },
        dump: { type: 'string' },
        'fuzzy-weight': { type: 'string' },
        'fuzzy-max-df': { type: 'string' },
        'fuzzy-min-length': { type: 'string' },
        'fuzzy-candidates': { type: 'string' },
        'feature-depth': { type: 'string' },
        'feature-weights': { type: 'string' },
        phrases: { type: 'string' },
        'phrase-weight': { type: 'string' },
        'phrase-cap': { type: 'string' },
        'root-stems': { type: 'string' },
        'root-weight': { type: 'string' },
        'adjacency-weight': { type: 'string' },
        'adjacency-depth': { type: 'string' },
        'key-title-weight': { type: 'string' },
        'key-phrase-weight': { type: 'string' },
        'key-number-bonus': { type: 'string' },
        'key-proximity-weight': { type: 'string' },
        'key-novelty-weight': { type: 'string' },
        'key-first-weight': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values } = parsed;
  if (!values.corpus || !values.queries) throw new UsageError(USAGE);
  for (const file of [...values.corpus.split(','), values.queries].map((name) => name.trim()).filter(Boolean)) {
    if (!existsSync(file)) throw new UsageError(`${file} not found (--corpus and --queries take JSONL files; the public sets are not part of the repository, see the README's Quality section)`);
  }
  const mode = values.mode as SearchMode;
  if (!['lexical', 'dense', 'hybrid'].includes(mode)) throw new UsageError(`--mode must be lexical, dense or hybrid\n${USAGE}`);
  const k = number('--k', values.k, 10);
  const stemmer = values.stemmer as StemmerName | undefined;
  if (stemmer && !['light', 'snowball'].includes(stemmer)) throw new UsageError(`--stemmer must be light or snowball`);
  const phrases = (values.phrases ?? DEFAULT_PHRASES) as PhraseMode;
  if (!['surface', 'stem', 'none'].includes(phrases)) throw new UsageError(`--phrases must be surface, stem or none`);
  const phraseCap = (values['phrase-cap'] ?? DEFAULT_RETRIEVER_OPTIONS.phraseIdfCap) as RetrieverOptions['phraseIdfCap'];
  if (!['rarer', 'commoner', 'none'].includes(phraseCap)) throw new UsageError(`--phrase-cap must be rarer, commoner or none`);
  const retrieverOptions: RetrieverOptions = {
    phraseWeight: number('--phrase-weight', values['phrase-weight'], DEFAULT_RETRIEVER_OPTIONS.phraseWeight),
    phraseIdfCap: phraseCap,
    rootWeight: number('--root-weight', values['root-weight'], DEFAULT_RETRIEVER_OPTIONS.rootWeight),
    adjacencyWeight: number('--adjacency-weight', values['adjacency-weight'], DEFAULT_RETRIEVER_OPTIONS.adjacencyWeight),
    adjacencyDepth: number('--adjacency-depth', values['adjacency-depth'], DEFAULT_RETRIEVER_OPTIONS.adjacencyDepth),
    featureDepth: number('--feature-depth', values['feature-depth'], DEFAULT_RETRIEVER_OPTIONS.featureDepth),
    featureWeights: parseFeatureWeights(values['feature-weights']),
    collectFeatures: !!values.dump,
    fuzzyWeight: number('--fuzzy-weight', values['fuzzy-weight'], DEFAULT_RETRIEVER_OPTIONS.fuzzyWeight),
    fuzzyMaxDf: number('--fuzzy-max-df', values['fuzzy-max-df'], DEFAULT_RETRIEVER_OPTIONS.fuzzyMaxDf),
    fuzzyMinLength: number('--fuzzy-min-length', values['fuzzy-min-length'], DEFAULT_RETRIEVER_OPTIONS.fuzzyMinLength),
    fuzzyCandidates: number('--fuzzy-candidates', values['fuzzy-candidates'], DEFAULT_RETRIEVER_OPTIONS.fuzzyCandidates),
  };
  const rootStems = values['root-stems'] === undefined ? DEFAULT_ROOT_STEMS : values['root-stems'] === 'on';
  if (values['root-stems'] !== undefined && !['on', 'off'].includes(values['root-stems'])) throw new UsageError('--root-stems must be on or off');
  const keySentence: KeySentenceOptions = {
    titleTermWeight: number('--key-title-weight', values['key-title-weight'], DEFAULT_KEY_SENTENCE_OPTIONS.titleTermWeight),
    phraseWeight: number('--key-phrase-weight', values['key-phrase-weight'], DEFAULT_KEY_SENTENCE_OPTIONS.phraseWeight),
    numberBonus: number('--key-number-bonus', values['key-number-bonus'], DEFAULT_KEY_SENTENCE_OPTIONS.numberBonus),
    proximityWeight: number('--key-proximity-weight', values['key-proximity-weight'], DEFAULT_KEY_SENTENCE_OPTIONS.proximityWeight),
    noveltyWeight: number('--key-novelty-weight', values['key-novelty-weight'], DEFAULT_KEY_SENTENCE_OPTIONS.noveltyWeight),
    firstWeight: number('--key-first-weight', values['key-first-weight'], DEFAULT_KEY_SENTENCE_OPTIONS.firstWeight),
  };
  const bm25 = {
    k1: number('--k1', values.k1, DEFAULT_BM25.k1),
    b: number('--b', values.b, DEFAULT_BM25.b),
    titleWeight: number('--title-weight', values['title-weight'], DEFAULT_BM25.titleWeight),
  };
  const passageOptions = {
    maxChars: number('--max-chars', values['max-chars'], DEFAULT_PASSAGE_OPTIONS.maxChars),
    maxSentences: number('--max-sentences', values['max-sentences'], DEFAULT_PASSAGE_OPTIONS.maxSentences),
    overlapSentences: number('--overlap', values.overlap, DEFAULT_PASSAGE_OPTIONS.overlapSentences),
  };
  const threshold = number('--threshold', values.threshold, DEFAULT_CONFIDENCE_THRESHOLD);

  const config = loadCoreConfig();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const corpusFiles = values.corpus.split(',').map((file) => file.trim()).filter(Boolean);
  const loaded = await loadArticleFiles(corpusFiles.map((file) => ({ file, origin: file })));
  for (const skipped of loaded.skipped) log(`Warning: ${skipped.origin}: ${skipped.reason}`);
  let queries = await readQueries(values.queries);
  if (values.split) {
    const split = values.split;
    queries = queries.filter((query) => query.split === split);
    if (!queries.length) throw new UsageError(`no query has split "${split}" (the field "split" of the queries file)`);
  }
  if (values.limit) queries = queries.slice(0, number('--limit', values.limit, queries.length));

  const notices: string[] = [];
  const embedder = mode === 'lexical' ? null : await tryLoadEmbedder(config, false, notices);
  for (const notice of notices) log(`Note: ${notice}`);
  if (mode !== 'lexical' && !embedder) throw new UsageError(`--mode ${mode} needs an embedding model (EMBEDDING_MODEL / MODELS_DIR)`);
  const analyzer = createAnalyzer({ ...(stemmer ? { stemmer } : {}), phrases, rootStems });
  const dictionary = await loadDictionary(config.dictionaryPath).catch(() => null);

  const indexDir = await mkdtemp(path.join(tmpdir(), 'qa-eval-'));
  const progress = createProgressReporter();
  try {
    const started = performance.now();
    await buildIndex({
      indexDir,
      documents: loaded.documents,
      analyzer,
      embedder,
      passageOptions,
      bm25,
      dtype: config.embeddingDtype,
      onProgress: progress.update,
    });
    progress.stop();
    const index = await loadIndex(indexDir);
    log(`Indexed ${index.documents.length} documents, ${index.passages.length} passages in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const retriever = new Retriever(index, analyzer, embedder, dictionary, retrieverOptions);
    const documentsById = new Map(index.documents.map((document) => [document.docId, document]));
    const dumpLines: string[] = [];
    // The key-sentence features of the first result's sentences, labelled by whether they hold the
    // answer; only when its quote holds the answer (otherwise no sentence choice can be right).
    const sentenceRows = (expected: string | undefined, retrieval: Retrieval, quote: string | null) => {
      const top = retrieval.hits[0];
      if (!expected || !top || !quote || !answerKey(quote).includes(answerKey(expected))) return [];
      const passage = index.passages[top.passage]!;
      const document = documentsById.get(passage.docId)!;
      return keySentenceFeatures(
        document.text,
        passage.sentences,
        analyzer,
        { words: retrieval.query.words, phrases: retrieval.query.phrases, titleTerms: new Set(analyzer.terms(document.title)), asksForNumber: retrieval.query.asksForNumber },
        keySentence,
      ).map((row) => ({ label: answerKey(document.text.slice(row.span.start, row.span.end)).includes(answerKey(expected)) ? 1 : 0, features: row.features.map((value) => Number(value.toFixed(4))) }));
    };
    const outcomes: QueryOutcome[] = [];
    const splitOf: Array<string | undefined> = [];
    const askStarted = performance.now();
    for (const [position, query] of queries.entries()) {
      const question = sanitizeQuestion(query.question);
      const lang = detectLanguage(question) === 'en' ? 'en' : 'ar';
      const retrieval = await retriever.retrieve(question, lang, mode, k);
      const answer = composeAnswer({ question, lang, retrieval, passages: index.passages, documentsById, analyzer, confidenceThreshold: threshold, keySentence });
      splitOf.push(query.split);
      if (values.dump) {
        dumpLines.push(JSON.stringify({
          id: query.id,
          split: query.split ?? null,
          gold: query.gold,
          sentences: sentenceRows(query.answer, retrieval, answer.results[0]?.quote ?? null),
          candidates: (retrieval.features ?? []).map((entry) => ({ docId: index.passages[entry.passage]!.docId, features: entry.features.map((value) => Number(value.toFixed(4))) })),
        }));
      }
      outcomes.push({
        rankedDocIds: answer.results.map((result) => result.docId),
        gold: query.gold,
        answer: query.answer ?? null,
        firstQuote: answer.results[0]?.quote ?? null,
        firstSentence: answer.results[0]?.sentence ?? null,
        abstained: !answer.confident,
      });
      if ((position + 1) % 200 === 0) log(`asked ${position + 1}/${queries.length}`);
    }
    if (values.dump) await writeFile(values.dump, `${JSON.stringify({ features: RERANK_FEATURES })}\n${dumpLines.join('\n')}\n`);
    const askSeconds = (performance.now() - askStarted) / 1000;
    const metrics = aggregate(outcomes);
    // Queries that carry a split (ARCD's train/test) are also scored per split, so one run reports all three.
    const splitNames = [...new Set(splitOf.filter((name): name is string => !!name))].sort();
    const splits = splitNames.length > 1 ? Object.fromEntries(splitNames.map((name) => [name, aggregate(outcomes.filter((_, i) => splitOf[i] === name))])) : undefined;
    const result = { mode: retriever.canUseDense ? mode : 'lexical', docs: index.documents.length, passages: index.passages.length, ...metrics, ...(splits ? { splits } : {}) };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      const rows = Object.entries(result)
        .filter(([key]) => key !== 'splits')
        .map(([key, value]) => `  ${key.padEnd(14)} ${value}${splits && key in metrics ? splitNames.map((name) => `  ${name} ${splits[name]![key as keyof typeof metrics]}`).join('') : ''}`);
      process.stdout.write(`${rows.join('\n')}\n  ms/query       ${((askSeconds * 1000) / Math.max(queries.length, 1)).toFixed(1)}\n`);
    }
  } finally {
    progress.stop();
    await rm(indexDir, { recursive: true, force: true });
    await embedder?.close();
  }
  return 0;
});
