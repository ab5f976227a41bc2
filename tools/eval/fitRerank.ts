/**
 * Fits the feature re-ranker's weights (src/retrieval/featureRerank.ts) on an eval dump:
 *   npm run -s eval -- --corpus … --queries …/queries.ar.jsonl --dump /tmp/features.jsonl
 *   npx tsx tools/eval/fitRerank.ts /tmp/features.jsonl [--fit train] [--report test]
 * Coordinate ascent (Metzler & Croft, 2007) on document-level MRR@10 over the questions of the
 * `--fit` split only; the `score` weight stays 1 (scale), every other weight is searched on a grid,
 * a few rounds. Prints the fitted weights and MRR@10 / R@1 / R@5 on each split before and after.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_KEY_SENTENCE_OPTIONS, KEY_SENTENCE_FEATURES, keySentenceWeights } from '../../src/answer/keySentence.ts';

export interface DumpQuery {
  split: string | null;
  gold: string[];
  candidates: Array<{ docId: string; features: number[] }>;
}

export interface RankMetrics {
  mrr: number;
  r1: number;
  r5: number;
}

export function scoreQueries(queries: readonly DumpQuery[], weights: readonly number[]): RankMetrics {
  let mrr = 0;
  let r1 = 0;
  let r5 = 0;
  for (const query of queries) {
    const gold = new Set(query.gold);
    const ranked = query.candidates
      .map((candidate, index) => ({ candidate, index, score: candidate.features.reduce((sum, value, i) => sum + value * weights[i]!, 0) }))
      .sort((a, b) => b.score - a.score || a.index - b.index);
    const rank = ranked.findIndex((entry) => gold.has(entry.candidate.docId));
    if (rank >= 0 && rank < 10) mrr += 1 / (rank + 1);
    if (rank === 0) r1++;
    if (rank >= 0 && rank < 5) r5++;
  }
  const n = queries.length || 1;
  return { mrr: mrr / n, r1: r1 / n, r5: r5 / n };
}

const GRID = [-1, -0.5, -0.25, -0.1, -0.05, -0.02, 0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3];

export function coordinateAscent(queries: readonly DumpQuery[], featureCount: number, rounds = 4, metric: 'mrr' | 'r1' = 'mrr'): number[] {
  const weights = new Array<number>(featureCount).fill(0);
  weights[0] = 1;
  let best = scoreQueries(queries, weights)[metric];
  for (let round = 0; round < rounds; round++) {
    let improved = false;
    for (let feature = 1; feature < featureCount; feature++) {
      for (const value of GRID) {
        const trial = [...weights];
        trial[feature] = value;
        const mrr = scoreQueries(queries, trial)[metric];
        if (mrr > best + 1e-6) {
          best = mrr;
          weights[feature] = value;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return weights;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      fit: { type: 'string', default: 'train' },
      report: { type: 'string', default: 'test' },
      sentences: { type: 'boolean', default: false },
    },
  });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('Usage: npx tsx tools/eval/fitRerank.ts DUMP.jsonl [--fit train] [--report test]\n');
    process.exit(2);
  }
  const [header, ...lines] = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim());
  // --sentences: fit the key-sentence weights instead (src/answer/keySentence.ts); each question's
  // candidates are then the first result's sentences, the gold ones those holding the answer.
  const names: readonly string[] = values.sentences ? KEY_SENTENCE_FEATURES : (JSON.parse(header!) as { features: string[] }).features;
  const queries = lines
    .map((line) => JSON.parse(line) as DumpQuery & { sentences?: Array<{ label: number; features: number[] }> })
    .map((query) =>
      values.sentences
        ? {
            split: query.split,
            gold: ['answer'],
            candidates: (query.sentences ?? []).map((row, i) => ({ docId: row.label ? 'answer' : `other-${i}`, features: row.features })),
          }
        : query,
    )
    .filter((query) => query.candidates.length > 0);
  const fitSet = values.fit === 'all' ? queries : queries.filter((query) => query.split === values.fit);
  const reportSet = values.report === 'all' ? queries : queries.filter((query) => query.split === values.report);
  const weights = coordinateAscent(fitSet, names.length, 4, values.sentences ? 'r1' : 'mrr');
  // Sentences: compare with today's defaults, not with matched mass alone.
  const baseline = values.sentences ? keySentenceWeights(DEFAULT_KEY_SENTENCE_OPTIONS) : names.map((_, i) => (i === 0 ? 1 : 0));
  const show = (label: string, set: readonly DumpQuery[]) => {
    const before = scoreQueries(set, baseline);
    const after = scoreQueries(set, weights);
    const f = (m: RankMetrics) => `MRR@10 ${m.mrr.toFixed(4)} R@1 ${m.r1.toFixed(4)} R@5 ${m.r5.toFixed(4)}`;
    process.stdout.write(`${label.padEnd(8)} (${set.length}) before ${f(before)}  after ${f(after)}\n`);
  };
  process.stdout.write(`weights: ${names.map((name, i) => `${name}=${weights[i]}`).join(',')}\n`);
  show(values.fit!, fitSet);
  show(values.report!, reportSet);
  show('all', queries);
}
