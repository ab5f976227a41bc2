/**
 * `npm start`: settings from .env → retrieval engine → Discord. Problems a user can fix (missing
 * or rejected token, bad settings) are one clear line on stderr and exit code 1.
 *
 * Log in first: an index that must be built (none yet, an older format or another analysis, a
 * damaged one with no older version to fall back to) is built in the background once the bot is
 * online; questions meanwhile get "the index is being built (N%)", and a /reindex follows the build.
 *
 * Recording (FEEDBACK_RECORDING, DATA_DIR): the recorder is opened here and handed to the bot, which
 * records every answer and vote through it; opening it applies the retention period, and it applies
 * it again every 6 hours. A database that cannot be opened is one log line, and the bot answers
 * without recording (and without feedback buttons). /stats runs in a worker kept between calls.
 *
 * SIGTERM / SIGINT: stop taking questions, let answers under way finish (bounded wait), say on a
 * running /reindex's progress that it was interrupted, write what the recorder still holds and
 * close the database, log out, exit 0.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { config as loadDotenv } from 'dotenv';
import type { Logger } from 'pino';
import { ConfigError, loadBotConfig, loadDataConfig, type BotConfig, type DataConfig } from '../config.ts';
import { openRecorder, type FeedbackRecorder } from '../data/recorder.ts';
import type { Engine } from '../engine.ts';
import { isUserError } from '../errors.ts';
import { StatsWorker } from '../stats/statsInWorker.ts';
import { createBot, describeLoginError, verifyToken } from './bot.ts';
import { createLogger, scrubSecrets } from './logger.ts';

loadDotenv({ quiet: true });

/** How long answers under way may take to finish after SIGTERM / SIGINT. */
const SHUTDOWN_GRACE_MS = 10_000;
const ENGINE_CLOSE_GRACE_MS = 3_000;

/**
 * Whatever goes to stderr is scrubbed too: the token never shows, nor anything shaped like one
 * (a token pasted into another setting is echoed by that setting's problem line).
 */
function fail(line: string, secrets: readonly string[] = []): number {
  process.stderr.write(`${scrubSecrets(line, secrets)}\n`);
  return 1;
}

/** The bot's and the database's settings, every problem of both listed at once. */
function loadConfigs(): { config: BotConfig; data: DataConfig } | null {
  const problems: string[] = [];
  const read = <T>(load: () => T): T | null => {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return null;
    }
  };
  const config = read(() => loadBotConfig());
  const data = read(() => loadDataConfig());
  for (const problem of problems) fail(`Configuration problem: ${problem}`);
  return config && data ? { config, data } : null;
}

/** The answers and votes: the recorder (retention applied as it opens) and /stats's worker. */
function openData(data: DataConfig, logger: Logger): { recorder: FeedbackRecorder; stats: StatsWorker } {
  const log = logger.child({ component: 'data' });
  if (!data.recording) log.info('FEEDBACK_RECORDING is off: answers and votes are not recorded, and answers have no feedback buttons');
  return { recorder: openRecorder(data, { log: (line) => log.warn(line) }), stats: new StatsWorker(data.dataDir) };
}

/** After the last answer: what the recorder still holds is written, then the database is closed. */
async function closeData({ recorder, stats }: { recorder: FeedbackRecorder; stats: StatsWorker }, logger: Logger): Promise<void> {
  await stats.close();
  logger.info({ pending: recorder.pending }, 'writing the last recorded answers');
  recorder.close();
  logger.info('database closed');
}

async function main(): Promise<number> {
  const configs = loadConfigs();
  if (!configs) return 1;
  const { config } = configs;
  const secrets = [config.discordToken, ...(configs.data.hashSecret ? [configs.data.hashSecret] : [])];
  const logger = createLogger({ level: config.logLevel, secrets });

  // The engine can take a while (model, index): check the token first so a wrong one fails fast.
  try {
    await verifyToken(config);
  } catch (error) {
    return fail(describeLoginError(error, config.discordRestApi), [config.discordToken]);
  }

  // Imported here, not at the top: loading the engine (ONNX runtime, model code) takes seconds,
  // and a missing or wrong token should be reported at once.
  const { createEngine } = await import('../engine.ts');
  let engine: Engine;
  try {
    engine = await createEngine(config, { logger, buildIfMissing: true, buildInBackground: true, embedInWorker: true, keepServing: true });
  } catch (error) {
    if (isUserError(error)) return fail(error.messageFor('en'), [config.discordToken]);
    throw error;
  }
  for (const notice of engine.notices) logger.warn(notice);

  const feedback = openData(configs.data, logger);
  const bot = createBot({ config, engine, logger, data: configs.data, recorder: feedback.recorder, stats: feedback.stats });
  try {
    await bot.start();
  } catch (error) {
    await bot.client.destroy();
    await closeData(feedback, logger);
    await engine.close();
    return fail(describeLoginError(error, config.discordRestApi), [config.discordToken]);
  }
  if (engine.pendingBuild) buildInBackground(engine, logger);
  else logReady(engine, logger);

  await new Promise<void>((resolve) => {
    let stopping = false;
    const shutdown = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      stopping = true;
      logger.info({ signal }, 'shutting down');
      void bot
        .stop({ graceMs: SHUTDOWN_GRACE_MS })
        .catch((error: unknown) => logger.error({ err: error }, 'error while stopping the bot'))
        .then(() => closeData(feedback, logger))
        // A rebuild under way is abandoned (the old index stays current), not waited for.
        .then(() => Promise.race([engine.close(), sleep(ENGINE_CLOSE_GRACE_MS)]))
        .catch((error: unknown) => logger.error({ err: error }, 'error while shutting down'))
        .finally(resolve);
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
  logger.info('stopped');
  return 0;
}

function logReady(engine: Engine, logger: Logger): void {
  const stats = engine.stats();
  logger.info({ documents: stats.documents, passages: stats.passages, mode: stats.mode, model: stats.model }, 'ready to answer');
}

/** The first index, built while the bot is online (a /reindex meanwhile joins this build). */
function buildInBackground(engine: Engine, logger: Logger): void {
  logger.warn({ reason: engine.pendingBuild }, 'building the index in the background; questions are answered once it is ready');
  engine.reindex().then(
    (summary) => {
      logger.info({ summary: { ...summary, skipped: summary.skipped.length } }, 'index built');
      logReady(engine, logger);
    },
    (error: unknown) => logger.error({ err: error }, 'the first index build failed: fix the corpus and run /reindex'),
  );
}

// Exit explicitly: a library handle left open must not keep a stopped bot alive.
process.exit(await main());
