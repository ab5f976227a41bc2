/**
 * `npm run -s bench -- [--articles N] [--json]`: speed figures (see tools/bench/run.ts and the
 * README's Speed section). Progress on stderr; the report, or with --json one JSON line, on stdout.
 *
 * Other flags: --scale-articles N (latency index from N articles instead of all), --incremental-articles N,
 * --queries N, --model ID, --incremental-model ID, --models-dir DIR, --data-dir DIR, --cache-dir DIR,
 * --no-langchain, --quiet.
 */
import path from 'node:path';
import { parseFlags, parsePositiveInt, runCli } from '../../src/cli/run.ts';
import { DEFAULT_BENCH_OPTIONS, runBench, type BenchOptions } from './run.ts';
import { renderReport } from './report.ts';

await runCli(async () => {
  const parsed = parseFlags(
    {
      options: {
        articles: { type: 'string' },
        'scale-articles': { type: 'string' },
        'incremental-articles': { type: 'string' },
        queries: { type: 'string' },
        model: { type: 'string' },
        'incremental-model': { type: 'string' },
        'models-dir': { type: 'string' },
        'data-dir': { type: 'string' },
        'cache-dir': { type: 'string' },
        'no-langchain': { type: 'boolean' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean' },
      },
      strict: true,
    },
    'usage: npm run -s bench -- [--articles N] [--json]',
  );
  const values = parsed.values;
  const env = process.env;
  const dir = (value: string | undefined, fallback: string) => (value ? path.resolve(value) : fallback);
  const options: BenchOptions = {
    ...DEFAULT_BENCH_OPTIONS,
    articles: parsePositiveInt('--articles', values.articles, 1, 40_814) ?? DEFAULT_BENCH_OPTIONS.articles,
    scaleArticles: parsePositiveInt('--scale-articles', values['scale-articles'], 1, 1_000_000) ?? null,
    incrementalArticles: parsePositiveInt('--incremental-articles', values['incremental-articles'], 2, 1_000_000) ?? DEFAULT_BENCH_OPTIONS.incrementalArticles,
    queries: parsePositiveInt('--queries', values.queries, 1, 100_000) ?? DEFAULT_BENCH_OPTIONS.queries,
    model: values.model ?? env.BENCH_MODEL ?? DEFAULT_BENCH_OPTIONS.model,
    incrementalModel: values['incremental-model'] ?? env.BENCH_INCREMENTAL_MODEL ?? DEFAULT_BENCH_OPTIONS.incrementalModel,
    modelsDir: dir(values['models-dir'] ?? env.BENCH_MODELS_DIR, DEFAULT_BENCH_OPTIONS.modelsDir),
    dataDir: dir(values['data-dir'] ?? env.BENCH_DATA_DIR, DEFAULT_BENCH_OPTIONS.dataDir),
    cacheDir: dir(values['cache-dir'] ?? env.BENCH_CACHE_DIR, DEFAULT_BENCH_OPTIONS.cacheDir),
    langchain: !values['no-langchain'],
    quiet: !!values.quiet,
  };
  const result = await runBench(options);
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : renderReport(result));
  return 0;
});
