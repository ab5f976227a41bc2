/**
 * Load test: the real bot (createBot) over the real engine, driven through the Discord emulator by
 * N concurrent askers, each asking one question after another (slash commands, and every fourth a
 * mention), Arabic and English, until time is up; optionally with /reindex run again and again by
 * an admin meanwhile. Measures answers, errors, latency from dispatching the interaction (or the
 * message) to the bot's final edit (PATCH @original, or its reply message), and memory: RSS and
 * heap before and after, and the heap's trend (sampled after a full GC when one can be forced).
 *
 * The emulator runs in the same process and keeps no history (`keepHistory: false`), so its own
 * memory stays flat; memory figures are for the whole process. Rate limits are off: the point is
 * the bot's capacity, not its refusals.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { loadBotConfig, loadCoreConfig } from '../../src/config.ts';
import { TEST_MODEL_DIR, TEST_MODEL_ID } from '../testModel/writeTestModel.ts';
import { createEngine, type Engine } from '../../src/engine.ts';
import { createBot, type Bot } from '../../src/discord/bot.ts';
import { strings } from '../../src/discord/i18n.ts';
import { createLogger } from '../../src/discord/logger.ts';
import { DiscordEmulator, extraChannelId, ids, permissions, TOKEN, users, type DispatchedInteraction, type RecordedRequest } from '../emulator/discordEmulator.ts';

/** Realistic questions about the seed articles in corpus/ (Palmyra, Homs, al-Qaryatain, Aleppo). */
export const LOAD_QUESTIONS: readonly string[] = [
  'من هو محافظ حمص؟',
  'من سيطر على مدينة تدمر؟',
  'متى استعاد الجيش السوري مدينة تدمر؟',
  'ماذا حدث في مدينة القريتين بريف حمص؟',
  'ما دور الطيران الروسي في معركة تدمر؟',
  'كيف سقطت تدمر مرة أخرى في يد داعش؟',
  'ماذا قال المرصد السوري عن مدينة السخنة؟',
  'ماذا بحث كيري ولافروف في موسكو؟',
  'ماذا يحدث في شرق حلب؟',
  'من يسيطر على محافظة دير الزور؟',
  'Who is the governor of Homs?',
  'Who took control of Palmyra?',
  'What happened in al-Qaryatain?',
  'Did Russian airstrikes support the Syrian army in Palmyra?',
  'How did ISIS capture Palmyra again?',
  'What did Kerry and Lavrov discuss in Moscow?',
  'Why did civilians flee eastern Aleppo?',
  'What did the Syrian Observatory say about Sukhnah?',
];

export interface LoadTestOptions {
  concurrency: number;
  seconds: number;
  /** Run /reindex as an admin over and over while the askers ask. */
  reindex?: boolean;
  corpusDir?: string;
  /**
   * Embedding model (default: EMBEDDING_MODEL as configured; the real model where it can be loaded,
   * else lexical search with the engine's notice). The repository's random-weight test model
   * (tiny-xlmr-test) is used only when named, and then found in test/fixtures/models.
   */
  model?: string;
  /** Local models folder (default: MODELS_DIR as configured). */
  modelsDir?: string;
  /** Every n-th question is a mention instead of /ask (0 = never). */
  mentionEvery?: number;
  /**
   * Text channels the askers are spread over (asker i asks in channel i mod channels; default 10).
   * Mentions are answered with channel messages, and discord.js sends one channel's messages one at a
   * time (Discord allows about 5 per 5 s per channel), so 50 askers in one channel measure that queue.
   */
  channels?: number;
  /**
   * Pause between an answer and the asker's next question, in ms (each pause drawn uniformly from
   * half to one and a half times this; default 0: ask again at once). At 0 the run is a saturation
   * test: with every fourth question a mention, mentions arrive as fast as the bot can send replies,
   * i.e. at Discord's global limit of 50 bot-token requests a second, and queue for it.
   */
  thinkMs?: number;
  /** Concurrent asking before measuring (default: a sixth of the run, at most 10 s). */
  warmupSeconds?: number;
  /** How long one answer may take before it counts as an error. */
  answerTimeoutMs?: number;
  /** Memory sampling interval (default: 5 s, or a quarter of a short run). */
  sampleEveryMs?: number;
  /** Progress lines (stderr) while it runs. */
  onProgress?: (line: string) => void;
}

export interface LatencyFigures {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

function latencyFigures(values: readonly number[]): LatencyFigures {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
    mean: round(sorted.reduce((sum, value) => sum + value, 0) / (sorted.length || 1)),
  };
}

export interface MemoryFigures {
  rssMB: number;
  heapUsedMB: number;
}

export interface LoadTestReport {
  concurrency: number;
  channels: number;
  seconds: number;
  elapsedSeconds: number;
  mode: string;
  model: string | null;
  documents: number;
  passages: number;
  dispatched: number;
  answered: number;
  viaSlashCommand: number;
  viaMention: number;
  errors: number;
  /** Why each failed answer failed (timeout, apology, no quotes, …), with counts. */
  errorReasons: Record<string, number>;
  /** Error-level lines the bot logged (failed handlers, client errors). */
  errorLogs: number;
  errorLogSamples: string[];
  /** REST requests the bot made, by method and route (ids and tokens folded), warm-up included. */
  requests: Record<string, number>;
  answersPerSecond: number;
  /** Mentions answered a second: each reply is a bot-token request, and Discord allows a bot 50 of those a second. */
  mentionsPerSecond: number;
  thinkMs: number;
  latencyMs: LatencyFigures;
  /** The same, per way of asking (mentions share their channel's queue and the 50/s bot-token budget). */
  latencyByKindMs: { slashCommand: LatencyFigures; mention: LatencyFigures };
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  memory: {
    gcForced: boolean;
    before: MemoryFigures;
    after: MemoryFigures;
    /** Least-squares slope of the sampled heap (after GC when forced), MB per minute, whole run. */
    heapSlopeMBPerMin: number;
    /**
     * The same over the second half of the run, once the bot's bounded caches (recent answers and
     * questions, discord.js's message cache) are full: a leak keeps growing here, a cache does not.
     */
    heapSlopeSecondHalfMBPerMin: number;
    rssSlopeMBPerMin: number;
    samples: number;
  };
  reindex: { runs: number; failed: number; meanSeconds: number; maxSeconds: number } | null;
  notices: string[];
  goal: { zeroErrors: boolean; p95Within500ms: boolean; memoryFlat: boolean; met: boolean };
}

/**
 * Flat: over the second half of the run the heap (after GC) grows by less than this per minute, and
 * it ends within twice this of its start (the bounded caches fill during the first half).
 */
const FLAT_SLOPE_MB_PER_MIN = 2;
const FLAT_GROWTH_MB = 5;

const MB = 1024 * 1024;
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

function forceGc(): (() => void) | null {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    v8.setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Least-squares slope of y over x. */
export function slope(points: ReadonlyArray<{ x: number; y: number }>): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - meanX) * (p.y - meanY);
    den += (p.x - meanX) ** 2;
  }
  return den ? num / den : 0;
}

interface Pending {
  started: number;
  settle: (outcome: { ok: true } | { ok: false; reason: string }) => void;
}

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

const APOLOGIES = new Set([strings.en.unexpected, strings.ar.unexpected]);

export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestReport> {
  const progress = options.onProgress ?? (() => undefined);
  const mentionEvery = options.mentionEvery ?? 4;
  const channels = Math.max(1, Math.floor(options.channels ?? 10));
  const channelOf = (asker: number) => (asker % channels === 0 ? ids.channels.general : extraChannelId((asker % channels) - 1));
  const answerTimeoutMs = options.answerTimeoutMs ?? 30_000;
  const configured = loadCoreConfig(process.env);
  const model = options.model ?? configured.embeddingModel;
  const modelsDir = options.modelsDir ?? (model === TEST_MODEL_ID ? path.join(projectRoot, TEST_MODEL_DIR) : configured.modelsDir);
  const notices: string[] = [];

  const indexDir = mkdtempSync(path.join(tmpdir(), 'loadtest-index-'));
  const config = loadBotConfig({
    DISCORD_TOKEN: TOKEN,
    CORPUS_DIR: options.corpusDir ?? 'corpus',
    INDEX_DIR: indexDir,
    EMBEDDING_MODEL: model,
    MODELS_DIR: modelsDir ?? '',
    ALLOW_REMOTE_MODELS: String(configured.allowRemoteModels && model !== TEST_MODEL_ID),
    RATE_LIMIT_USER_PER_MINUTE: '0',
    RATE_LIMIT_GUILD_PER_MINUTE: '0',
    ADMIN_USER_IDS: ids.users.listedAdmin,
    LOG_LEVEL: 'warn',
  });
  let errorLogs = 0;
  const errorLogSamples: string[] = [];
  const logger = createLogger({
    level: config.logLevel,
    secrets: [config.discordToken],
    destination: {
      write(line: string) {
        if (!line.includes('"level":50') && !line.includes('"level":60')) return;
        errorLogs++;
        if (errorLogSamples.length < 5) errorLogSamples.push(line.trim().slice(0, 500));
      },
    },
  });

  let engine: Engine | null = null;
  let emulator: DiscordEmulator | null = null;
  let bot: Bot | null = null;
  try {
    progress('building the index…');
    engine = await createEngine(config, { logger, buildIfMissing: true, embedInWorker: true, keepServing: true });
    notices.push(...engine.notices);
    emulator = await DiscordEmulator.start({ keepHistory: false, extraChannels: channels - 1 });
    bot = createBot({ config, engine, logger, clientOptions: { rest: { api: emulator.restApi } } });
    await bot.start();
    const botId = bot.client.user!.id;

    const pending = new Map<string, Pending>();
    const requestCounts: Record<string, number> = {};
    const onRequest = (request: RecordedRequest) => {
      const route = `${request.method} ${request.path.replace(/\/\d{17,19}/g, '/:id').replace(/\/interaction-token-[^/]+/g, '/:token')}`;
      requestCounts[route] = (requestCounts[route] ?? 0) + 1;
      let key: string | undefined;
      let outcome: { ok: true } | { ok: false; reason: string } | undefined;
      const body = request.body ?? {};
      const webhook = /^\/webhooks\/\d+\/([^/]+)(\/messages\/@original)?$/.exec(request.path);
      if (webhook && request.method === 'PATCH' && webhook[2]) {
        key = webhook[1];
        outcome = body.embeds?.length ? { ok: true } : { ok: false, reason: APOLOGIES.has(body.content) ? 'apology' : 'no quotes' };
      } else if (webhook && request.method === 'POST' && !webhook[2]) {
        key = webhook[1];
        // A follow-up before the answer: only the apology path sends one first.
        if (pending.has(key!) && APOLOGIES.has(body.content)) outcome = { ok: false, reason: 'apology' };
        else key = undefined;
      } else if (request.method === 'POST' && /^\/channels\/\d+\/messages$/.test(request.path) && body.message_reference?.message_id) {
        key = body.message_reference.message_id;
        outcome = body.embeds?.length ? { ok: true } : { ok: false, reason: APOLOGIES.has(body.content) ? 'apology' : 'no quotes' };
      }
      if (key && outcome) pending.get(key)?.settle(outcome);
    };
    emulator.on('request', onRequest);

    const latencies: number[] = [];
    const slashLatencies: number[] = [];
    const mentionLatencies: number[] = [];
    const errorReasons: Record<string, number> = {};
    let dispatched = 0;
    let viaSlashCommand = 0;
    let viaMention = 0;
    const fail = (reason: string) => (errorReasons[reason] = (errorReasons[reason] ?? 0) + 1);

    /** One question, start to finish; resolves with the latency or the reason it failed. */
    const askOnce = async (number: number, measure: boolean, channelId: string = ids.channels.general): Promise<void> => {
      const question = LOAD_QUESTIONS[number % LOAD_QUESTIONS.length]!;
      const asMention = mentionEvery > 0 && number % mentionEvery === mentionEvery - 1;
      const user = number % 2 ? users.other : users.member;
      let interaction: DispatchedInteraction | null = null;
      const outcome = await new Promise<{ ok: true; ms: number } | { ok: false; reason: string }>((resolve) => {
        const started = performance.now();
        let key: string;
        if (asMention) key = emulator!.message({ content: `<@${botId}> ${question}`, author: user, channelId });
        else {
          interaction = emulator!.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: question }], user, channelId });
          key = interaction.token;
        }
        const timer = setTimeout(() => settle({ ok: false, reason: 'timeout' }), answerTimeoutMs);
        const settle = (result: { ok: true } | { ok: false; reason: string }) => {
          clearTimeout(timer);
          pending.delete(key);
          resolve(result.ok ? { ok: true, ms: performance.now() - started } : result);
        };
        pending.set(key, { started, settle });
      });
      // Let any follow-up messages through before the emulator forgets the interaction.
      if (interaction) setTimeout(() => emulator?.forget(interaction!), 5000).unref();
      if (!measure) return;
      dispatched++;
      if (asMention) viaMention++;
      else viaSlashCommand++;
      if (outcome.ok) {
        latencies.push(outcome.ms);
        (asMention ? mentionLatencies : slashLatencies).push(outcome.ms);
      } else fail(outcome.reason);
    };

    // Warm-up, not measured: every question once (JIT), then all askers for a while, so the bot's
    // bounded caches (recent answers and questions, discord.js's message caches) fill before the
    // memory baseline is taken and the run measures growth, not their filling.
    progress('warming up…');
    for (let i = 0; i < LOAD_QUESTIONS.length; i++) await askOnce(i, false);
    const warmUntil = performance.now() + (options.warmupSeconds ?? Math.min(10, options.seconds / 6)) * 1000;
    let warmCounter = LOAD_QUESTIONS.length;
    await Promise.all(Array.from({ length: options.concurrency }, async (_, index) => {
      while (performance.now() < warmUntil) await askOnce(warmCounter++, false, channelOf(index));
    }));

    const gc = forceGc();
    const memoryNow = (): MemoryFigures & { heapUsed: number; rss: number } => {
      gc?.();
      const usage = process.memoryUsage();
      return { rss: usage.rss, heapUsed: usage.heapUsed, rssMB: round(usage.rss / MB), heapUsedMB: round(usage.heapUsed / MB) };
    };
    const before = memoryNow();
    const samples: Array<{ t: number; heap: number; rss: number }> = [];
    const runStarted = performance.now();
    const endAt = runStarted + options.seconds * 1000;
    const sampleEveryMs = options.sampleEveryMs ?? Math.max(250, Math.min(5000, (options.seconds * 1000) / 4));
    const sampler = setInterval(() => {
      const now = memoryNow();
      samples.push({ t: (performance.now() - runStarted) / 60_000, heap: now.heapUsed / MB, rss: now.rss / MB });
    }, sampleEveryMs);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const reporter = setInterval(() => progress(`${latencies.length} answered, ${dispatched - latencies.length} errors or waiting`), 10_000);

    let counter = LOAD_QUESTIONS.length;
    const thinkMs = Math.max(0, options.thinkMs ?? 0);
    let thinkSeed = 0x9e3779b9;
    const think = () => {
      if (!thinkMs) return Promise.resolve();
      thinkSeed = (Math.imul(thinkSeed, 1664525) + 1013904223) >>> 0; // deterministic pacing
      return sleep(thinkMs * (0.5 + thinkSeed / 2 ** 32));
    };
    const asker = async (index: number) => {
      while (performance.now() < endAt) {
        await askOnce(counter++, true, channelOf(index));
        if (performance.now() < endAt) await think();
      }
    };

    const reindexRuns: number[] = [];
    let reindexFailed = 0;
    const reindexer = async () => {
      await sleep(Math.min(1000, options.seconds * 100));
      while (performance.now() < endAt) {
        const previous = engine!.lastBuild;
        const started = performance.now();
        const interaction = emulator!.chatCommand({ name: 'reindex', user: users.listedAdmin, permissions: permissions.member });
        const deadline = started + 120_000;
        // Done when the engine holds a new build and the coordinator has let go of it.
        while ((engine!.lastBuild === previous || engine!.rebuildStatus() !== null) && performance.now() < deadline) await sleep(20);
        if (engine!.lastBuild === previous) reindexFailed++;
        else reindexRuns.push((performance.now() - started) / 1000);
        setTimeout(() => emulator?.forget(interaction), 5000).unref();
        await sleep(200);
      }
    };

    progress(`${options.concurrency} askers in ${channels} channel(s) for ${options.seconds} s${options.reindex ? ', with /reindex' : ''}…`);
    await Promise.all([...Array.from({ length: options.concurrency }, (_, index) => asker(index)), ...(options.reindex ? [reindexer()] : [])]);
    const elapsed = (performance.now() - runStarted) / 1000;
    clearInterval(sampler);
    clearInterval(reporter);
    loopDelay.disable();
    const after = memoryNow();
    samples.push({ t: (performance.now() - runStarted) / 60_000, heap: after.heapUsed / MB, rss: after.rss / MB });
    emulator.off('request', onRequest);

    const sorted = [...latencies].sort((a, b) => a - b);
    const errors = dispatched - latencies.length;
    const heapSlope = slope(samples.map((s) => ({ x: s.t, y: s.heap })));
    const halfway = samples.length ? samples.at(-1)!.t / 2 : 0;
    const heapSlopeLate = slope(samples.filter((s) => s.t >= halfway).map((s) => ({ x: s.t, y: s.heap })));
    const rssSlope = slope(samples.map((s) => ({ x: s.t, y: s.rss })));
    const p95 = percentile(sorted, 95);
    const memoryFlat = heapSlopeLate <= FLAT_SLOPE_MB_PER_MIN && after.heapUsedMB - before.heapUsedMB <= FLAT_GROWTH_MB * 2;
    const stats = engine.stats();
    const report: LoadTestReport = {
      concurrency: options.concurrency,
      channels,
      seconds: options.seconds,
      elapsedSeconds: round(elapsed, 2),
      mode: stats.mode,
      model: stats.model,
      documents: stats.documents,
      passages: stats.passages,
      dispatched,
      answered: latencies.length,
      viaSlashCommand,
      viaMention,
      errors,
      errorReasons,
      errorLogs,
      errorLogSamples,
      requests: requestCounts,
      answersPerSecond: round(latencies.length / elapsed),
      mentionsPerSecond: round(mentionLatencies.length / elapsed),
      thinkMs,
      latencyMs: latencyFigures(sorted),
      latencyByKindMs: { slashCommand: latencyFigures(slashLatencies), mention: latencyFigures(mentionLatencies) },
      eventLoopDelayMs: {
        p50: round(loopDelay.percentile(50) / 1e6),
        p99: round(loopDelay.percentile(99) / 1e6),
        max: round(loopDelay.max / 1e6),
      },
      memory: {
        gcForced: !!gc,
        before: { rssMB: before.rssMB, heapUsedMB: before.heapUsedMB },
        after: { rssMB: after.rssMB, heapUsedMB: after.heapUsedMB },
        heapSlopeMBPerMin: round(heapSlope, 2),
        heapSlopeSecondHalfMBPerMin: round(heapSlopeLate, 2),
        rssSlopeMBPerMin: round(rssSlope, 2),
        samples: samples.length,
      },
      reindex: options.reindex
        ? {
            runs: reindexRuns.length,
            failed: reindexFailed,
            meanSeconds: round(reindexRuns.reduce((sum, value) => sum + value, 0) / (reindexRuns.length || 1), 2),
            maxSeconds: round(Math.max(0, ...reindexRuns), 2),
          }
        : null,
      notices: [...new Set(notices)],
      goal: {
        zeroErrors: errors === 0 && errorLogs === 0 && reindexFailed === 0,
        p95Within500ms: p95 <= 500,
        memoryFlat,
        met: false,
      },
    };
    report.goal.met = report.goal.zeroErrors && report.goal.p95Within500ms && report.goal.memoryFlat;
    return report;
  } finally {
    await bot?.stop({ graceMs: 5000 });
    await emulator?.close();
    await engine?.close();
    rmSync(indexDir, { recursive: true, force: true });
  }
}
