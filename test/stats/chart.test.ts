/**
 * The chart: a valid PNG of the size resvg reports, the same from the bot's worker as in process,
 * labelled in Arabic or English. The Arabic one is kept as a test artifact (its path is printed)
 * for a person to look at: shaped, joined letters, legible on a dark and a light background.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { databasePath, DataUnavailableError, openDatabase } from '../../src/data/database.ts';
import { renderChart } from '../../src/stats/chart.ts';
import { buildStatsReport } from '../../src/stats/report.ts';
import { StatsWorker } from '../../src/stats/statsInWorker.ts';
import { pngSize } from '../support/png.ts';
import { smallHistory, tempDataConfig } from '../support/recorded.ts';

test('the stats chart is a PNG of the reported size, with Arabic labels; the artifact path is printed', async (t) => {
  const { config, period } = smallHistory();
  const db = openDatabase(databasePath(config.dataDir));
  const report = await buildStatsReport(db, period, { lang: 'ar' });
  db.close();
  const size = pngSize(report.png);
  assert.deepEqual(size, { width: report.width, height: report.height });
  assert.ok(size.width >= 1200 && size.height >= 500, `drawn at twice its layout size (${size.width}×${size.height})`);
  const artifact = path.join(mkdtempSync(path.join(tmpdir(), 'stats-chart-')), 'stats-ar.png');
  writeFileSync(artifact, report.png);
  t.diagnostic(`chart artifact: ${artifact} (${size.width}×${size.height})`);
});

test('the chart has an opaque background and its labels in the language asked for', async () => {
  const { config, period } = smallHistory();
  const db = openDatabase(databasePath(config.dataDir));
  const report = await buildStatsReport(db, period, { lang: 'en' });
  db.close();
  const arabic = await renderChart(report.figures, 'ar');
  const english = await renderChart(report.figures, 'en');
  assert.match(arabic.svg, /الأسئلة يومياً/);
  assert.match(arabic.svg, /أجيب بثقة/);
  assert.match(english.svg, /Questions per day/);
  assert.match(english.svg, /answered confidently/);
  assert.match(english.svg, /2026-03-10 – 2026-03-15/);
  // The background is a filled rectangle covering the image, not transparency.
  assert.match(english.svg, /<rect[^>]*fill="#f2f3f5"/);
  assert.ok(!english.png.equals(arabic.png));
});

test("the bot's stats run in a worker give the same figures and chart as in process, one worker for several reports", async () => {
  const { config, period } = smallHistory();
  const db = openDatabase(databasePath(config.dataDir));
  const direct = await buildStatsReport(db, period, { lang: 'en' });
  db.close();
  const worker = new StatsWorker(config.dataDir);
  try {
    const [fromWorker, again] = await Promise.all([worker.report(period, 'en'), worker.report(period, 'en')]);
    assert.deepEqual(fromWorker.figures, direct.figures);
    assert.ok(fromWorker.png.equals(direct.png), 'the same PNG bytes');
    assert.ok(again.png.equals(direct.png));
    await worker.report(period, 'ar');
    assert.equal(worker.workersStarted, 1, 'kept between reports');
  } finally {
    await worker.close();
  }
});

test('the stats worker goes when idle and another starts for the next report', async (t) => {
  const { config, period } = smallHistory();
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const worker = new StatsWorker(config.dataDir, { idleMs: 60_000 });
  try {
    await worker.report(period, 'en');
    t.mock.timers.tick(59_999);
    await worker.report(period, 'en');
    assert.equal(worker.workersStarted, 1, 'kept while reports come');
    t.mock.timers.tick(60_000);
    await worker.report(period, 'en');
    assert.equal(worker.workersStarted, 2, 'idle for idleMs: let go');
  } finally {
    await worker.close();
  }
});

test('stats on a database that does not exist: a DataUnavailableError saying nothing was recorded', async () => {
  const { dataDir } = tempDataConfig();
  const worker = new StatsWorker(dataDir);
  try {
    await assert.rejects(worker.report({ since: 0, until: 86_400_000 }, 'en'), (error: unknown) => {
      return error instanceof DataUnavailableError && error.problem === 'missing';
    });
  } finally {
    await worker.close();
  }
});
