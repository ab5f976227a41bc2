/**
 * The int8 matrix-multiply probe: the ONNX model written by hand (protobuf wire format) loads in
 * ONNX Runtime and computes what a dynamically quantized linear layer computes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { linearProbeModel, measureGemmPeak } from '../../../tools/bench/gemmPeak.ts';

/** The weights the probe generates (same LCG), as signed int8. */
function probeWeights(k: number, n: number, seed = 1): Int8Array {
  const weights = new Int8Array(k * n);
  let state = seed >>> 0;
  for (let i = 0; i < weights.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    weights[i] = (state >>> 25) - 64;
  }
  return weights;
}

test('the probe model computes dequant(quant(X)) × W × scale, as a quantized linear layer does', async () => {
  const [m, k, n] = [3, 8, 5];
  const folder = await mkdtemp(path.join(tmpdir(), 'probe-'));
  try {
    const file = path.join(folder, 'probe.onnx');
    await writeFile(file, linearProbeModel(k, n));
    const session = await ort.InferenceSession.create(file);
    const x = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i * 1.7) * 3);
    const { Y } = await session.run({ X: new ort.Tensor('float32', x, [m, k]) });
    assert.deepEqual(Y!.dims, [m, n]);

    // ONNX DynamicQuantizeLinear: uint8 over [min(0, x), max(0, x)], round half to even.
    const low = Math.min(0, ...x);
    const high = Math.max(0, ...x);
    const scale = (high - low) / 255;
    const roundEven = (v: number) => (Math.abs(v % 1) === 0.5 ? 2 * Math.round(v / 2) : Math.round(v));
    const zero = Math.min(255, Math.max(0, roundEven(-low / scale)));
    const xq = Array.from(x, (v) => Math.min(255, Math.max(0, roundEven(v / scale) + zero)));
    const w = probeWeights(k, n);
    const weightScale = Math.fround(0.01);
    const output = Y!.data as Float32Array;
    for (let row = 0; row < m; row++) {
      for (let col = 0; col < n; col++) {
        let sum = 0;
        for (let i = 0; i < k; i++) sum += (xq[row * k + i]! - zero) * w[i * n + col]!;
        const expected = sum * scale * weightScale;
        assert.ok(
          Math.abs(output[row * n + col]! - expected) <= 1e-4 * Math.max(1, Math.abs(expected)),
          `Y[${row}][${col}] = ${output[row * n + col]}, expected ${expected}`,
        );
      }
    }
    await session.release();
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('measureGemmPeak reports a rate per shape and their MAC-weighted combination', async () => {
  const peak = await measureGemmPeak({ hidden: 32, intermediate: 64, threads: 1, rows: 64, secondsPerRound: 0.02, rounds: 2 });
  assert.deepEqual(Object.keys(peak.byShape), ['32x32', '32x64', '64x32']);
  for (const rate of Object.values(peak.byShape)) assert.ok(rate > 0);
  const rates = Object.values(peak.byShape);
  assert.ok(peak.gopsPerCore >= Math.min(...rates) - 0.1 && peak.gopsPerCore <= Math.max(...rates) + 0.1, 'a weighted mean lies between its parts');
});
