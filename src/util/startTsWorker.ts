/**
 * Starting a worker thread whose entry is a TypeScript module. On Node 20 a worker started with
 * `execArgv: ['--import', 'tsx']` (or inheriting it from `node --import tsx` / the `tsx` command)
 * still fails with "Unknown file extension .ts": the loader hooks are not in place for the worker's
 * entry module. So the worker starts from a small script that registers tsx in its own thread and
 * then imports the entry.
 */
import { Worker } from 'node:worker_threads';

export function startTsWorker(entry: URL, workerData: unknown): Worker {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, {
    eval: true,
    workerData,
    // Parent flags are not passed on: Node rejects process-wide ones (e.g. --test) in a worker.
    execArgv: [],
  });
}
