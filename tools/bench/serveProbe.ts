/**
 * Child process of the benchmark: starts the engine the way the bot does (worker embedder, keep
 * serving) on an existing index, answers a first question (cold start), then the rest (latency),
 * and prints one JSON line. Configuration comes from the environment (INDEX_DIR, MODELS_DIR, …);
 * the questions from the JSON file named by the first argument.
 *
 *   node --import tsx tools/bench/serveProbe.ts questions.json
 */
import { readFile } from 'node:fs/promises';
import { loadCoreConfig } from '../../src/config.ts';
import { createEngine } from '../../src/engine.ts';

export interface ServeProbeResult {
  /** Milliseconds since this process started (Node and module loading included). */
  readyMs: number;
  coldStartMs: number;
  firstMode: string;
  latenciesMs: number[];
  modes: Record<string, number>;
  rssMB: number;
  peakRssMB: number;
  passages: number;
  notices: string[];
}

async function main(): Promise<void> {
  const questions = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as string[];
  const config = loadCoreConfig();
  // Peak resident memory by sampling: the kernel's maxRSS of a spawned process also counts the
  // parent's memory at fork time (Linux records the forked image's high-water mark at exec).
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const engine = await createEngine(config, { embedInWorker: true, keepServing: true });
  const readyMs = performance.now();
  const first = await engine.ask(questions[0]!);
  const coldStartMs = performance.now();
  const latenciesMs: number[] = [];
  const modes: Record<string, number> = {};
  for (const question of questions.slice(1)) {
    const started = performance.now();
    const answer = await engine.ask(question);
    latenciesMs.push(performance.now() - started);
    modes[answer.mode] = (modes[answer.mode] ?? 0) + 1;
  }
  const result: ServeProbeResult = {
    readyMs,
    coldStartMs,
    firstMode: first.mode,
    latenciesMs,
    modes,
    rssMB: process.memoryUsage().rss / 2 ** 20,
    peakRssMB: Math.max(peakRss, process.memoryUsage().rss) / 2 ** 20,
    passages: engine.stats().passages,
    notices: engine.notices,
  };
  clearInterval(sampler);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await engine.close();
}

await main();
