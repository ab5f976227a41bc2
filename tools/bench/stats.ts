/** Small numeric helpers for the benchmark: percentiles, timers, progress lines on stderr. */

/** Nearest-rank percentile (p in 0–100) of unsorted samples; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function mean(samples: readonly number[]): number {
  return samples.length ? samples.reduce((sum, value) => sum + value, 0) / samples.length : Number.NaN;
}

export function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Progress goes to stderr so that stdout stays the report (or the JSON line). */
export function createLog(quiet: boolean): (line: string) => void {
  const started = performance.now();
  return (line) => {
    if (!quiet) process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  };
}

/** Deterministic pseudo-random numbers (mulberry32): the same seed gives the same stand-in vectors. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Unit vectors with independent normal coordinates: uniformly spread over the sphere. */
export function randomUnitVectors(count: number, dimensions: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const out = new Float32Array(count * dimensions);
  for (let row = 0; row < count; row++) {
    const offset = row * dimensions;
    let squares = 0;
    for (let i = 0; i < dimensions; i += 2) {
      // Box–Muller: two normals per pair of uniforms.
      const radius = Math.sqrt(-2 * Math.log(1 - random()));
      const angle = 2 * Math.PI * random();
      const a = radius * Math.cos(angle);
      out[offset + i] = a;
      squares += a * a;
      if (i + 1 < dimensions) {
        const b = radius * Math.sin(angle);
        out[offset + i + 1] = b;
        squares += b * b;
      }
    }
    const scale = 1 / Math.sqrt(squares);
    for (let i = 0; i < dimensions; i++) out[offset + i]! *= scale;
  }
  return out;
}
