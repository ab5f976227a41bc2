/**
 * The eval's index: built from the given corpora in a temporary folder, so that `corpus/` and
 * `index/` are never touched, and loaded back from disk as `ask` and the bot load theirs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ArticleDocument } from '../../src/types.ts';
import type { Analyzer } from '../../src/text/analyzer.ts';
import type { Embedder } from '../../src/embedding/embedder.ts';
import { buildIndex } from '../../src/index/build.ts';
import { loadIndex, type IndexData } from '../../src/index/store.ts';
import { createProgressReporter } from '../../src/cli/progress.ts';
import type { EvalSettings } from './flags.ts';

export interface EvalIndex {
  index: IndexData;
  /** Removes the temporary folder. */
  remove(): Promise<void>;
}

export async function buildEvalIndex(
  documents: ArticleDocument[],
  analyzer: Analyzer,
  embedder: Embedder | null,
  settings: Pick<EvalSettings, 'passages' | 'bm25'>,
  dtype: string,
  log: (line: string) => void,
): Promise<EvalIndex> {
  const indexDir = await mkdtemp(path.join(tmpdir(), 'qa-eval-'));
  const remove = () => rm(indexDir, { recursive: true, force: true });
  const progress = createProgressReporter();
  try {
    const started = performance.now();
    await buildIndex({ indexDir, documents, analyzer, embedder, passageOptions: settings.passages, bm25: settings.bm25, dtype, onProgress: progress.update });
    progress.stop();
    const index = await loadIndex(indexDir);
    log(`Indexed ${index.documents.length} documents, ${index.passages.length} passages in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { index, remove };
  } catch (error) {
    progress.stop();
    await remove();
    throw error;
  }
}
