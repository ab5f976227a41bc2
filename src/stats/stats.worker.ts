/** Worker entry of statsReportInWorker (statsInWorker.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { DataUnavailableError, openDatabase } from '../data/database.ts';
import { buildStatsReport } from './report.ts';
import type { StatsWorkerData, StatsWorkerReply } from './statsInWorker.ts';

const { file, period, lang } = workerData as StatsWorkerData;
let reply: StatsWorkerReply;
try {
  const db = openDatabase(file, { mustExist: true, busyTimeoutMs: 2000 });
  try {
    reply = { type: 'done', report: await buildStatsReport(db, period, { lang }) };
  } finally {
    db.close();
  }
} catch (error) {
  reply = {
    type: 'failed',
    message: (error as Error).message,
    dataProblem: error instanceof DataUnavailableError ? { problem: error.problem, messages: error.messages } : null,
  };
}
parentPort!.postMessage(reply);
