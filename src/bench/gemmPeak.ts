/**
 * How fast ONNX Runtime multiplies int8 matrices on this CPU, measured rather than assumed: the
 * ceiling for the embedder's linear layers, so the benchmark can say how close the whole model gets.
 *
 * The probe is a small ONNX model written here byte by byte (protobuf wire format; no ONNX tooling
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

// --- a minimal protobuf writer (varints, length-delimited fields) ---

function varint(value: number | bigint): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

type Field = Buffer;
const intField = (field: number, value: number | bigint): Field => Buffer.from([...varint((field << 3) | 0), ...varint(value)]);
const bytesField = (field: number, bytes: Buffer | string): Field => {
  const body = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return Buffer.concat([Buffer.from([...varint((field << 3) | 2), ...varint(body.length)]), body]);
};
const message = (...fields: Field[]): Buffer => Buffer.concat(fields);

// ONNX TensorProto.DataType
const FLOAT = 1;
const INT8 = 3;

function tensor(name: string, dataType: number, dims: number[], raw: Buffer): Buffer {
  return message(...dims.map((dim) => intField(1, dim)), intField(2, dataType), bytesField(8, name), bytesField(9, raw));
}

// AttributeProto.AttributeType
const ATTRIBUTE_INT = 2;

/** A NodeProto, as GraphProto field 1. */
function node(opType: string, inputs: string[], outputs: string[], intAttributes: Record<string, number> = {}): Buffer {
  return bytesField(1, message(
    ...inputs.map((input) => bytesField(1, input)),
    ...outputs.map((output) => bytesField(2, output)),
    bytesField(3, `${opType}_${outputs[0]}`),
    bytesField(4, opType),
    ...Object.entries(intAttributes).map(([name, value]) => bytesField(5, message(bytesField(1, name), intField(3, value), intField(20, ATTRIBUTE_INT)))),
  ));
}

function valueInfo(name: string, elemType: number, dims: Array<number | string>): Buffer {
  const shape = message(...dims.map((dim) => bytesField(1, typeof dim === 'number' ? intField(1, dim) : bytesField(2, dim))));
  return message(bytesField(1, name), bytesField(2, bytesField(1, message(intField(1, elemType), bytesField(2, shape)))));
}

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
  const graph = message(
    node('DynamicQuantizeLinear', ['X'], ['Xq', 'Xscale', 'Xzero']),
    node('MatMulInteger', ['Xq', 'W', 'Xzero', 'Wzero'], ['Yint']),
    node('Cast', ['Yint'], ['Yf'], { to: FLOAT }),
    bytesField(2, 'linear_probe'),
    bytesField(5, tensor('W', INT8, [k, n], weights)),
    bytesField(5, tensor('Wzero', INT8, [], zero)),
    bytesField(5, tensor('Wscale', FLOAT, [], scale)),
    node('Mul', ['Xscale', 'Wscale'], ['S']),
    node('Mul', ['Yf', 'S'], ['Y']),
    bytesField(11, valueInfo('X', FLOAT, ['m', k])),
    bytesField(12, valueInfo('Y', FLOAT, ['m', n])),
  );
  return message(intField(1, 7), bytesField(8, message(bytesField(1, ''), intField(2, 13))), bytesField(7, graph));
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
      const input = new ort.Tensor('float32', Float32Array.from({ length: rows * k }, (_, i) => Math.sin(i * 0.37)), [rows, k]);
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
