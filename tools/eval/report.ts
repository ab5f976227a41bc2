/**
 * The eval's report: with --json one line (the last on stdout, for scripts and the README's
 * figures), else one metric a line with its per-half values beside it, per question set, and the
 * time per question.
 */
import type { GroupScores, Metrics, RiskCoveragePoint, Scores } from './metrics.ts';

export interface RunFacts {
  mode: string;
  docs: number;
  passages: number;
  queries: number;
  askSeconds: number;
}

function pointText(point: RiskCoveragePoint): string {
  return `${point.coverage}→${point.accuracy}`;
}

function valueText(value: Metrics[keyof Metrics]): string {
  if (value === null) return '—';
  if (Array.isArray(value)) return value.map(pointText).join(' ');
  if (typeof value === 'object') return pointText(value);
  return String(value);
}

function groupRows(group: GroupScores, indent: string): string[] {
  const halves = group.halves ? (Object.entries(group.halves) as Array<[string, Metrics]>) : [];
  return (Object.keys(group.all) as Array<keyof Metrics>).map((key) => {
    const perHalf = halves.map(([name, metrics]) => `  ${name} ${valueText(metrics[key])}`).join('');
    return `${indent}${key.padEnd(20)} ${valueText(group.all[key])}${key === 'riskCoverage' ? '' : perHalf}`;
  });
}

export function formatReport(facts: RunFacts, scores: Scores, json: boolean): string {
  const { all, halves, sets } = scores;
  const result = { mode: facts.mode, docs: facts.docs, passages: facts.passages, ...all, ...(halves ? { halves } : {}), ...(sets ? { sets } : {}) };
  if (json) return `${JSON.stringify(result)}\n`;
  const rows = [`  mode ${facts.mode} · ${facts.docs} documents · ${facts.passages} passages`, ...groupRows(scores, '  ')];
  for (const [name, group] of Object.entries(sets ?? {})) rows.push(`  ${name}:`, ...groupRows(group, '    '));
  return `${rows.join('\n')}\n  ms/query             ${((facts.askSeconds * 1000) / Math.max(facts.queries, 1)).toFixed(1)}\n`;
}
