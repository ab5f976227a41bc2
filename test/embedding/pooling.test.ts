import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meanPoolAndNormalize } from '../../src/embedding/pooling.ts';

function close(actual: ArrayLike<number>, expected: number[], tolerance = 1e-6): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tolerance, `[${i}] ${actual[i]} ≠ ${expected[i]}`);
  }
}

test('mean pooling averages only the positions the attention mask marks', () => {
  // batch 2, seq 3, hidden 2. Row 0: all three tokens real. Row 1: last position is padding
  // holding large values that must not leak into the mean.
  const hidden = Float32Array.from([
    1,
    2,
    /**/ 3,
    4,
    /**/ 5,
    0, // row 0: mean (3, 2)
    6,
    0,
    /**/ 0,
    8,
    /**/ 100,
    100, // row 1: mean of first two (3, 4)
  ]);
  const [first, second] = meanPoolAndNormalize(hidden, [2, 3, 2], [1, 1, 1, 1, 1, 0]);
  // (3, 2) / √13
  close(first!, [3 / Math.sqrt(13), 2 / Math.sqrt(13)]);
  // (3, 4) / 5
  close(second!, [0.6, 0.8]);
});

test('accepts an int64 (BigInt64Array) mask as transformers.js produces', () => {
  const hidden = Float32Array.from([2, 0, 0, 0, 0, 2, 9, 9]);
  const [vector] = meanPoolAndNormalize(hidden, [1, 4, 2], BigInt64Array.from([1n, 1n, 1n, 0n]));
  // mean of (2,0), (0,0), (0,2) = (2/3, 2/3) → (1/√2, 1/√2)
  close(vector!, [Math.SQRT1_2, Math.SQRT1_2]);
});

test('every pooled vector has unit length', () => {
  const hidden = Float32Array.from({ length: 3 * 5 * 7 }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 5)));
  const mask = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0];
  for (const vector of meanPoolAndNormalize(hidden, [3, 5, 7], mask)) {
    const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
    assert.ok(Math.abs(norm - 1) < 1e-6, `norm ${norm}`);
  }
});

test('a row without real tokens gives the zero vector, not NaN', () => {
  const [vector] = meanPoolAndNormalize(Float32Array.from([1, 2, 3, 4]), [1, 2, 2], [0, 0]);
  close(vector!, [0, 0]);
});

test('rejects dims that do not match the data', () => {
  assert.throws(() => meanPoolAndNormalize(new Float32Array(6), [1, 2, 2], [1, 1]), RangeError);
  assert.throws(() => meanPoolAndNormalize(new Float32Array(4), [1, 2, 2], [1]), RangeError);
});
