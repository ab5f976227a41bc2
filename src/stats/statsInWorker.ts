/**
 * The bot's /stats in a worker thread: at a million recorded answers the queries take a good part
 * of a second and the chart a few hundred milliseconds more, which on the main thread would hold
 * every answer back. The worker opens its own connection for each report (WAL: it reads while the
 * bot writes).
 *
 * One worker is kept between reports: starting one costs about a second (tsx compiles the entry
 * in the new thread) and loading Vega the first chart another half second, every /stats. It is let
 * go after `idleMs` without a report, so that a bot whose admins look once a week does not hold
 * Vega in memory meanwhile, and it never keeps the process alive while idle.
 */
import type { Worker } from 'node:worker_threads';
import { databasePath, DataUnavailableError, type DataProblem } from '../data/database.ts';
import type { Lang } from '../types.ts';
import { startTsWorker } from '../util/startTsWorker.ts';
import type { Period } from './period.ts';
import type { StatsReport } from './report.ts';

export interface StatsRequest {
  id: number;
  file: string;
  period: Period;
  lang: Lang;
}

export type StatsWorkerReply =
  | { id: number; type: 'done'; report: StatsReport }
  | { id: number; type: 'failed'; message: string; dataProblem: { problem: DataProblem; messages: { en: string; ar: string } } | null };

interface Waiting {
  resolve: (report: StatsReport) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export interface StatsWorkerOptions {
  /** Let the worker go after this long without a report (ms). */
  idleMs?: number;
  /** A report not done by then fails, and the worker is replaced (ms). */
  timeoutMs?: number;
}

const DEFAULT_IDLE_MS = 10 * 60_000;
const DEFAULT_TIMEOUT_MS = 60_000;

export class StatsWorker {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  private started = 0;
  private readonly idleMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly dataDir: string,
    options: StatsWorkerOptions = {},
  ) {
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Workers started so far (one for any number of reports while it is kept). */
  get workersStarted(): number {
    return this.started;
  }

  /** Rejects with a DataUnavailableError (one line to show) when the database cannot be read. */
  report(period: Period, lang: Lang): Promise<StatsReport> {
    const worker = this.start();
    const id = this.nextId++;
    this.clearIdle();
    worker.ref();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.lost(worker, new Error(`stats took longer than ${this.timeoutMs} ms`)), this.timeoutMs);
      this.waiting.set(id, { resolve, reject, timer });
      worker.postMessage({ id, file: databasePath(this.dataDir), period, lang } satisfies StatsRequest);
    });
  }

  /** Stops the worker; reports under way fail. */
  async close(): Promise<void> {
    this.clearIdle();
    const worker = this.worker;
    this.worker = null;
    this.failAll(new Error('stats worker closed'));
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = startTsWorker(new URL('./stats.worker.ts', import.meta.url), null);
    this.started++;
    worker.on('message', (reply: StatsWorkerReply) => this.settle(worker, reply));
    worker.on('error', (error) => this.lost(worker, new Error(`stats worker failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => this.lost(worker, new Error(`stats worker exited (${code}) before finishing`)));
    this.worker = worker;
    return worker;
  }

  private settle(worker: Worker, reply: StatsWorkerReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    clearTimeout(waiting.timer);
    if (reply.type === 'done') waiting.resolve({ ...reply.report, png: Buffer.from(reply.report.png) });
    else {
      const { dataProblem } = reply;
      waiting.reject(dataProblem ? new DataUnavailableError(dataProblem.problem, dataProblem.messages) : new Error(`stats failed: ${reply.message}`));
    }
    if (!this.waiting.size && this.worker === worker) this.idle(worker);
  }

  /** Nothing waiting: the worker no longer keeps the process alive, and goes after idleMs. */
  private idle(worker: Worker): void {
    worker.unref();
    this.idleTimer = setTimeout(() => {
      if (this.worker !== worker) return;
      this.worker = null;
      void worker.terminate();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  /** The worker failed, exited or hung: what waits on it fails, and the next report starts another. */
  private lost(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.clearIdle();
    this.failAll(error);
    void worker.terminate();
  }

  private failAll(error: Error): void {
    for (const waiting of this.waiting.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
    }
    this.waiting.clear();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
