/**
 * Fits the answer's confidence model (src/answer/confidence.ts) on eval dumps:
 *   npm run -s eval -- --corpus … --queries A,B,… --dump-confidence /tmp/conf-X.jsonl   (one per corpus)
 *   npx tsx tools/eval/fitConfidence.ts /tmp/conf-*.jsonl [--fit tune] [--l2 0.01]
 * Logistic regression (Newton's method, L2 on the weights, not the bias) on the questions of the
 * `--fit` half only, labelled by whether the question is answerable in the corpus it was asked of.
 * Each group of questions (a question set asked of one corpus) weighs the same in the fit, and so
 * do the answerable and the unanswerable side, so that a large set does not decide the model
 * alone. The threshold is then chosen on the same half: the highest that keeps abstention on the
 * answerable groups within --max-abstain (their mean), else the one that maximizes the mean share
 * of right decisions over the groups. Prints the model to paste into DEFAULT_CONFIDENCE_MODEL and,
 * per group and half, abstention at that threshold.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CONFIDENCE_FEATURES, confidenceScore, type ConfidenceModel } from '../../src/answer/confidence.ts';

export interface ConfidenceRow {
  /** The question set and the corpus it was asked of. */
  group: string;
  half: string | null;
  answerable: boolean;
  features: number[];
}

/** Reads one --dump-confidence file; the group is the set's name and the file's (which names the corpus). */
export function readConfidenceDump(file: string): ConfidenceRow[] {
  const corpus = path.basename(file).replace(/\.jsonl$/, '');
  const [header, ...lines] = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim());
  const names = (JSON.parse(header!) as { features: string[] }).features;
  if (names.join() !== CONFIDENCE_FEATURES.join()) throw new Error(`${file}: features ${names.join()} are not today's ${CONFIDENCE_FEATURES.join()}`);
  return lines
    .map((line) => JSON.parse(line) as { set: string; half: string | null; lang: string; answerable: boolean; features: number[] })
    .filter((row) => row.features.length > 0)
    .map((row) => ({ group: `${row.set}@${corpus}`, half: row.half, answerable: row.answerable, features: row.features }));
}

/** Per-row weights: every group weighs the same, and the answerable side as much as the other. */
function rowWeights(rows: readonly ConfidenceRow[]): number[] {
  const groupSize = new Map<string, number>();
  for (const row of rows) groupSize.set(`${row.group}|${row.answerable}`, (groupSize.get(`${row.group}|${row.answerable}`) ?? 0) + 1);
  const sides = [true, false].map((side) => new Set(rows.filter((row) => row.answerable === side).map((row) => row.group)).size);
  return rows.map((row) => 1 / groupSize.get(`${row.group}|${row.answerable}`)! / Math.max(1, sides[row.answerable ? 0 : 1]!));
}

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= factor * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/**
 * The sign each weight must have (+1 / −1; 0: either): more of the question found is never evidence
 * against answering, nor more of it missing evidence for. Correlated features otherwise trade
 * weights in ways that fit the tuning sets and not new questions.
 */
const EXPECTED_SIGNS: Record<(typeof CONFIDENCE_FEATURES)[number], number> = {
  coverage: 1,
  rareCoverage: 1,
  window: 1,
  pairs: 1,
  sentenceCoverage: 1,
  typeAsked: 0,
  typeMissing: -1,
  english: 0,
  shortQuestion: 0,
};

/** fitLogistic with every weight of the wrong sign dropped (held at 0), refitting until none is left. */
export function fitSignConstrained(rows: readonly ConfidenceRow[], l2: number): number[] {
  const fixed = new Set<number>();
  for (;;) {
    const beta = fitLogistic(rows, l2, fixed);
    const wrong = CONFIDENCE_FEATURES.findIndex((name, i) => !fixed.has(i) && EXPECTED_SIGNS[name] * beta[i + 1]! < 0);
    if (wrong < 0) return beta;
    fixed.add(wrong);
  }
}

/** Weighted L2-regularized logistic regression; returns [bias, ...weights], the features in `fixed` held at 0. */
function fitLogistic(rows: readonly ConfidenceRow[], l2: number, fixed: ReadonlySet<number> = new Set(), iterations = 30): number[] {
  const weights = rowWeights(rows);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const dims = CONFIDENCE_FEATURES.length + 1;
  let beta = new Array<number>(dims).fill(0);
  const x = (row: ConfidenceRow) => [1, ...row.features];
  for (let iteration = 0; iteration < iterations; iteration++) {
    const gradient = new Array<number>(dims).fill(0);
    const hessian = Array.from({ length: dims }, () => new Array<number>(dims).fill(0));
    rows.forEach((row, r) => {
      const xi = x(row);
      const p = 1 / (1 + Math.exp(-xi.reduce((sum, v, i) => sum + v * beta[i]!, 0)));
      const w = weights[r]! / total;
      const y = row.answerable ? 1 : 0;
      for (let i = 0; i < dims; i++) {
        gradient[i]! += w * (p - y) * xi[i]!;
        for (let j = 0; j < dims; j++) hessian[i]![j]! += w * p * (1 - p) * xi[i]! * xi[j]!;
      }
    });
    for (let i = 1; i < dims; i++) {
      gradient[i]! += l2 * beta[i]!;
      hessian[i]![i]! += l2;
    }
    for (let i = 0; i < dims; i++) hessian[i]![i]! += 1e-9;
    for (const feature of fixed) {
      // A held feature: its row and column of the system say "no step".
      for (let j = 0; j < dims; j++) hessian[feature + 1]![j] = hessian[j]![feature + 1] = 0;
      hessian[feature + 1]![feature + 1] = 1;
      gradient[feature + 1] = 0;
    }
    const step = solve(hessian, gradient);
    beta = beta.map((value, i) => value - step[i]!);
    if (Math.max(...step.map(Math.abs)) < 1e-7) break;
  }
  return beta;
}

export function toModel(beta: readonly number[], threshold: number): ConfidenceModel {
  const round = (value: number) => Number(value.toFixed(3));
  return {
    bias: round(beta[0]!),
    weights: Object.fromEntries(CONFIDENCE_FEATURES.map((name, i) => [name, round(beta[i + 1]!)])) as ConfidenceModel['weights'],
    threshold: round(threshold),
  };
}

export interface GroupDecision {
  group: string;
  answerable: boolean;
  count: number;
  /** Share of the group answered "no confident answer". */
  abstain: number;
}

/** Abstention per group (and answerable side) at the model's threshold. */
export function groupDecisions(rows: readonly ConfidenceRow[], model: ConfidenceModel): GroupDecision[] {
  const groups = new Map<string, { group: string; answerable: boolean; count: number; abstained: number }>();
  for (const row of rows) {
    const key = `${row.group}|${row.answerable}`;
    const entry = groups.get(key) ?? { group: row.group, answerable: row.answerable, count: 0, abstained: 0 };
    entry.count++;
    if (confidenceScore(row.features, model) < model.threshold) entry.abstained++;
    groups.set(key, entry);
  }
  return [...groups.values()].map(({ abstained, ...entry }) => ({ ...entry, abstain: abstained / entry.count }));
}

/** Mean over groups of the share of right decisions (answer the answerable, abstain on the rest). */
function meanRight(decisions: readonly GroupDecision[]): number {
  return decisions.reduce((sum, d) => sum + (d.answerable ? 1 - d.abstain : d.abstain), 0) / Math.max(1, decisions.length);
}

function meanAbstainAnswerable(decisions: readonly GroupDecision[]): number {
  const answerable = decisions.filter((d) => d.answerable);
  return answerable.reduce((sum, d) => sum + d.abstain, 0) / Math.max(1, answerable.length);
}

/** The threshold (on a 0.01 grid): the highest keeping mean answerable abstention ≤ maxAbstain, else the best mean. */
export function chooseThreshold(rows: readonly ConfidenceRow[], beta: readonly number[], maxAbstain: number): number {
  let best = { threshold: 0.5, right: -1 };
  let highestWithin: number | null = null;
  for (let t = 0.01; t < 1; t += 0.01) {
    const decisions = groupDecisions(rows, toModel(beta, t));
    const right = meanRight(decisions);
    if (right > best.right) best = { threshold: t, right };
    if (meanAbstainAnswerable(decisions) <= maxAbstain) highestWithin = t;
  }
  return highestWithin ?? best.threshold;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      fit: { type: 'string', default: 'tune' },
      l2: { type: 'string', default: '0.001' },
      'max-abstain': { type: 'string', default: '0.05' },
      drop: { type: 'string', default: '' },
      curve: { type: 'boolean', default: false },
      'skip-group': { type: 'string', default: '' },
    },
  });
  if (!positionals.length) {
    process.stderr.write(
      'Usage: npx tsx tools/eval/fitConfidence.ts DUMP.jsonl [DUMP.jsonl…] [--fit tune] [--l2 0.001] [--max-abstain 0.05] [--drop feature,…]\n',
    );
    process.exit(2);
  }
  const dropped = new Set(values.drop!.split(',').filter(Boolean));
  const mask = CONFIDENCE_FEATURES.map((name) => (dropped.has(name) ? 0 : 1));
  const rows = positionals.flatMap(readConfidenceDump).map((row) => ({ ...row, features: row.features.map((v, i) => v * mask[i]!) }));
  const skipped = values['skip-group']!.split(',').filter(Boolean);
  const fitRows = rows.filter((row) => row.half === values.fit && !skipped.some((group) => row.group === group));
  const beta = fitSignConstrained(fitRows, Number(values.l2));
  const model = toModel(beta, chooseThreshold(fitRows, beta, Number(values['max-abstain'])));
  process.stdout.write(`${JSON.stringify(model)}\n`);
  if (values.curve) {
    // The trade-off: mean abstention on the answerable groups against the unanswerable ones, per half.
    for (let t = 0.05; t < 1; t += 0.05) {
      const line = ['tune', 'heldout'].map((half) => {
        const decisions = groupDecisions(
          rows.filter((row) => row.half === half),
          toModel(beta, t),
        );
        const unanswerable = decisions.filter((d) => !d.answerable);
        const mean = unanswerable.reduce((sum, d) => sum + d.abstain, 0) / Math.max(1, unanswerable.length);
        return `${half} ${meanAbstainAnswerable(decisions).toFixed(3)} / ${mean.toFixed(3)}`;
      });
      process.stdout.write(`threshold ${t.toFixed(2)}: abstain answerable / unanswerable  ${line.join('   ')}\n`);
    }
  }
  for (const half of ['tune', 'heldout']) {
    const decisions = groupDecisions(
      rows.filter((row) => row.half === half),
      model,
    );
    process.stdout.write(`${half}: mean right ${meanRight(decisions).toFixed(3)}\n`);
    for (const d of decisions.sort((a, b) => a.group.localeCompare(b.group))) {
      process.stdout.write(
        `  ${d.answerable ? 'answerable  ' : 'unanswerable'} ${d.group.padEnd(40)} n=${String(d.count).padEnd(4)} abstain ${d.abstain.toFixed(3)}\n`,
      );
    }
  }
}
