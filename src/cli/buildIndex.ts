/** `npm run build-index`: corpus/ → index/ (a new verified version, switched to atomically). */
import { loadCoreConfig } from '../config.ts';
import { tryLoadEmbedder } from '../embedding/tryLoadEmbedder.ts';
import { createAnalyzer } from '../text/analyzer.ts';
import { loadCorpusDir } from '../corpus/loadCorpus.ts';
import { buildCorpusIndex } from '../index/build.ts';
import { loadIndex } from '../index/store.ts';
import { createProgressReporter } from './progress.ts';
import { runCli } from './run.ts';

await runCli(async () => {
  const config = loadCoreConfig();
  const notices: string[] = [];
  const embedder = await tryLoadEmbedder(config, false, notices);
  for (const notice of notices) process.stderr.write(`Note: ${notice}\n`);
  const corpus = await loadCorpusDir(config.corpusDir);
  for (const skipped of corpus.skipped) process.stderr.write(`Warning: skipped ${skipped.origin}: ${skipped.reason}\n`);
  if (!corpus.documents.length) {
    process.stderr.write(`No articles found in ${config.corpusDir}: add .txt, .md, .html or .jsonl files.\n`);
    return 1;
  }
  // The current version (if readable) lends unchanged documents' passages, postings and vectors, and
  // its graph when most passages stay (build.ts reads its own copy of it).
  const previous = await loadIndex(config.indexDir, { skipGraph: true }).catch(() => null);
  const progress = createProgressReporter();
  try {
    const { summary, version } = await buildCorpusIndex(config, corpus, { analyzer: createAnalyzer(), embedder, previous, onProgress: progress.update });
    progress.stop();
    process.stdout.write(
      `Indexed ${summary.documents} documents, ${summary.passages} passages in ${summary.seconds.toFixed(1)} s ` +
        `(${summary.mode}; embedded ${summary.embedded}, reused ${summary.reused}${summary.graphCarried ? ', search graph carried over' : ''}; skipped files: ${summary.skipped.length}) → ${config.indexDir}/${version}\n`,
    );
  } finally {
    progress.stop();
    await embedder?.close();
  }
  return 0;
});
