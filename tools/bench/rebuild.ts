/**
 * Rebuild figures: how long the event loop stalls while a running engine rebuilds (the bot's
 * /reindex: worker embedder, questions keep coming), and what an incremental rebuild costs after
 * one article of many changes (10,000 articles with the tiny model against a full build; and the
 * 213k-passage latency index with the real-shape model).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CoreConfig } from '../../src/config.ts';
import type { ArticleDocument } from '../../src/types.ts';
import { createEngine } from '../../src/engine.ts';
import { createAnalyzer } from '../../src/text/analyzer.ts';
import { buildIndex } from '../../src/index/build.ts';
import { loadIndex } from '../../src/index/store.ts';
import { hashArticle } from '../../src/corpus/loadCorpus.ts';
import type { PassageOptions } from '../../src/corpus/passages.ts';
import { loadEmbedder } from '../../src/embedding/embedder.ts';
import { timingEmbedder } from './embedding.ts';
import { percentile } from './stats.ts';

export interface RebuildStallResult {
  eventLoopMaxDelayMs: number;
  eventLoopP99DelayMs: number;
  rebuildSeconds: number;
  rebuildPassages: number;
  asksDuringRebuild: number;
  askDuringRebuildP95Ms: number;
}

/**
 * Writes the articles as a JSONL corpus in a temporary folder (deleted afterwards), builds a
 * lexical-only index there, starts an engine on it with the worker embedder, and rebuilds with
 * vectors while questions are asked every 50 ms.
 */
export async function measureRebuildStall(config: CoreConfig, documents: readonly ArticleDocument[], question: string): Promise<RebuildStallResult> {
  const root = await mkdtemp(path.join(tmpdir(), 'bench-rebuild-'));
  try {
    const corpusDir = path.join(root, 'corpus');
    const indexDir = path.join(root, 'index');
    await mkdir(corpusDir);
    const lines = documents.map(({ docId, title, text, source, url, date }) => JSON.stringify({ id: docId, title, text, source, url, date }));
    await writeFile(path.join(corpusDir, 'articles.jsonl'), `${lines.join('\n')}\n`);
    const local: CoreConfig = { ...config, corpusDir, indexDir };
    await buildIndex({ indexDir, documents: [...documents], analyzer: createAnalyzer(), embedder: null });
    const engine = await createEngine(local, { embedInWorker: true, keepServing: true });
    try {
      await engine.ask(question);
      const histogram = monitorEventLoopDelay({ resolution: 5 });
      const askMs: number[] = [];
      let rebuilding = true;
      const asking = (async () => {
        while (rebuilding) {
          const started = performance.now();
          await engine.ask(question);
          askMs.push(performance.now() - started);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      histogram.enable();
      const started = performance.now();
      const summary = await engine.reindex();
      const rebuildSeconds = (performance.now() - started) / 1000;
      histogram.disable();
      rebuilding = false;
      await asking;
      return {
        eventLoopMaxDelayMs: histogram.max / 1e6,
        eventLoopP99DelayMs: histogram.percentile(99) / 1e6,
        rebuildSeconds,
        rebuildPassages: summary.embedded,
        asksDuringRebuild: askMs.length,
        askDuringRebuildP95Ms: percentile(askMs, 95),
      };
    } finally {
      await engine.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export interface IncrementalResult {
  model: string;
  articles: number;
  passages: number;
  fullBuildSeconds: number;
  fullEmbedSeconds: number;
  incrementalSeconds: number;
  incrementalEmbedSeconds: number;
  /** Passages re-embedded by the incremental build, and how many the changed article has. */
  reembedded: number;
  graphCarried: boolean;
  changedArticlePassages: number;
  incrementalShare: number;
  /** Passage characters of the whole build and of the changed article, for projecting the share at another model's speed. */
  chars: number;
  changedChars: number;
}

/** The corpus with its middle article given one more paragraph (a correction after publication). */
function withOneArticleEdited(documents: readonly ArticleDocument[]): { next: ArticleDocument[]; changed: ArticleDocument } {
  const changedAt = Math.floor(documents.length / 2);
  const original = documents[changedAt]!;
  const { contentHash: _hash, origin, ...fields } = original;
  const edited = { ...fields, text: `${original.text}\n\nتحديث: أضيفت هذه الفقرة بعد النشر.` };
  const changed: ArticleDocument = { ...edited, origin, contentHash: hashArticle(edited) };
  return { next: documents.map((document, index) => (index === changedAt ? changed : document)), changed };
}

/** Full build of `documents`, then one article changed and the build repeated with the first as `previous`. */
export async function measureIncremental(config: CoreConfig, documents: readonly ArticleDocument[]): Promise<IncrementalResult> {
  const root = await mkdtemp(path.join(tmpdir(), 'bench-incremental-'));
  const { embedder, timings } = timingEmbedder(await loadEmbedder(config));
  try {
    const analyzer = createAnalyzer();
    const full = await buildIndex({ indexDir: root, documents: [...documents], analyzer, embedder, dtype: config.embeddingDtype });
    const previous = await loadIndex(root);
    const { next, changed } = withOneArticleEdited(documents);
    const incremental = await buildIndex({ indexDir: root, documents: next, analyzer, embedder, previous, dtype: config.embeddingDtype });
    const changedPassages = incremental.index.passages.filter((passage) => passage.docId === changed.docId);
    // Characters, not tokens: tokenizing 40k passages again would cost as much as a tenth of the
    // build; the caller converts with the sample's tokens per character.
    const chars = incremental.index.passages.reduce((total, passage) => total + passage.span.end - passage.span.start, 0);
    const changedChars = changedPassages.reduce((total, passage) => total + passage.span.end - passage.span.start, 0);
    return {
      model: config.embeddingModel,
      articles: documents.length,
      passages: full.summary.passages,
      fullBuildSeconds: full.summary.seconds,
      fullEmbedSeconds: (timings[0]?.ms ?? 0) / 1000,
      incrementalSeconds: incremental.summary.seconds,
      incrementalEmbedSeconds: (timings[1]?.ms ?? 0) / 1000,
      reembedded: incremental.summary.embedded,
      graphCarried: incremental.summary.graphCarried ?? false,
      changedArticlePassages: changedPassages.length,
      incrementalShare: incremental.summary.seconds / full.summary.seconds,
      chars,
      changedChars,
    };
  } finally {
    await embedder.close();
    await rm(root, { recursive: true, force: true });
  }
}

export interface ScaleIncrementalResult {
  passages: number;
  seconds: number;
  reembedded: number;
  graphCarried: boolean;
  /** Passage characters of the whole index, for projecting a full build's embedding time. */
  chars: number;
  /** Peak resident memory of the benchmark process up to the end of this phase. */
  peakRssMB: number;
}

/**
 * One article changed in the corpus of the large latency index (built from `documents`, vectors of
 * `config`'s model width), rebuilt with the real-shape model: what /reindex costs at that size when
 * almost everything is carried over. Written to a temporary folder; the cached index is untouched.
 */
export async function measureIncrementalAtScale(
  config: CoreConfig,
  indexDir: string,
  documents: readonly ArticleDocument[],
  passageOptions: PassageOptions,
): Promise<ScaleIncrementalResult> {
  const out = await mkdtemp(path.join(tmpdir(), 'bench-scale-incremental-'));
  const embedder = await loadEmbedder(config);
  try {
    const previous = await loadIndex(indexDir, { skipGraph: true });
    const { next } = withOneArticleEdited(documents);
    const started = performance.now();
    const result = await buildIndex({
      indexDir: out,
      documents: next,
      analyzer: createAnalyzer(),
      embedder,
      previous,
      passageOptions,
      dtype: config.embeddingDtype,
    });
    return {
      passages: result.summary.passages,
      seconds: (performance.now() - started) / 1000,
      reembedded: result.summary.embedded,
      graphCarried: result.summary.graphCarried ?? false,
      chars: result.index.passages.reduce((total, passage) => total + passage.span.end - passage.span.start, 0),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await embedder.close();
    await rm(out, { recursive: true, force: true });
  }
}
