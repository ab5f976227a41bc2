/**
 * How fast ONNX Runtime multiplies int8 matrices on this CPU, measured rather than assumed: the
 * ceiling for the embedder's linear layers, so the benchmark can say how close the whole model gets.
 *
 * The probe is a small ONNX model written byte by byte (tools/onnx/protobuf.ts; no ONNX tooling
 * in Node): float activations → DynamicQuantizeLinear → MatMulInteger with int8 weights → Cast →
 * Mul by the two scales. That is how dynamically quantized transformers (the `model_quantized.onnx`
 * of transformers.js models) compute each linear layer, and ONNX Runtime fuses it into the same
 * kernel (DynamicQuantizeMatMul). Shape: a 1,024-token batch through e5-small's feed-forward
 * up-projection (384 → 1,536), on the embedder's threads.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runJsonChild } from './child.ts';
import { DataType, model, node, tensor, valueInfo } from '../onnx/protobuf.ts';

/** The serialized probe model: Y[m, n] = dequant(quant(X[m, k]) × W[k, n]). */
export function linearProbeModel(k: number, n: number, seed = 1): Buffer {
  const weights = Buffer.alloc(k * n);
  let state = seed >>> 0;
  for (let i = 0; i < weights.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    // 7-bit weights (−64…63), as quantizers make them for AVX2's u8×s8 instructions, whose pairwise
    // 16-bit sums saturate on full-range weights ("reduce_range"); the speed does not depend on them.
    weights[i] = ((state >>> 25) - 64) & 0xff;
  }
  const scale = Buffer.alloc(4);
  scale.writeFloatLE(0.01);
  const zero = Buffer.alloc(1); // int8 zero point 0
  return model(
    {
      name: 'linear_probe',
      nodes: [
        node('DynamicQuantizeLinear', ['X'], ['Xq', 'Xscale', 'Xzero']),
        node('MatMulInteger', ['Xq', 'W', 'Xzero', 'Wzero'], ['Yint']),
        node('Cast', ['Yint'], ['Yf'], { to: { int: DataType.FLOAT } }),
        node('Mul', ['Xscale', 'Wscale'], ['S']),
        node('Mul', ['Yf', 'S'], ['Y']),
      ],
      initializers: [tensor('W', DataType.INT8, [k, n], weights), tensor('Wzero', DataType.INT8, [], zero), tensor('Wscale', DataType.FLOAT, [], scale)],
      inputs: [valueInfo('X', DataType.FLOAT, ['m', k])],
      outputs: [valueInfo('Y', DataType.FLOAT, ['m', n])],
    },
    13,
    7,
  );
}

export interface GemmPeak {
  /** Int8 operations a second per core over the model's linear-layer shapes (MAC-weighted), on `threads` threads. */
  gopsPerCore: number;
  /** Per shape "k×n": GOPS per core. */
  byShape: Record<string, number>;
  threads: number;
  /** Rows (tokens) per probe run. */
  rows: number;
}

/**
 * Runs the probe for each linear-layer shape of a BERT-style encoder (hidden → hidden four times:
 * query, key, value, output; hidden → intermediate; intermediate → hidden) and combines them as the
 * model does: time per token is the sum over shapes, so the peak is the MAC-weighted harmonic mean.
 */
export interface GemmPeakOptions {
  hidden: number;
  intermediate: number;
  threads: number;
  rows?: number;
  secondsPerRound?: number;
  rounds?: number;
}

/**
 * measureGemmPeak in a child process whose C allocator keeps the memory it frees (GLIBC_TUNABLES).
 * Otherwise each probe run's large buffers come back from the kernel as fresh pages, and the page
 * faults cost a third of the rate here (~100 instead of ~147 GOPS per core, until enough has been
 * freed for glibc to raise its thresholds by itself). The model's session does not pay this (its
 * arena reuses buffers: the embedder runs at the same tokens/s with or without the tunables), so
 * the kernel is measured without it too.
 */
export function measureGemmPeakInChild(options: GemmPeakOptions): Promise<GemmPeak> {
  const tunables = 'glibc.malloc.mmap_threshold=67108864:glibc.malloc.trim_threshold=268435456';
  const env = { ...process.env, GLIBC_TUNABLES: [process.env.GLIBC_TUNABLES, tunables].filter(Boolean).join(':') };
  return runJsonChild<GemmPeak>(new URL(import.meta.url), [JSON.stringify(options)], env, 'int8 matrix-multiply probe');
}

export async function measureGemmPeak(options: GemmPeakOptions): Promise<GemmPeak> {
  const ort = await import('onnxruntime-node');
  const rows = options.rows ?? 1024;
  const seconds = options.secondsPerRound ?? 0.25;
  const rounds = options.rounds ?? 4;
  const { hidden, intermediate, threads } = options;
  const shapes: Array<{ k: number; n: number; count: number }> = [
    { k: hidden, n: hidden, count: 4 },
    { k: hidden, n: intermediate, count: 1 },
    { k: intermediate, n: hidden, count: 1 },
  ];
  const folder = await mkdtemp(path.join(tmpdir(), 'gemm-probe-'));
  /** Best seconds per run of one shape: one session at a time (an idle session's threads spin for a while and would slow the next). */
  const timeShape = async (k: number, n: number, measuredRounds: number): Promise<number> => {
    const file = path.join(folder, `linear-${k}x${n}.onnx`);
    await writeFile(file, linearProbeModel(k, n));
    const session = await ort.InferenceSession.create(file, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
    try {
      const input = new ort.Tensor(
        'float32',
        Float32Array.from({ length: rows * k }, (_, i) => Math.sin(i * 0.37)),
        [rows, k],
      );
      let best = Infinity;
      // The first round only warms up (arena, thread pool, clocks); the best of the others counts,
      // since the machine is shared and a peak is what is asked.
      for (let round = 0; round <= measuredRounds; round++) {
        let runs = 0;
        const started = performance.now();
        while (performance.now() - started < seconds * 1000 || runs === 0) {
          await session.run({ X: input });
          runs++;
        }
        if (round > 0) best = Math.min(best, (performance.now() - started) / 1000 / runs);
      }
      return best;
    } finally {
      await session.release();
    }
  };
  try {
    const byShape: Record<string, number> = {};
    let macs = 0;
    let secondsPerRow = 0;
    for (const { k, n, count } of shapes) {
      const best = await timeShape(k, n, rounds);
      byShape[`${k}x${n}`] = Math.round(((2 * rows * k * n) / best / 1e9 / threads) * 10) / 10;
      macs += count * k * n;
      secondsPerRow += (count * best) / rows;
    }
    return { gopsPerCore: Math.round(((2 * macs) / secondsPerRow / 1e9 / threads) * 10) / 10, byShape, threads, rows };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await measureGemmPeak(JSON.parse(process.argv[2] ?? '{}') as GemmPeakOptions);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
