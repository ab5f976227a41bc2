/**
 * The eval's command line → its settings. Every tuning flag defaults to what `ask` and the bot use,
 * so a run without them measures the product as shipped.
 */
import { existsSync } from 'node:fs';
import type { parseArgs } from 'node:util';
import { DEFAULT_PHRASES, DEFAULT_ROOT_STEMS, type AnalyzerOptions, type PhraseMode, type StemmerName } from '../../src/text/analyzer.ts';
import { DEFAULT_PASSAGE_OPTIONS, type PassageOptions } from '../../src/corpus/passages.ts';
import { DEFAULT_BM25, type Bm25Params } from '../../src/index/lexicalIndex.ts';
import { DEFAULT_RETRIEVER_OPTIONS, type RetrieverOptions } from '../../src/retrieval/retriever.ts';
import { DEFAULT_ENGLISH_RERANK_WEIGHTS, DEFAULT_RERANK_WEIGHTS, RERANK_FEATURES, type RerankWeights } from '../../src/retrieval/featureRerank.ts';
import { DEFAULT_KEY_SENTENCE_OPTIONS, type KeySentenceOptions } from '../../src/answer/keySentence.ts';
import { DEFAULT_CONFIDENCE_MODEL, type ConfidenceModel } from '../../src/answer/confidence.ts';
import type { Half } from './queries.ts';
import type { SearchMode } from '../../src/types.ts';
import { parseFlags, UsageError } from '../../src/cli/run.ts';

const USAGE =
  'Usage: npm run -s eval -- --corpus FILE[,FILE...] --queries FILE[,FILE...] [--mode lexical|dense|hybrid] [--k 10] [--json]\n' +
  '               [--half tune|heldout] [--split NAME] [--limit N] [--dump-confidence FILE (for tools/eval/fitConfidence.ts)]\n' +
  '       tuning: [--stemmer light|snowball] [--k1 N] [--b N] [--title-weight N] [--max-chars N]\n' +
  '               [--max-sentences N] [--overlap N] [--threshold N (answer at this confidence)]\n' +
  '               [--feature-depth N] [--feature-weights name=N,...] [--english-feature-weights name=N,...] [--fuzzy-weight N] [--fuzzy-max-df N] [--fuzzy-min-length N] [--fuzzy-candidates N] ' +
  '[--dump FILE (per-question features, for tools/eval/fitRerank.ts)]\n' +
  '               [--phrases surface|stem|none] [--phrase-weight N] [--phrase-cap rarer|commoner|none]\n' +
  '               [--root-stems on|off] [--root-weight N] [--adjacency-weight N] [--adjacency-depth N]\n' +
  '               [--key-title-weight N] [--key-phrase-weight N] [--key-number-bonus N]\n' +
  '               [--key-proximity-weight N] [--key-novelty-weight N] [--key-first-weight N]\n' +
  '               [--key-root-weight N] [--key-pair-weight N] [--key-previous-weight N] [--key-opening-weight N] [--key-distinctive-weight N]';

const text = { type: 'string' } as const;

const OPTIONS = {
  corpus: text,
  queries: text,
  mode: { type: 'string', default: 'lexical' },
  k: { type: 'string', default: '10' },
  json: { type: 'boolean', default: false },
  stemmer: text,
  k1: text,
  b: text,
  'title-weight': text,
  'max-chars': text,
  'max-sentences': text,
  overlap: text,
  threshold: text,
  limit: text,
  split: text,
  half: text,
  dump: text,
  'dump-confidence': text,
  'fuzzy-weight': text,
  'fuzzy-max-df': text,
  'fuzzy-min-length': text,
  'fuzzy-candidates': text,
  'feature-depth': text,
  'feature-weights': text,
  'english-feature-weights': text,
  phrases: text,
  'phrase-weight': text,
  'phrase-cap': text,
  'root-stems': text,
  'root-weight': text,
  'adjacency-weight': text,
  'adjacency-depth': text,
  'key-title-weight': text,
  'key-phrase-weight': text,
  'key-number-bonus': text,
  'key-proximity-weight': text,
  'key-novelty-weight': text,
  'key-first-weight': text,
  'key-root-weight': text,
  'key-pair-weight': text,
  'key-previous-weight': text,
  'key-opening-weight': text,
  'key-distinctive-weight': text,
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

export interface EvalSettings {
  corpusFiles: string[];
  queriesFiles: string[];
  mode: SearchMode;
  k: number;
  json: boolean;
  /** Only the queries of this split (the queries file's `split` field). */
  split?: string;
  /** Only the queries of this half (queries.ts: the data set's split or the article split). */
  half?: Half;
  /** Only the first this many queries. */
  limit?: number;
  /** Where to write the per-question features for tools/eval/fitRerank.ts. */
  dump?: string;
  /** Where to write the per-question confidence features for tools/eval/fitConfidence.ts. */
  dumpConfidence?: string;
  analyzer: AnalyzerOptions;
  passages: PassageOptions;
  bm25: Bm25Params;
  retriever: RetrieverOptions;
  keySentence: KeySentenceOptions;
  confidence: ConfidenceModel;
}

/** `exists` checks the input files (tests pass their own). */
export function parseEvalFlags(args: readonly string[], exists: (file: string) => boolean = existsSync): EvalSettings {
  const values: Values = parseFlags({ args: [...args], options: OPTIONS }, USAGE).values;
  if (!values.corpus || !values.queries) throw new UsageError(USAGE);
  const corpusFiles = fileList(values.corpus);
  const queriesFiles = fileList(values.queries);
  for (const file of [...corpusFiles, ...queriesFiles]) {
    if (exists(file)) continue;
    throw new UsageError(
      `${file} not found (--corpus and --queries take JSONL files; the public sets are not part of the repository, see the README's Quality section)`,
    );
  }
  const mode = values.mode as SearchMode;
  if (!['lexical', 'dense', 'hybrid'].includes(mode)) throw new UsageError(`--mode must be lexical, dense or hybrid\n${USAGE}`);
  const k = number('--k', values.k, 10);
  const analyzer = analyzerSettings(values);
  const retriever = retrieverSettings(values);
  return {
    corpusFiles,
    queriesFiles,
    mode,
    k,
    json: !!values.json,
    ...(values.split ? { split: values.split } : {}),
    ...(values.limit ? { limit: number('--limit', values.limit, 0) } : {}),
    ...(values.half ? { half: halfFlag(values.half) } : {}),
    ...(values.dump ? { dump: values.dump } : {}),
    ...(values['dump-confidence'] ? { dumpConfidence: values['dump-confidence'] } : {}),
    analyzer,
    retriever,
    keySentence: keySentenceSettings(values),
    bm25: {
      k1: number('--k1', values.k1, DEFAULT_BM25.k1),
      b: number('--b', values.b, DEFAULT_BM25.b),
      titleWeight: number('--title-weight', values['title-weight'], DEFAULT_BM25.titleWeight),
    },
    passages: {
      maxChars: number('--max-chars', values['max-chars'], DEFAULT_PASSAGE_OPTIONS.maxChars),
      maxSentences: number('--max-sentences', values['max-sentences'], DEFAULT_PASSAGE_OPTIONS.maxSentences),
      overlapSentences: number('--overlap', values.overlap, DEFAULT_PASSAGE_OPTIONS.overlapSentences),
    },
    confidence: { ...DEFAULT_CONFIDENCE_MODEL, threshold: number('--threshold', values.threshold, DEFAULT_CONFIDENCE_MODEL.threshold) },
  };
}

function fileList(value: string): string[] {
  return value
    .split(',')
    .map((file) => file.trim())
    .filter(Boolean);
}

function halfFlag(value: string): Half {
  if (value !== 'tune' && value !== 'heldout') throw new UsageError('--half must be tune or heldout');
  return value;
}

function analyzerSettings(values: Values): AnalyzerOptions {
  const stemmer = values.stemmer as StemmerName | undefined;
  if (stemmer && !['light', 'snowball'].includes(stemmer)) throw new UsageError(`--stemmer must be light or snowball`);
  const phrases = (values.phrases ?? DEFAULT_PHRASES) as PhraseMode;
  if (!['surface', 'stem', 'none'].includes(phrases)) throw new UsageError(`--phrases must be surface, stem or none`);
  const rootStems = values['root-stems'] === undefined ? DEFAULT_ROOT_STEMS : values['root-stems'] === 'on';
  if (values['root-stems'] !== undefined && !['on', 'off'].includes(values['root-stems'])) throw new UsageError('--root-stems must be on or off');
  return { ...(stemmer ? { stemmer } : {}), phrases, rootStems };
}

function retrieverSettings(values: Values): RetrieverOptions {
  const defaults = DEFAULT_RETRIEVER_OPTIONS;
  const phraseCap = (values['phrase-cap'] ?? defaults.phraseIdfCap) as RetrieverOptions['phraseIdfCap'];
  if (!['rarer', 'commoner', 'none'].includes(phraseCap)) throw new UsageError(`--phrase-cap must be rarer, commoner or none`);
  return {
    phraseWeight: number('--phrase-weight', values['phrase-weight'], defaults.phraseWeight),
    phraseIdfCap: phraseCap,
    rootWeight: number('--root-weight', values['root-weight'], defaults.rootWeight),
    adjacencyWeight: number('--adjacency-weight', values['adjacency-weight'], defaults.adjacencyWeight),
    adjacencyDepth: number('--adjacency-depth', values['adjacency-depth'], defaults.adjacencyDepth),
    featureDepth: number('--feature-depth', values['feature-depth'], defaults.featureDepth),
    featureWeights: parseFeatureWeights(values['feature-weights'], DEFAULT_RERANK_WEIGHTS),
    englishFeatureWeights: parseFeatureWeights(values['english-feature-weights'], DEFAULT_ENGLISH_RERANK_WEIGHTS),
    collectFeatures: !!values.dump,
    fuzzyWeight: number('--fuzzy-weight', values['fuzzy-weight'], defaults.fuzzyWeight),
    fuzzyMaxDf: number('--fuzzy-max-df', values['fuzzy-max-df'], defaults.fuzzyMaxDf),
    fuzzyMinLength: number('--fuzzy-min-length', values['fuzzy-min-length'], defaults.fuzzyMinLength),
    fuzzyCandidates: number('--fuzzy-candidates', values['fuzzy-candidates'], defaults.fuzzyCandidates),
  };
}

function keySentenceSettings(values: Values): KeySentenceOptions {
  const defaults = DEFAULT_KEY_SENTENCE_OPTIONS;
  return {
    titleTermWeight: number('--key-title-weight', values['key-title-weight'], defaults.titleTermWeight),
    phraseWeight: number('--key-phrase-weight', values['key-phrase-weight'], defaults.phraseWeight),
    numberBonus: number('--key-number-bonus', values['key-number-bonus'], defaults.numberBonus),
    proximityWeight: number('--key-proximity-weight', values['key-proximity-weight'], defaults.proximityWeight),
    noveltyWeight: number('--key-novelty-weight', values['key-novelty-weight'], defaults.noveltyWeight),
    firstWeight: number('--key-first-weight', values['key-first-weight'], defaults.firstWeight),
    rootWeight: number('--key-root-weight', values['key-root-weight'], defaults.rootWeight),
    pairWeight: number('--key-pair-weight', values['key-pair-weight'], defaults.pairWeight),
    previousWeight: number('--key-previous-weight', values['key-previous-weight'], defaults.previousWeight),
    openingWeight: number('--key-opening-weight', values['key-opening-weight'], defaults.openingWeight),
    distinctiveWeight: number('--key-distinctive-weight', values['key-distinctive-weight'], defaults.distinctiveWeight),
  };
}

function number(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new UsageError(`${name} must be a non-negative number (got "${value}")`);
  return parsed;
}

function parseFeatureWeights(value: string | undefined, defaults: RerankWeights): RerankWeights {
  const weights = { ...defaults };
  if (value === undefined) return weights;
  for (const pair of value.split(',').filter(Boolean)) {
    const [name, raw] = pair.split('=');
    if (!name || !(RERANK_FEATURES as readonly string[]).includes(name)) {
      throw new UsageError(`--feature-weights: unknown feature "${name}" (${RERANK_FEATURES.join(', ')})`);
    }
    const parsed = Number(raw);
    if (!Number.isFinite(parsed)) throw new UsageError(`--feature-weights: ${name} needs a number`);
    weights[name as keyof RerankWeights] = parsed;
  }
  return weights;
}
