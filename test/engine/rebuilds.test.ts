/** One rebuild at a time: joining, the latest progress for late followers, and the status in between. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rebuilds } from '../../src/engine/rebuilds.ts';
import type { BuildProgress, BuildSummary } from '../../src/types.ts';

const SUMMARY: BuildSummary = { documents: 1, passages: 2, embedded: 2, reused: 0, seconds: 0.1, mode: 'hybrid', skipped: [] };

/** A rebuild the test drives: each start() of the Rebuilds under test opens one. */
function drivenRebuilds() {
  const started: Array<{ report: (progress: BuildProgress) => void; finish: () => void; fail: (error: Error) => void }> = [];
  const rebuilds = new Rebuilds(
    (report) =>
      new Promise<BuildSummary>((resolve, reject) => {
        started.push({ report, finish: () => resolve(SUMMARY), fail: reject });
      }),
  );
  return { rebuilds, started };
}

test('a start while a rebuild runs joins it: the same promise, one rebuild', async () => {
  const { rebuilds, started } = drivenRebuilds();
  assert.equal(rebuilds.status(), null);
  const first = rebuilds.start();
  const second = rebuilds.start();
  assert.equal(first, second);
  assert.equal(started.length, 1);
  assert.deepEqual(rebuilds.status(), { progress: null });
  started[0]!.finish();
  assert.equal(await second, SUMMARY);
  assert.equal(rebuilds.status(), null);
});

test('a late follower gets the latest progress at once, then each report until it stops following', async () => {
  const { rebuilds, started } = drivenRebuilds();
  const early: BuildProgress[] = [];
  const stopEarly = rebuilds.follow((progress) => early.push(progress));
  assert.deepEqual(early, [], 'nothing runs: nothing to deliver');
  const running = rebuilds.start();
  started[0]!.report({ phase: 'passages', done: 3, total: 3 });
  started[0]!.report({ phase: 'embed', done: 1, total: 4 });
  assert.deepEqual(rebuilds.status(), { progress: { phase: 'embed', done: 1, total: 4 } });

  const late: BuildProgress[] = [];
  const stopLate = rebuilds.follow((progress) => late.push(progress));
  assert.deepEqual(late, [{ phase: 'embed', done: 1, total: 4 }]);
  stopEarly();
  started[0]!.report({ phase: 'write', done: 1, total: 1 });
  assert.deepEqual(late.at(-1), { phase: 'write', done: 1, total: 1 });
  assert.equal(early.length, 2, 'a follower that stopped hears no more');
  stopLate();
  started[0]!.finish();
  await running;
});

test('a failed rebuild rejects every joiner and leaves nothing running; the next start rebuilds afresh', async () => {
  const { rebuilds, started } = drivenRebuilds();
  const first = rebuilds.start();
  const joined = rebuilds.start();
  started[0]!.report({ phase: 'lexical', done: 1, total: 2 });
  started[0]!.fail(new Error('disk full'));
  await assert.rejects(first, /disk full/);
  await assert.rejects(joined, /disk full/);
  await rebuilds.settled();
  assert.equal(rebuilds.status(), null);
  const seen: BuildProgress[] = [];
  rebuilds.follow((progress) => seen.push(progress));
  assert.deepEqual(seen, [], "the failed rebuild's progress is not delivered as current");
  const again = rebuilds.start();
  assert.equal(started.length, 2);
  started[1]!.finish();
  assert.equal(await again, SUMMARY);
});
