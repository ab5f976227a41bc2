/**
 * `npm run -s eval -- --corpus FILE[,FILE...] --queries FILE[,FILE...] [--mode lexical|dense|hybrid] [--k 10] [--half tune|heldout] [--json]`
 *
 * Builds an index of the given JSONL corpora in a temporary folder (corpus/ and index/ are not
 * touched), asks every query through the same retrieval and answer code as `ask` and the bot, and
 * scores the results at document level, abstention on answerable and unanswerable questions, and the
 * risk–coverage curve (metrics.ts). Tuning flags (flags.ts) exist for the comparisons in the README.
 */
import { writeFile } from 'node:fs/promises';
import { loadCoreConfig } from '../../src/config.ts';
import { tryLoadEmbedder } from '../../src/engine.ts';
import { createAnalyzer } from '../../src/text/analyzer.ts';
import { loadArticleFiles } from '../../src/corpus/loadCorpus.ts';
import { loadDictionary } from '../../src/crosslingual/dictionary.ts';
import { Retriever } from '../../src/retrieval/retriever.ts';
import { RERANK_FEATURES } from '../../src/retrieval/featureRerank.ts';
import { CONFIDENCE_FEATURES } from '../../src/answer/confidence.ts';
import { runCli, UsageError } from '../../src/cli/run.ts';
import { askAll } from './ask.ts';
import { buildEvalIndex } from './evalIndex.ts';
import { parseEvalFlags } from './flags.ts';
import { scoreRun } from './metrics.ts';
import { readQueries, selectQueries, type EvalQuery } from './queries.ts';
import { formatReport } from './report.ts';

await runCli(async () => {
  const settings = parseEvalFlags(process.argv.slice(2));
  const config = loadCoreConfig();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const loaded = await loadArticleFiles(settings.corpusFiles.map((file) => ({ file, origin: file })));
  for (const skipped of loaded.skipped) log(`Warning: ${skipped.origin}: ${skipped.reason}`);
  const read: EvalQuery[] = [];
  for (const file of settings.queriesFiles) read.push(...(await readQueries(file)));
  const queries = selectQueries(read, { split: settings.split, half: settings.half }, settings.limit);

  const notices: string[] = [];
  const embedder = settings.mode === 'lexical' ? null : await tryLoadEmbedder(config, false, notices);
  for (const notice of notices) log(`Note: ${notice}`);
  if (settings.mode !== 'lexical' && !embedder) throw new UsageError(`--mode ${settings.mode} needs an embedding model (EMBEDDING_MODEL / MODELS_DIR)`);
  const analyzer = createAnalyzer(settings.analyzer);
  const dictionary = await loadDictionary(config.dictionaryPath).catch(() => null);
  await dictionary?.ready; // every question translated with every dictionary part

  try {
    const { index, remove } = await buildEvalIndex(loaded.documents, analyzer, embedder, settings, config.embeddingDtype, log);
    try {
      const retriever = new Retriever(index, analyzer, embedder, dictionary, settings.retriever);
      const answers = await askAll(queries, retriever, index, analyzer, settings, log);
      if (settings.dump) await writeFile(settings.dump, `${JSON.stringify({ features: RERANK_FEATURES })}\n${answers.dumpLines.join('\n')}\n`);
      if (settings.dumpConfidence) {
        await writeFile(settings.dumpConfidence, `${JSON.stringify({ features: CONFIDENCE_FEATURES })}\n${answers.confidenceLines.join('\n')}\n`);
      }
      const facts = {
        mode: retriever.canUseDense ? settings.mode : 'lexical',
        docs: index.documents.length,
        passages: index.passages.length,
        queries: queries.length,
        askSeconds: answers.seconds,
      };
      process.stdout.write(formatReport(facts, scoreRun(answers.outcomes, queries), settings.json));
    } finally {
      await remove();
    }
  } finally {
    await embedder?.close();
  }
  return 0;
});
