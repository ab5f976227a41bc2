/**
 * The bot's /stats in a worker thread: at a million recorded answers the queries take a good part
 * of a second and the chart a few hundred milliseconds more, which on the main thread would hold
 * every answer back. The worker opens its own connection (WAL: it reads while the bot writes).
 */
import { databasePath, DataUnavailableError, type DataProblem } from '../data/database.ts';
import type { Lang } from '../types.ts';
import { startTsWorker } from '../util/startTsWorker.ts';
import type { Period } from './period.ts';
import type { StatsReport } from './report.ts';

export interface StatsWorkerData {
  file: string;
  period: Period;
  lang: Lang;
}

export type StatsWorkerReply =
  | { type: 'done'; report: StatsReport }
  | { type: 'failed'; message: string; dataProblem: { problem: DataProblem; messages: { en: string; ar: string } } | null };

/** Rejects with a DataUnavailableError (one line to show) when the database cannot be read. */
export function statsReportInWorker(dataDir: string, period: Period, lang: Lang): Promise<StatsReport> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = startTsWorker(new URL('./stats.worker.ts', import.meta.url), { file: databasePath(dataDir), period, lang } satisfies StatsWorkerData);
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.on('message', (reply: StatsWorkerReply) => {
      if (reply.type === 'done') finish(() => resolve({ ...reply.report, png: Buffer.from(reply.report.png) }));
      else {
        const { dataProblem } = reply;
        finish(() => reject(dataProblem ? new DataUnavailableError(dataProblem.problem, dataProblem.messages) : new Error(`stats failed: ${reply.message}`)));
      }
    });
    worker.on('error', (error) => finish(() => reject(new Error(`stats worker failed: ${error.message}`, { cause: error }))));
    worker.on('exit', (code) => finish(() => reject(new Error(`stats worker exited (${code}) before finishing`))));
  });
}
