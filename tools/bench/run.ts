/**
 * The benchmark behind `npm run bench`: embedding throughput against the naive path, build time,
 * query latency / cold start / memory on a ≥ 200k-passage index, event-loop stalls during a
 * rebuild, incremental rebuild cost, and LangChain.js side by side. Each phase runs alone so that
 * one measurement never shares the two cores with another.
 */
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCoreConfig, type CoreConfig } from '../../src/config.ts';
import { createEngine } from '../../src/engine.ts';
import { createAnalyzer } from '../../src/text/analyzer.ts';
import { buildIndex, modelInfoOf } from '../../src/index/build.ts';
import { DEFAULT_EF_SEARCH } from '../../src/index/vectorIndex.ts';
import { loadEmbedder, resolveThreads, type InProcessEmbedder } from '../../src/embedding/embedder.ts';
import type { ArticleDocument } from '../../src/types.ts';
import { interleaveLanguages, loadNews, NEWS_FILES, loadXquad, passageTexts, spreadSample, type Question } from './data.ts';
import { naivePassagesPerSecond, timingEmbedder } from './embedding.ts';
import { ensureScaleIndex, SCALE_PASSAGE_OPTIONS, type ScaleIndex } from './scaleIndex.ts';
import { buildLangChainStore } from './langchain.ts';
import { measureGemmPeakInChild } from './gemmPeak.ts';
import { runJsonChild } from './child.ts';
import { measureIncremental, measureIncrementalAtScale, measureRebuildStall } from './rebuild.ts';
import type { ServeProbeResult } from './serveProbe.ts';
import { createLog, mean, percentile, round } from './stats.ts';
import { requireInputs, sharedDataDir, sharedModelsDir } from '../sharedData.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

const REBUILD_ARTICLES = 20;

export interface BenchOptions {
  /** News articles whose passages are embedded (ours, naive, LangChain) and built into an index. */
  articles: number;
  /** Articles in the latency index; null = all of news-scale (the ≥ 200k-passage figure). */
  scaleArticles: number | null;
  /** Articles in the incremental-rebuild figure. */
  incrementalArticles: number;
  /** Questions timed per latency figure. */
  queries: number;
  model: string;
  incrementalModel: string;
  modelsDir: string;
  dataDir: string;
  cacheDir: string;
  langchain: boolean;
  quiet: boolean;
}

export const DEFAULT_BENCH_OPTIONS: BenchOptions = {
  articles: 40,
  scaleArticles: null,
  incrementalArticles: 10_000,
  queries: 200,
  model: 'e5-small-shape-random',
  incrementalModel: 'tiny-random-xlmr',
  modelsDir: sharedModelsDir,
  dataDir: sharedDataDir,
  cacheDir: path.join(projectRoot, 'index/.bench-cache'),
  langchain: true,
  quiet: false,
};

export interface BenchResult {
  model: string;
  cpus: number;
  threads: number;
  articles: number;
  passages: number;
  uniquePassages: number;
  avgTokens: number;
  embedPassagesPerSec: number;
  embedTokensPerSec: number;
  /** int8 multiply–adds ×2 per second per core in the linear layers (attention excluded). */
  linearGopsPerCore: number;
  /**
   * The same kernel's rate alone (ONNX Runtime's dynamically quantized int8 matrix multiply on the
   * model's linear-layer shapes, 1,024-row batches, the embedder's threads; gemmPeak.ts): this CPU's
   * ceiling for those layers, measured.
   */
  int8PeakGopsPerCore: number;
  linearShareOfPeak: number;
  /** Tokens a second if the model did nothing but its linear layers at that peak. */
  tokensPerSecCeiling: number;
  naivePassagesPerSec: number;
  naiveTokensPerSec: number;
  speedup: number;
  buildSeconds: number;
  queryP50ms: number;
  queryP95ms: number;
  queryP99ms: number;
  queryModes: Record<string, number>;
  indexPassages: number;
  indexDocuments: number;
  indexVectors: string;
  indexFromCache: boolean;
  indexBuildSeconds: number | null;
  coldStartMs: number;
  readyMs: number;
  rssMB: number;
  peakRssMB: number;
  eventLoopMaxDelayMs: number;
  eventLoopP99DelayMs: number;
  rebuildSeconds: number;
  rebuildPassages: number;
  askDuringRebuildP95Ms: number;
  incrementalModel: string;
  incrementalArticles: number;
  incrementalPassages: number;
  incrementalReembedded: number;
  /** The incremental build carried the HNSW graph over instead of building it again. */
  incrementalGraphCarried: boolean;
  /** One article changed in the latency index's corpus, rebuilt with the real-shape model. */
  scaleIncrementalSeconds: number;
  scaleIncrementalReembedded: number;
  scaleIncrementalGraphCarried: boolean;
  /** What a full build of that index would spend embedding alone, at the measured speed. */
  scaleFullEmbedHoursProjected: number;
  scaleIncrementalPeakRssMB: number;
  incrementalChangedPassages: number;
  incrementalFullBuildSeconds: number;
  incrementalSeconds: number;
  incrementalShare: number;
  /** The same share if embedding ran at this run's embedTokensPerSec (the main model's speed). */
  incrementalShareAtModelSpeed: number;
  langchain: null | {
    buildSeconds: number;
    buildRatio: number;
    queryP95ms: number;
    oursQueryP95ms: number;
    queryP95Ratio: number;
    top10Agreement: number;
    top10AgreementAr: number;
    top10AgreementEn: number;
    /** LangChain vs LangChain with batches of 16: the disagreement batching alone causes. */
    langchainSelfAgreementBatch16: number;
    /** Ours vs LangChain's store searched with our ef (128) instead of hnswlib's default 10. */
    top10AgreementSameEf: number;
    /** Exact (brute-force) top-10 over our vectors vs over LangChain's: the embeddings alone. */
    top10AgreementExact: number;
    /** Each store's HNSW top-10 against the exact top-10 over its own vectors. */
    oursHnswRecall10: number;
    langchainHnswRecall10: number;
    agreementQuestions: number;
    agreementPassages: number;
  };
  totalSeconds: number;
  /** 1-minute load average at the start and the end: other work on the machine depresses every figure. */
  loadAverage: { start: number; end: number };
}

function benchConfig(options: BenchOptions, model: string, overrides: Partial<CoreConfig> = {}): CoreConfig {
  const config = loadCoreConfig(
    {
      ...process.env,
      MODELS_DIR: options.modelsDir,
      EMBEDDING_MODEL: model,
      ALLOW_REMOTE_MODELS: 'false',
      LOG_LEVEL: 'silent',
    },
    projectRoot,
  );
  return { ...config, ...overrides };
}

/** The encoder's widths, from the model's config.json, and its linear layers' multiply–adds per token. */
async function encoderShape(options: BenchOptions, model: string): Promise<{ hidden: number; intermediate: number; macsPerToken: number }> {
  const config = JSON.parse(await readFile(path.join(options.modelsDir, model, 'config.json'), 'utf8')) as {
    hidden_size: number;
    intermediate_size: number;
    num_hidden_layers: number;
  };
  const { hidden_size: hidden, intermediate_size: intermediate, num_hidden_layers: layers } = config;
  return { hidden, intermediate, macsPerToken: layers * (4 * hidden * hidden + 2 * hidden * intermediate) };
}

async function runServeProbe(options: BenchOptions, config: CoreConfig, indexDir: string, questions: string[]): Promise<ServeProbeResult> {
  const folder = await mkdtemp(path.join(tmpdir(), 'bench-serve-'));
  try {
    const file = path.join(folder, 'questions.json');
    await writeFile(file, JSON.stringify(questions));
    // "Cold" means a fresh process, not a cold disk: the index files are read once first, as a
    // restarted bot finds them in the OS page cache. (This machine keeps only ~1 GB of page cache,
    // so after the benchmark's other phases they may otherwise come from disk: +1–1.5 s.)
    await readAllFiles(indexDir);
    const env = {
      ...process.env,
      INDEX_DIR: indexDir,
      MODELS_DIR: options.modelsDir,
      EMBEDDING_MODEL: config.embeddingModel,
      ALLOW_REMOTE_MODELS: 'false',
      LOG_LEVEL: 'silent',
    };
    return await runJsonChild<ServeProbeResult>(new URL('./serveProbe.ts', import.meta.url), [file], env, 'serve probe');
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Numbers 0..count-1 of the k highest scores, best first (exact search, for reference). */
function exactTop(count: number, score: (item: number) => number, k: number): number[] {
  return Array.from({ length: count }, (_, item) => ({ item, value: score(item) }))
    .sort((a, b) => b.value - a.value)
    .slice(0, k)
    .map((entry) => entry.item);
}

async function readAllFiles(folder: string): Promise<void> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) await readAllFiles(file);
    else if (entry.isFile()) for await (const _chunk of createReadStream(file, { highWaterMark: 4 << 20 })) void _chunk;
  }
}

function overlapAt(a: readonly number[], b: readonly number[], k: number): number {
  const top = new Set(a.slice(0, k));
  const denominator = Math.min(k, Math.max(a.length, b.length));
  return denominator ? b.slice(0, k).filter((item) => top.has(item)).length / denominator : 1;
}

/** Stops with one line naming what is missing (the bench needs data and models the repository does not ship). */
function checkBenchInputs(options: BenchOptions): void {
  const news = path.join(options.dataDir, 'news-scale');
  requireInputs('The news-scale articles', '--data-dir', ...NEWS_FILES.map((name) => path.join(news, name)));
  requireInputs('The xquad-dev questions', '--data-dir', path.join(options.dataDir, 'xquad-dev', 'queries.en.jsonl'));
  for (const [model, flag] of [
    [options.model, '--models-dir (and --model)'],
    [options.incrementalModel, '--models-dir (and --incremental-model)'],
  ] as const) {
    requireInputs(`The benchmark model ${model}`, flag, path.join(options.modelsDir, model, 'onnx', 'model_quantized.onnx'));
  }
}

/** Everything the phases share: options, configuration, log, the news sample and its embedder. */
interface BenchRun {
  options: BenchOptions;
  config: CoreConfig;
  log: (line: string) => void;
  news: ArticleDocument[];
  sample: ArticleDocument[];
  texts: string[];
  /** Tokens of the sample's passages (capped at the model's 512), summed. */
  tokens: number;
}

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  checkBenchInputs(options);
  const started = performance.now();
  const loadAtStart = os.loadavg()[0]!;
  const log = createLog(options.quiet);
  await mkdir(options.cacheDir, { recursive: true });
  const config = benchConfig(options, options.model);

  log('loading news-scale articles');
  const news = await loadNews(path.join(options.dataDir, 'news-scale'));
  const sample = spreadSample(news, options.articles);
  const texts = passageTexts(sample).map((entry) => entry.text);
  log(`${news.length} articles; sample of ${sample.length} articles → ${texts.length} passages`);

  log(`loading ${options.model}`);
  const { embedder, timings } = timingEmbedder(await loadEmbedder(config));
  const tokens = embedder
    .countTokens(texts)
    .map((count) => Math.min(count, 512))
    .reduce((sum, count) => sum + count, 0);
  const run: BenchRun = { options, config, log, news, sample, texts, tokens };

  // 1. The large index first (built once, then cached): nothing else runs meanwhile.
  const scaleDocuments = options.scaleArticles === null ? news : spreadSample(news, options.scaleArticles);
  const scale = await ensureScaleIndex({
    cacheRoot: options.cacheDir,
    newsDir: path.join(options.dataDir, 'news-scale'),
    documents: scaleDocuments,
    model: modelInfoOf(embedder, config.embeddingDtype),
    log,
  });

  const work = await mkdtemp(path.join(tmpdir(), 'bench-'));
  try {
    const embedding = await measureEmbedding(run, embedder, timings, path.join(work, 'sample-index'));
    const questions = (await loadXquad(path.join(options.dataDir, 'xquad-dev'))).questions;
    const latencyQuestions = interleaveLanguages(questions, options.queries);
    // 4. LangChain side by side.
    const langchain = options.langchain
      ? await compareWithLangChain(options, config, embedder, texts, embedding.sampleIndexDir, latencyQuestions, embedding.buildSeconds, log)
      : null;
    await embedder.close();
    const serving = await measureServing(run, scale, latencyQuestions);
    const rebuilds = await measureRebuilds(run, scale, scaleDocuments, embedding.embedTokensPerSec);
    const kernel = await measureKernel(run, embedding.embedTokensPerSec);
    return {
      model: options.model,
      cpus: os.availableParallelism(),
      threads: kernel.threads,
      articles: sample.length,
      passages: texts.length,
      uniquePassages: new Set(texts).size,
      avgTokens: round(tokens / texts.length),
      ...embedding.figures,
      ...kernel.figures,
      ...serving,
      ...rebuilds,
      langchain,
      totalSeconds: round((performance.now() - started) / 1000),
      loadAverage: { start: round(loadAtStart, 2), end: round(os.loadavg()[0]!, 2) },
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** 2. Our real build of the sample (passages, lexical, embedding, vectors, write); 3. the naive path on the same passages. */
async function measureEmbedding(run: BenchRun, embedder: InProcessEmbedder, timings: Array<{ ms: number }>, sampleIndexDir: string) {
  const { config, log, sample, texts, tokens } = run;
  log(`build (ours): ${texts.length} passages`);
  const build = await buildIndex({ indexDir: sampleIndexDir, documents: sample, analyzer: createAnalyzer(), embedder, dtype: config.embeddingDtype });
  const embedMs = timings.reduce((sum, timing) => sum + timing.ms, 0);
  const embedPassagesPerSec = texts.length / (embedMs / 1000);
  const embedTokensPerSec = tokens / (embedMs / 1000);
  log(`ours: ${embedPassagesPerSec.toFixed(1)} passages/s, ${embedTokensPerSec.toFixed(0)} tokens/s; build ${build.summary.seconds.toFixed(1)} s`);
  log('naive pipeline, batches of 16');
  const naive = await naivePassagesPerSecond(config, texts, embedder.passagePrefix);
  log(`naive: ${naive.perSecond.toFixed(1)} passages/s`);
  return {
    sampleIndexDir,
    buildSeconds: build.summary.seconds,
    embedTokensPerSec,
    figures: {
      embedPassagesPerSec: round(embedPassagesPerSec),
      embedTokensPerSec: Math.round(embedTokensPerSec),
      naivePassagesPerSec: round(naive.perSecond),
      naiveTokensPerSec: Math.round(tokens / (naive.ms / 1000)),
      speedup: round(embedPassagesPerSec / naive.perSecond, 2),
      buildSeconds: round(build.summary.seconds, 2),
    },
  };
}

/** 5. Latency, cold start and memory at scale, in a fresh process as the bot would run; 6. a rebuild inside a running engine. */
async function measureServing(run: BenchRun, scale: ScaleIndex, latencyQuestions: Question[]) {
  const { options, config, log, sample } = run;
  log(`serving ${scale.passages} passages in a fresh process: cold start, ${latencyQuestions.length} questions`);
  const probe = await runServeProbe(options, config, scale.indexDir, [
    'ما هي آخر التطورات في أسعار النفط؟',
    ...latencyQuestions.map((question) => question.text),
  ]);
  log(`cold start ${probe.coldStartMs.toFixed(0)} ms, p95 ${percentile(probe.latenciesMs, 95).toFixed(1)} ms, rss ${probe.rssMB.toFixed(0)} MB`);
  // The stalls come from the main thread's share of a build (passages, lexical index, graph, write,
  // swap), not from how many passages the worker embeds: a part of the sample keeps this phase short.
  const rebuildSample = sample.slice(0, Math.min(sample.length, REBUILD_ARTICLES));
  log(`rebuild in a running engine: ${rebuildSample.length} articles, worker embedder`);
  const stall = await measureRebuildStall(config, rebuildSample, 'ما هي آخر التطورات في أسعار النفط؟');
  log(`event loop max delay ${stall.eventLoopMaxDelayMs.toFixed(1)} ms`);
  return {
    queryP50ms: round(percentile(probe.latenciesMs, 50)),
    queryP95ms: round(percentile(probe.latenciesMs, 95)),
    queryP99ms: round(percentile(probe.latenciesMs, 99)),
    queryModes: probe.modes,
    indexPassages: probe.passages,
    indexDocuments: scale.documents,
    indexVectors: scale.vectors,
    indexFromCache: scale.fromCache,
    indexBuildSeconds: scale.buildSeconds === null ? null : round(scale.buildSeconds),
    coldStartMs: Math.round(probe.coldStartMs),
    readyMs: Math.round(probe.readyMs),
    rssMB: Math.round(probe.rssMB),
    peakRssMB: Math.round(probe.peakRssMB),
    eventLoopMaxDelayMs: round(stall.eventLoopMaxDelayMs),
    eventLoopP99DelayMs: round(stall.eventLoopP99DelayMs),
    rebuildSeconds: round(stall.rebuildSeconds),
    rebuildPassages: stall.rebuildPassages,
    askDuringRebuildP95Ms: round(stall.askDuringRebuildP95Ms),
  };
}

/**
 * 7. Incremental rebuild (tiny model, a corpus of incrementalArticles); 8. the same at the latency
 * index's size with the real-shape model, whose full build would take hours: its embedding time is
 * projected from the sample's tokens per character and speed.
 */
async function measureRebuilds(run: BenchRun, scale: ScaleIndex, scaleDocuments: ArticleDocument[], embedTokensPerSec: number) {
  const { options, config, log, news, texts, tokens } = run;
  log(`incremental rebuild: ${options.incrementalArticles} articles, ${options.incrementalModel}`);
  const incremental = await measureIncremental(benchConfig(options, options.incrementalModel), spreadSample(news, options.incrementalArticles));
  // Embedding time swapped for what the main model would take (tokens estimated from characters at the sample's ratio).
  const tokensPerChar = tokens / texts.reduce((total, text) => total + text.length, 0);
  const atModelSpeed = (seconds: number, embedSeconds: number, chars: number) => seconds - embedSeconds + (chars * tokensPerChar) / embedTokensPerSec;
  const incrementalShareAtModelSpeed =
    atModelSpeed(incremental.incrementalSeconds, incremental.incrementalEmbedSeconds, incremental.changedChars) /
    atModelSpeed(incremental.fullBuildSeconds, incremental.fullEmbedSeconds, incremental.chars);
  log(
    `incremental: ${incremental.incrementalSeconds.toFixed(1)} s of ${incremental.fullBuildSeconds.toFixed(1)} s (${(incremental.incrementalShare * 100).toFixed(1)}%)`,
  );

  log(`incremental rebuild of the ${scale.passages}-passage index, ${options.model}`);
  const scaleIncremental = await measureIncrementalAtScale(config, scale.indexDir, scaleDocuments, SCALE_PASSAGE_OPTIONS);
  const scaleFullEmbedSeconds = (scaleIncremental.chars * tokensPerChar) / embedTokensPerSec;
  log(
    `incremental at scale: ${scaleIncremental.seconds.toFixed(1)} s, ${scaleIncremental.reembedded} passages embedded; a full build would embed for ~${(scaleFullEmbedSeconds / 3600).toFixed(1)} h`,
  );
  return {
    incrementalModel: incremental.model,
    incrementalArticles: incremental.articles,
    incrementalPassages: incremental.passages,
    incrementalReembedded: incremental.reembedded,
    incrementalGraphCarried: incremental.graphCarried,
    scaleIncrementalSeconds: round(scaleIncremental.seconds, 2),
    scaleIncrementalReembedded: scaleIncremental.reembedded,
    scaleIncrementalGraphCarried: scaleIncremental.graphCarried,
    scaleFullEmbedHoursProjected: round(scaleFullEmbedSeconds / 3600, 2),
    scaleIncrementalPeakRssMB: scaleIncremental.peakRssMB,
    incrementalChangedPassages: incremental.changedArticlePassages,
    incrementalFullBuildSeconds: round(incremental.fullBuildSeconds),
    incrementalSeconds: round(incremental.incrementalSeconds, 2),
    incrementalShare: round(incremental.incrementalShare, 4),
    incrementalShareAtModelSpeed: round(incrementalShareAtModelSpeed, 4),
  };
}

/** The int8 kernel alone on the model's linear shapes, and how close the model's linear layers come to it. */
async function measureKernel(run: BenchRun, embedTokensPerSec: number) {
  const { options, config, log } = run;
  const threads = resolveThreads(config.embedThreads);
  const shape = await encoderShape(options, options.model);
  const macs = shape.macsPerToken;
  log("int8 matrix-multiply peak (ONNX Runtime kernel, the model's linear shapes)");
  const gemm = await measureGemmPeakInChild({ hidden: shape.hidden, intermediate: shape.intermediate, threads });
  const linearGopsPerCore = (embedTokensPerSec * 2 * macs) / 1e9 / threads;
  log(`int8 peak ${gemm.gopsPerCore} GOPS per core (${JSON.stringify(gemm.byShape)}); the model's linear layers run at ${linearGopsPerCore.toFixed(1)}`);
  return {
    threads,
    figures: {
      linearGopsPerCore: round(linearGopsPerCore),
      int8PeakGopsPerCore: gemm.gopsPerCore,
      linearShareOfPeak: round(linearGopsPerCore / gemm.gopsPerCore, 2),
      tokensPerSecCeiling: Math.round((gemm.gopsPerCore * 1e9 * threads) / (2 * macs)),
    },
  };
}

async function compareWithLangChain(
  options: BenchOptions,
  config: CoreConfig,
  embedder: import('../../src/embedding/embedder.ts').Embedder,
  texts: string[],
  sampleIndexDir: string,
  questions: Question[],
  oursBuildSeconds: number,
  log: (line: string) => void,
): Promise<NonNullable<BenchResult['langchain']>> {
  const prefixes = { query: embedder.queryPrefix, passage: embedder.passagePrefix };
  log(`LangChain HNSWLib build: ${texts.length} passages`);
  const store = await buildLangChainStore(config, texts, prefixes);
  log(`LangChain build ${(store.buildMs / 1000).toFixed(1)} s`);

  // Query latency on the same passages, alternating the two pipelines question by question.
  const engine = await createEngine({ ...config, indexDir: sampleIndexDir }, { embedder });
  const oursMs: number[] = [];
  const theirsMs: number[] = [];
  for (const question of questions) {
    let t = performance.now();
    await engine.ask(question.text, { k: 10 });
    oursMs.push(performance.now() - t);
    t = performance.now();
    await store.search(question.text, 10);
    theirsMs.push(performance.now() - t);
  }

  // Dense top-10 agreement on xquad-dev: same model, so the two pipelines should find the same passages.
  const xquad = await loadXquad(path.join(options.dataDir, 'xquad-dev'));
  const xquadPassages = passageTexts(xquad.documents);
  log(`agreement: ${xquad.questions.length} xquad-dev questions over ${xquadPassages.length} passages`);
  const ours = await buildIndex({
    indexDir: '',
    documents: xquad.documents,
    analyzer: createAnalyzer(),
    embedder,
    inMemory: true,
    dtype: config.embeddingDtype,
  });
  const theirs = await buildLangChainStore(
    config,
    xquadPassages.map((entry) => entry.text),
    prefixes,
  );
  // Control: LangChain against itself, the same passages embedded 16 to a call instead of 512. The
  // int8 model quantizes activations per call (DynamicQuantizeLinear), so a passage's vector depends
  // slightly on its batch companions; this shows how much of the disagreement that alone explains.
  const theirsBatch16 = await buildLangChainStore(
    config,
    xquadPassages.map((entry) => entry.text),
    prefixes,
    16,
  );
  // Exact references: brute-force top-10 over each pipeline's own vectors. Exact-vs-exact isolates
  // the embeddings; each HNSW answer against its exact top-10 is that store's search recall.
  const dimensions = embedder.dimensions;
  const oursVectors = ours.index.embeddings!;
  const theirsVectors = xquadPassages.map((_, passage) => theirs.passageVector(passage));
  const agreement: Record<'ar' | 'en', number[]> = { ar: [], en: [] };
  const control: number[] = [];
  const exactAgreement: number[] = [];
  const oursRecall: number[] = [];
  const theirsRecall: number[] = [];
  const oursTops: number[][] = [];
  for (const question of xquad.questions) {
    const vector = await embedder.embedQuery(question.text);
    const oursTop = ours.index.vectors!.search(vector, 10).map((hit) => hit.label);
    oursTops.push(oursTop);
    const theirsTop = await theirs.search(question.text, 10);
    agreement[question.lang].push(overlapAt(oursTop, theirsTop, 10));
    control.push(overlapAt(await theirsBatch16.search(question.text, 10), theirsTop, 10));
    const theirsQuestion = await theirs.embedQuery(question.text);
    const oursExact = exactTop(xquadPassages.length, (passage) => dot(vector, oursVectors.subarray(passage * dimensions, (passage + 1) * dimensions)), 10);
    const theirsExact = exactTop(xquadPassages.length, (passage) => dot(theirsQuestion, theirsVectors[passage]!), 10);
    exactAgreement.push(overlapAt(oursExact, theirsExact, 10));
    oursRecall.push(overlapAt(oursExact, oursTop, 10));
    theirsRecall.push(overlapAt(theirsExact, theirsTop, 10));
  }
  // The same stores with LangChain's graph searched as ours is (ef 128 instead of hnswlib's 10): what
  // is left of the disagreement once both pipelines search their graphs equally hard.
  theirs.setSearchEf(DEFAULT_EF_SEARCH);
  const sameEf: number[] = [];
  for (const [i, question] of xquad.questions.entries()) sameEf.push(overlapAt(oursTops[i]!, await theirs.search(question.text, 10), 10));
  const all = [...agreement.ar, ...agreement.en];
  const oursP95 = percentile(oursMs, 95);
  const theirsP95 = percentile(theirsMs, 95);
  return {
    buildSeconds: round(store.buildMs / 1000, 2),
    buildRatio: round(store.buildMs / 1000 / oursBuildSeconds, 2),
    queryP95ms: round(theirsP95),
    oursQueryP95ms: round(oursP95),
    queryP95Ratio: round(theirsP95 / oursP95, 2),
    top10Agreement: round(mean(all), 4),
    top10AgreementAr: round(mean(agreement.ar), 4),
    top10AgreementEn: round(mean(agreement.en), 4),
    langchainSelfAgreementBatch16: round(mean(control), 4),
    top10AgreementSameEf: round(mean(sameEf), 4),
    top10AgreementExact: round(mean(exactAgreement), 4),
    oursHnswRecall10: round(mean(oursRecall), 4),
    langchainHnswRecall10: round(mean(theirsRecall), 4),
    agreementQuestions: all.length,
    agreementPassages: xquadPassages.length,
  };
}
