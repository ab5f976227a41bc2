/** A period's stats as data and as a chart, one call for the bot's /stats and the report CLI alike. */
import type { Database } from 'better-sqlite3';
import type { Lang } from '../types.ts';
import { renderChart } from './chart.ts';
import { computeFigures, DEFAULT_GAP_LIMIT, type StatsFigures } from './figures.ts';
import type { Period } from './period.ts';

export interface StatsReport {
  figures: StatsFigures;
  /** The chart (PNG bytes) and its size in pixels. */
  png: Buffer;
  width: number;
  height: number;
}

export async function buildStatsReport(db: Database, period: Period, options: { lang: Lang; gapLimit?: number }): Promise<StatsReport> {
  const figures = computeFigures(db, period, options.gapLimit ?? DEFAULT_GAP_LIMIT);
  const chart = await renderChart(figures, options.lang);
  return { figures, png: chart.png, width: chart.width, height: chart.height };
}
