/** Worker entry of StatsWorker (statsInWorker.ts): one report per request, for as long as the worker is kept. */
import { parentPort } from 'node:worker_threads';
import { DataUnavailableError, openDatabase } from '../data/database.ts';
import { buildStatsReport } from './report.ts';
import type { StatsRequest, StatsWorkerReply } from './statsInWorker.ts';

async function answer({ id, file, period, lang }: StatsRequest): Promise<StatsWorkerReply> {
  try {
    const db = openDatabase(file, { mustExist: true, busyTimeoutMs: 2000 });
    try {
      return { id, type: 'done', report: await buildStatsReport(db, period, { lang }) };
    } finally {
      db.close();
    }
  } catch (error) {
    return {
      id,
      type: 'failed',
      message: (error as Error).message,
      dataProblem: error instanceof DataUnavailableError ? { problem: error.problem, messages: error.messages } : null,
    };
  }
}

parentPort!.on('message', (request: StatsRequest) => {
  void answer(request).then((reply) => parentPort!.postMessage(reply));
});
