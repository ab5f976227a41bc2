import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TimeSlices, yieldToEventLoop } from '../../src/util/timeSlices.ts';

test('yieldToEventLoop lets a waiting callback run first', async () => {
  const order: string[] = [];
  setImmediate(() => order.push('waiting callback'));
  await yieldToEventLoop();
  order.push('after the yield');
  assert.deepEqual(order, ['waiting callback', 'after the yield']);
});

test('a slice of 0 ms is due at once; yielding starts a new slice', async () => {
  const slices = new TimeSlices(0);
  assert.equal(slices.due, true);
  const never = new TimeSlices(Number.POSITIVE_INFINITY);
  assert.equal(never.due, false);
  await never.yield();
  assert.equal(never.due, false);
});
