/**
 * The eval's report: with --json one line (the last on stdout, for scripts and the README's
 * figures), else one metric a line with its per-split values beside it, and the time per question.
 */
import type { Scores } from './metrics.ts';

export interface RunFacts {
  mode: string;
  docs: number;
  passages: number;
  queries: number;
  askSeconds: number;
}

export function formatReport(facts: RunFacts, scores: Scores, json: boolean): string {
  const { metrics, splits, splitNames } = scores;
  const result = { mode: facts.mode, docs: facts.docs, passages: facts.passages, ...metrics, ...(splits ? { splits } : {}) };
  if (json) return `${JSON.stringify(result)}\n`;
  const perSplit = (key: string) =>
    splits && key in metrics ? splitNames.map((name) => `  ${name} ${splits[name]![key as keyof typeof metrics]}`).join('') : '';
  const rows = Object.entries(result)
    .filter(([key]) => key !== 'splits')
    .map(([key, value]) => `  ${key.padEnd(14)} ${value}${perSplit(key)}`);
  return `${rows.join('\n')}\n  ms/query       ${((facts.askSeconds * 1000) / Math.max(facts.queries, 1)).toFixed(1)}\n`;
}
