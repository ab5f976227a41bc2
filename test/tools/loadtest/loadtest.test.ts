/**
 * The load test, short: 10 askers for 3 s (/ask and mentions, Arabic and English) against the real
 * bot and engine through the emulator, with /reindex running meanwhile. Every question must be
 * answered with quotes and nothing may fail; latency and memory are measured by `npm run loadtest`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percentile, runLoadTest, slope } from '../../../tools/loadtest/loadtest.ts';
import { testModel } from '../../support/fixtures.ts';

test('10 askers for 3 s while /reindex runs: every interaction and mention answered and recorded, 0 errors', async () => {
  const report = await runLoadTest({ concurrency: 10, seconds: 3, reindex: true, model: testModel });
  assert.equal(report.mode, 'hybrid', 'the test model loads from the repository');
  assert.deepEqual(report.errorReasons, {});
  assert.equal(report.errors, 0);
  assert.deepEqual(report.errorLogSamples, []);
  assert.equal(report.errorLogs, 0);
  assert.ok(report.dispatched >= 10, `asked ${report.dispatched}`);
  assert.equal(report.answered, report.dispatched, 'every interaction got its answer');
  assert.ok(report.viaSlashCommand > 0 && report.viaMention > 0, 'both /ask and mentions');
  assert.ok(report.reindex && report.reindex.runs >= 1, 'at least one rebuild completed during the run');
  assert.equal(report.reindex.failed, 0);
  assert.ok(report.latencyMs.p50 > 0 && report.latencyMs.p50 <= report.latencyMs.p95);
  assert.ok(report.memory.samples >= 2);
  assert.equal(report.channels, 10, 'askers spread over ten channels by default');
  assert.ok(report.requests['POST /channels/:id/messages']! >= report.viaMention, 'mention replies are channel messages');
  assert.ok(report.requests['PATCH /webhooks/:id/:token/messages/@original']! >= report.viaSlashCommand, '/ask answers edit the deferred reply');
  // Recording is on, as the bot runs by default: every answer (warm-up included) is in the database.
  assert.ok(report.recording, 'recording on by default');
  assert.ok(report.recording.answersRecorded >= report.answered, `${report.recording.answersRecorded} recorded, ${report.answered} answered`);
  assert.deepEqual(report.recording.notices, []);
  assert.ok(report.recording.flushes >= 1);
});

test('percentile and slope', () => {
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50), 5);
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95), 10);
  assert.equal(percentile([], 95), 0);
  assert.equal(
    slope([
      { x: 0, y: 1 },
      { x: 1, y: 3 },
      { x: 2, y: 5 },
    ]),
    2,
  );
  assert.equal(slope([{ x: 0, y: 4 }]), 0);
});
