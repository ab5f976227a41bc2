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
 *
 * With `distinctAskers` the measured run is instead N strangers, each asking one question and posting
 * one message that does not mention the bot, as a public bot in many servers sees: what the bot
 * keeps per stranger (rate-limit entries, cached users, members and messages) shows as heap growth.
 * The per-user limit is on (6 a minute, the default) so the limiter tracks each asker as deployed.
 *
 * Recording is on unless `recording: false`, as the bot runs by default: every answer is recorded
 * into a SQLite file in a temporary DATA_DIR, and each of the recorder's batch writes (on the main
 * thread, after the answers went out) is timed.
 *
 * runLoadTest composes one-job parts in this order: setUp (configuration, error-counting logger),
 * startSystem (engine, emulator, recorder, bot), AnswerWatcher (settles questions from the bot's requests),
 * Askers (warm-up, then the measured run, tallied), reindexLoop, MemorySampler, buildReport.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import type { Logger } from 'pino';
import { loadBotConfig, loadCoreConfig, type BotConfig } from '../../src/config.ts';
import { TEST_MODEL_DIR, TEST_MODEL_ID } from '../testModel/writeTestModel.ts';
import { createEngine, type Engine } from '../../src/engine.ts';
import type { EngineStats } from '../../src/types.ts';
import { createBot, type Bot } from '../../src/discord/bot.ts';
import { strings } from '../../src/discord/i18n.ts';
import { createLogger } from '../../src/discord/logger.ts';
import { databasePath } from '../../src/data/database.ts';
import { openRecorder, type FeedbackRecorder } from '../../src/data/recorder.ts';
import {
  DiscordEmulator,
  extraChannelId,
  ids,
  permissions,
  makeUser,
  TOKEN,
  users,
  type DispatchedInteraction,
  type RecordedRequest,
  type UserFixture,
} from '../emulator/discordEmulator.ts';

/** Realistic questions about the seed articles in corpus/ (Palmyra, Homs, al-Qaryatain, Aleppo). */
const LOAD_QUESTIONS: readonly string[] = [
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
  /**
   * Instead of asking for `seconds`: this many distinct one-off askers (new user ids), each asking
   * one question and posting one message that does not mention the bot, then the run ends.
   */
  distinctAskers?: number;
  /**
   * Record every answer into a SQLite file in a temporary DATA_DIR, as the bot does by default
   * (default true; false: no recorder, no feedback buttons).
   */
  recording?: boolean;
  /** Progress lines (stderr) while it runs. */
  onProgress?: (line: string) => void;
}

interface LatencyFigures {
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

interface MemoryFigures {
  rssMB: number;
  heapUsedMB: number;
}

/** What the bot holds per user or message at the end of the run. */
interface CacheSizes {
  /** Keys the rate limiter tracks (users and servers). */
  rateLimitKeys: number;
  /** discord.js caches: users, server members, messages (all channels). */
  users: number;
  members: number;
  messages: number;
}

interface RecordingFigures {
  answersRecorded: number;
  /** Timer-driven writes of the queue (each a transaction per batch of up to 200), measured around the call. */
  flushes: number;
  flushMs: LatencyFigures;
  /** The recorder's own one-line notices (a locked or damaged database, a full queue); none expected. */
  notices: string[];
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
  /** Set for a --distinct-askers run: how many asked, and what the bot holds at the end. */
  distinctAskers: number | null;
  caches: CacheSizes;
  /** With recording: answers written to the database (warm-up included), and the recorder's flushes on the main thread. */
  recording: RecordingFigures | null;
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
  settle: (outcome: Outcome) => void;
}

type Outcome = { ok: true } | { ok: false; reason: string };

/** User ids of the one-off askers of a --distinct-askers run. */
const STRANGER_IDS = 1400000001000000000n;

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

const APOLOGIES = new Set([strings.en.unexpected, strings.ar.unexpected]);

/** Error-level lines the bot logged, counted, with the first few kept as samples. */
interface ErrorLog {
  count: number;
  samples: string[];
}

/**
 * The bot's configuration for a run (rate limits off, the chosen model, a fresh INDEX_DIR) and a
 * logger that only counts error-level lines.
 */
function setUp(options: LoadTestOptions, indexDir: string): { config: BotConfig; logger: Logger; errorLog: ErrorLog } {
  const configured = loadCoreConfig(process.env);
  const model = options.model ?? configured.embeddingModel;
  const modelsDir = options.modelsDir ?? (model === TEST_MODEL_ID ? path.join(projectRoot, TEST_MODEL_DIR) : configured.modelsDir);
  const config = loadBotConfig({
    DISCORD_TOKEN: TOKEN,
    CORPUS_DIR: options.corpusDir ?? 'corpus',
    INDEX_DIR: indexDir,
    EMBEDDING_MODEL: model,
    MODELS_DIR: modelsDir ?? '',
    ALLOW_REMOTE_MODELS: String(configured.allowRemoteModels && model !== TEST_MODEL_ID),
    // Strangers are tracked by the per-user limit as deployed (each asks once, never refused).
    RATE_LIMIT_USER_PER_MINUTE: options.distinctAskers ? '6' : '0',
    RATE_LIMIT_GUILD_PER_MINUTE: '0',
    ADMIN_USER_IDS: ids.users.listedAdmin,
    // --reindex runs /reindex back to back.
    REINDEX_COOLDOWN_SEC: '0',
    LOG_LEVEL: 'warn',
  });
  const errorLog: ErrorLog = { count: 0, samples: [] };
  const logger = createLogger({
    level: config.logLevel,
    secrets: [config.discordToken],
    destination: {
      write(line: string) {
        if (!line.includes('"level":50') && !line.includes('"level":60')) return;
        errorLog.count++;
        if (errorLog.samples.length < 5) errorLog.samples.push(line.trim().slice(0, 500));
      },
    },
  });
  return { config, logger, errorLog };
}

/** The recorder of a run, its database folder, and what it did: each timer-driven flush timed where it runs (the main thread). */
class RunRecording {
  readonly dataDir = mkdtempSync(path.join(tmpdir(), 'loadtest-data-'));
  readonly recorder: FeedbackRecorder;
  readonly flushMs: number[] = [];
  readonly notices: string[] = [];

  constructor() {
    this.recorder = openRecorder(
      { dataDir: this.dataDir, recording: true, retentionDays: 0, hashSecret: 'load-test-hash-secret-0123456789' },
      { log: (line) => this.notices.push(line) },
    );
    // The timer calls this.flush(): timing the instance's method times every batch write the bot makes.
    const flush = this.recorder.flush.bind(this.recorder);
    this.recorder.flush = () => {
      const started = performance.now();
      flush();
      this.flushMs.push(performance.now() - started);
    };
  }

  figures(): RecordingFigures {
    this.recorder.flush();
    const db = new BetterSqlite3(databasePath(this.dataDir), { readonly: true });
    const answersRecorded = (db.prepare('SELECT count(*) AS n FROM answers').get() as { n: number }).n;
    db.close();
    return { answersRecorded, flushes: this.flushMs.length, flushMs: latencyFigures(this.flushMs), notices: this.notices.slice(0, 5) };
  }

  close(): void {
    this.recorder.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** What runs during a test; filled in as it starts, so that a failed start still closes what began. */
interface System {
  engine?: Engine;
  emulator?: DiscordEmulator;
  bot?: Bot;
  recording?: RunRecording;
}

/** What askers and the /reindex loop drive. */
type Running = Required<Omit<System, 'recording'>>;

/** The real engine (its index built first), the emulator, the recorder (unless off), and the bot logged in to it. */
async function startSystem(system: System, config: BotConfig, logger: Logger, channels: number, recording: boolean): Promise<Running> {
  // Each part is kept in `system` as soon as it exists, so the caller can close what was started.
  const engine = await createEngine(config, { logger, buildIfMissing: true, embedInWorker: true, keepServing: true });
  system.engine = engine;
  const emulator = await DiscordEmulator.start({ keepHistory: false, extraChannels: channels - 1 });
  system.emulator = emulator;
  if (recording) system.recording = new RunRecording();
  const recorder = system.recording ? { recorder: system.recording.recorder } : {};
  const bot = createBot({ config, engine, logger, ...recorder, clientOptions: { rest: { api: emulator.restApi } } });
  system.bot = bot;
  await bot.start();
  return { engine, emulator, bot };
}

async function stopSystem(system: System): Promise<void> {
  await system.bot?.stop({ graceMs: 5000 });
  system.recording?.close();
  await system.emulator?.close();
  await system.engine?.close();
}

/**
 * Watches the bot's requests at the emulator: counts them by route, and settles each pending
 * question (keyed by interaction token or message id) with its answer, an apology or no quotes.
 */
class AnswerWatcher {
  readonly pending = new Map<string, Pending>();
  readonly requestCounts: Record<string, number> = {};

  readonly onRequest = (request: RecordedRequest): void => {
    const route = `${request.method} ${request.path.replace(/\/\d{17,19}/g, '/:id').replace(/\/interaction-token-[^/]+/g, '/:token')}`;
    this.requestCounts[route] = (this.requestCounts[route] ?? 0) + 1;
    let key: string | undefined;
    let outcome: Outcome | undefined;
    const body = request.body ?? {};
    const webhook = /^\/webhooks\/\d+\/([^/]+)(\/messages\/@original)?$/.exec(request.path);
    if (webhook && request.method === 'PATCH' && webhook[2]) {
      key = webhook[1];
      outcome = body.embeds?.length ? { ok: true } : { ok: false, reason: APOLOGIES.has(body.content) ? 'apology' : 'no quotes' };
    } else if (webhook && request.method === 'POST' && !webhook[2]) {
      key = webhook[1];
      // A follow-up before the answer: only the apology path sends one first.
      if (this.pending.has(key!) && APOLOGIES.has(body.content)) outcome = { ok: false, reason: 'apology' };
      else key = undefined;
    } else if (request.method === 'POST' && /^\/channels\/\d+\/messages$/.test(request.path) && body.message_reference?.message_id) {
      key = body.message_reference.message_id;
      outcome = body.embeds?.length ? { ok: true } : { ok: false, reason: APOLOGIES.has(body.content) ? 'apology' : 'no quotes' };
    }
    if (key && outcome) this.pending.get(key)?.settle(outcome);
  };
}

/** The measured questions: how many were asked and how, how long the answers took, why others failed. */
class Tally {
  readonly latencies: number[] = [];
  readonly slashLatencies: number[] = [];
  readonly mentionLatencies: number[] = [];
  readonly errorReasons: Record<string, number> = {};
  dispatched = 0;
  viaSlashCommand = 0;
  viaMention = 0;

  record(asMention: boolean, outcome: { ok: true; ms: number } | { ok: false; reason: string }): void {
    this.dispatched++;
    if (asMention) this.viaMention++;
    else this.viaSlashCommand++;
    if (outcome.ok) {
      this.latencies.push(outcome.ms);
      (asMention ? this.mentionLatencies : this.slashLatencies).push(outcome.ms);
    } else this.errorReasons[outcome.reason] = (this.errorReasons[outcome.reason] ?? 0) + 1;
  }

  get errors(): number {
    return this.dispatched - this.latencies.length;
  }
}

/**
 * The askers: each asks one question after another (slash commands, and every `mentionEvery`-th a
 * mention), in its own channel, pausing `thinkMs` (drawn deterministically) between answers.
 */
class Askers {
  readonly tally = new Tally();
  private readonly mentionEvery: number;
  private readonly answerTimeoutMs: number;
  private readonly thinkMs: number;
  private thinkSeed = 0x9e3779b9;

  constructor(
    private readonly system: Running,
    private readonly watcher: AnswerWatcher,
    private readonly options: LoadTestOptions,
    private readonly channels: number,
  ) {
    this.mentionEvery = options.mentionEvery ?? 4;
    this.answerTimeoutMs = options.answerTimeoutMs ?? 30_000;
    this.thinkMs = Math.max(0, options.thinkMs ?? 0);
  }

  get pauseMs(): number {
    return this.thinkMs;
  }

  channelOf(asker: number): string {
    return asker % this.channels === 0 ? ids.channels.general : extraChannelId((asker % this.channels) - 1);
  }

  /**
   * Warm-up, not measured: every question once (JIT), then all askers for a while, so the bot's
   * bounded caches (recent answers and questions, discord.js's message caches) fill before the
   * memory baseline is taken and the run measures growth, not their filling.
   */
  async warmUp(): Promise<void> {
    for (let i = 0; i < LOAD_QUESTIONS.length; i++) await this.askOnce(i, false);
    const warmUntil = performance.now() + (this.options.warmupSeconds ?? Math.min(10, this.options.seconds / 6)) * 1000;
    let warmCounter = LOAD_QUESTIONS.length;
    await Promise.all(
      Array.from({ length: this.options.concurrency }, async (_, index) => {
        while (performance.now() < warmUntil) await this.askOnce(warmCounter++, false, this.channelOf(index));
      }),
    );
  }

  /** All askers, measured, until `endAt`, or until `distinctAskers` strangers have each asked once. */
  async run(endAt: number): Promise<void> {
    if (this.options.distinctAskers) return this.runStrangers(this.options.distinctAskers);
    let counter = LOAD_QUESTIONS.length;
    const asker = async (index: number) => {
      while (performance.now() < endAt) {
        await this.askOnce(counter++, true, this.channelOf(index));
        if (performance.now() < endAt) await this.think();
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, (_, index) => asker(index)));
  }

  /** `total` one-off askers, `concurrency` at a time: each asks one question and posts one message not for the bot. */
  private async runStrangers(total: number): Promise<void> {
    let next = 0;
    const asker = async (index: number) => {
      while (next < total) {
        const number = next++;
        const stranger = makeUser(String(STRANGER_IDS + BigInt(number)), `stranger-${number}`);
        const channelId = this.channelOf(index);
        this.system.emulator.message({ content: 'unrelated chatter', author: stranger, channelId, mentionsBot: false });
        await this.askOnce(LOAD_QUESTIONS.length + number, true, channelId, stranger);
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, (_, index) => asker(index)));
  }

  private think(): Promise<void> {
    if (!this.thinkMs) return Promise.resolve();
    this.thinkSeed = (Math.imul(this.thinkSeed, 1664525) + 1013904223) >>> 0; // deterministic pacing
    return sleep(this.thinkMs * (0.5 + this.thinkSeed / 2 ** 32));
  }

  /** One question, start to finish; counted in the tally when measured. */
  private async askOnce(number: number, measure: boolean, channelId: string = ids.channels.general, asker?: UserFixture): Promise<void> {
    const { emulator, bot } = this.system;
    const question = LOAD_QUESTIONS[number % LOAD_QUESTIONS.length]!;
    const asMention = this.mentionEvery > 0 && number % this.mentionEvery === this.mentionEvery - 1;
    const user = asker ?? (number % 2 ? users.other : users.member);
    let interaction: DispatchedInteraction | null = null;
    const outcome = await new Promise<{ ok: true; ms: number } | { ok: false; reason: string }>((resolve) => {
      const started = performance.now();
      let key: string;
      if (asMention) key = emulator.message({ content: `<@${bot.client.user!.id}> ${question}`, author: user, channelId });
      else {
        interaction = emulator.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: question }], user, channelId });
        key = interaction.token;
      }
      const timer = setTimeout(() => settle({ ok: false, reason: 'timeout' }), this.answerTimeoutMs);
      const settle = (result: Outcome) => {
        clearTimeout(timer);
        this.watcher.pending.delete(key);
        resolve(result.ok ? { ok: true, ms: performance.now() - started } : result);
      };
      this.watcher.pending.set(key, { started, settle });
    });
    // Let any follow-up messages through before the emulator forgets the interaction.
    if (interaction) setTimeout(() => emulator.forget(interaction!), 5000).unref();
    if (measure) this.tally.record(asMention, outcome);
  }
}

/** /reindex by an admin, again and again until `endAt`: each run's seconds, and how many failed. */
async function reindexLoop(system: Running, endAt: number, seconds: number): Promise<{ runs: number[]; failed: number }> {
  const { engine, emulator } = system;
  const runs: number[] = [];
  let failed = 0;
  await sleep(Math.min(1000, seconds * 100));
  while (performance.now() < endAt) {
    const previous = engine.lastBuild;
    const started = performance.now();
    const interaction = emulator.chatCommand({ name: 'reindex', user: users.listedAdmin, permissions: permissions.member });
    const deadline = started + 120_000;
    // Done when the engine holds a new build and its rebuild has ended.
    while ((engine.lastBuild === previous || engine.rebuildStatus() !== null) && performance.now() < deadline) await sleep(20);
    if (engine.lastBuild === previous) failed++;
    else runs.push((performance.now() - started) / 1000);
    setTimeout(() => emulator.forget(interaction), 5000).unref();
    await sleep(200);
  }
  return { runs, failed };
}

/**
 * The process's memory over the run: before and after (after a full GC when one can be forced),
 * and samples every `everyMs` for the trend.
 */
class MemorySampler {
  readonly gc = forceGc();
  readonly samples: Array<{ t: number; heap: number; rss: number }> = [];
  readonly before: MemoryFigures & { heapUsed: number; rss: number };
  after: (MemoryFigures & { heapUsed: number; rss: number }) | null = null;
  private readonly startedAt: number;
  private readonly timer: NodeJS.Timeout;

  constructor(everyMs: number) {
    this.before = this.now();
    this.startedAt = performance.now();
    this.timer = setInterval(() => this.sample(this.now()), everyMs);
  }

  /** Minutes since sampling started. */
  get elapsedMinutes(): number {
    return (performance.now() - this.startedAt) / 60_000;
  }

  stop(): MemoryFigures & { heapUsed: number; rss: number } {
    clearInterval(this.timer);
    const after = this.now();
    this.after = after;
    this.sample(after);
    return after;
  }

  private sample(usage: { heapUsed: number; rss: number }): void {
    this.samples.push({ t: this.elapsedMinutes, heap: usage.heapUsed / MB, rss: usage.rss / MB });
  }

  private now(): MemoryFigures & { heapUsed: number; rss: number } {
    this.gc?.();
    const usage = process.memoryUsage();
    return { rss: usage.rss, heapUsed: usage.heapUsed, rssMB: round(usage.rss / MB), heapUsedMB: round(usage.heapUsed / MB) };
  }
}

/** The memory part of the report (before and after, the slopes of the samples) and whether it stayed flat. */
function memoryReport(memory: MemorySampler): { figures: LoadTestReport['memory']; flat: boolean } {
  const { before, samples } = memory;
  const after = memory.after!;
  const halfway = samples.length ? samples.at(-1)!.t / 2 : 0;
  const heapSlopeLate = slope(samples.filter((s) => s.t >= halfway).map((s) => ({ x: s.t, y: s.heap })));
  return {
    figures: {
      gcForced: !!memory.gc,
      before: { rssMB: before.rssMB, heapUsedMB: before.heapUsedMB },
      after: { rssMB: after.rssMB, heapUsedMB: after.heapUsedMB },
      heapSlopeMBPerMin: round(slope(samples.map((s) => ({ x: s.t, y: s.heap }))), 2),
      heapSlopeSecondHalfMBPerMin: round(heapSlopeLate, 2),
      rssSlopeMBPerMin: round(slope(samples.map((s) => ({ x: s.t, y: s.rss }))), 2),
      samples: samples.length,
    },
    flat: heapSlopeLate <= FLAT_SLOPE_MB_PER_MIN && after.heapUsedMB - before.heapUsedMB <= FLAT_GROWTH_MB * 2,
  };
}

/** Everything a run measured, as the report, with the goal judged. */
function buildReport(run: {
  options: LoadTestOptions;
  channels: number;
  elapsed: number;
  stats: EngineStats;
  notices: string[];
  tally: Tally;
  errorLog: ErrorLog;
  requestCounts: Record<string, number>;
  thinkMs: number;
  loopDelay: IntervalHistogram;
  memory: MemorySampler;
  reindex: { runs: number[]; failed: number } | null;
  caches: CacheSizes;
  recording: RecordingFigures | null;
}): LoadTestReport {
  const { options, tally, elapsed, reindex } = run;
  const sorted = [...tally.latencies].sort((a, b) => a - b);
  const errors = tally.errors;
  const p95 = percentile(sorted, 95);
  const memory = memoryReport(run.memory);
  const reindexFailed = reindex?.failed ?? 0;
  const report: LoadTestReport = {
    concurrency: options.concurrency,
    channels: run.channels,
    seconds: options.seconds,
    elapsedSeconds: round(elapsed, 2),
    mode: run.stats.mode,
    model: run.stats.model,
    documents: run.stats.documents,
    passages: run.stats.passages,
    dispatched: tally.dispatched,
    answered: tally.latencies.length,
    viaSlashCommand: tally.viaSlashCommand,
    viaMention: tally.viaMention,
    errors,
    errorReasons: tally.errorReasons,
    errorLogs: run.errorLog.count,
    errorLogSamples: run.errorLog.samples,
    requests: run.requestCounts,
    answersPerSecond: round(tally.latencies.length / elapsed),
    mentionsPerSecond: round(tally.mentionLatencies.length / elapsed),
    thinkMs: run.thinkMs,
    latencyMs: latencyFigures(sorted),
    latencyByKindMs: { slashCommand: latencyFigures(tally.slashLatencies), mention: latencyFigures(tally.mentionLatencies) },
    eventLoopDelayMs: {
      p50: round(run.loopDelay.percentile(50) / 1e6),
      p99: round(run.loopDelay.percentile(99) / 1e6),
      max: round(run.loopDelay.max / 1e6),
    },
    memory: memory.figures,
    reindex: reindex
      ? {
          runs: reindex.runs.length,
          failed: reindex.failed,
          meanSeconds: round(reindex.runs.reduce((sum, value) => sum + value, 0) / (reindex.runs.length || 1), 2),
          maxSeconds: round(Math.max(0, ...reindex.runs), 2),
        }
      : null,
    distinctAskers: options.distinctAskers ?? null,
    caches: run.caches,
    recording: run.recording,
    notices: [...new Set(run.notices)],
    goal: {
      zeroErrors: errors === 0 && run.errorLog.count === 0 && reindexFailed === 0,
      p95Within500ms: p95 <= 500,
      memoryFlat: memory.flat,
      met: false,
    },
  };
  report.goal.met = report.goal.zeroErrors && report.goal.p95Within500ms && report.goal.memoryFlat;
  return report;
}

function cacheSizes(bot: Bot): CacheSizes {
  const { client } = bot;
  return {
    rateLimitKeys: bot.context.rateLimiter.trackedKeys(),
    users: client.users.cache.size,
    members: client.guilds.cache.reduce((sum, guild) => sum + guild.members.cache.size, 0),
    messages: client.channels.cache.reduce((sum, channel) => sum + ('messages' in channel ? channel.messages.cache.size : 0), 0),
  };
}

export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestReport> {
  const progress = options.onProgress ?? (() => undefined);
  const channels = Math.max(1, Math.floor(options.channels ?? 10));
  const indexDir = mkdtempSync(path.join(tmpdir(), 'loadtest-index-'));
  const { config, logger, errorLog } = setUp(options, indexDir);
  const system: System = {};
  try {
    progress('building the index…');
    const running = await startSystem(system, config, logger, channels, options.recording ?? true);
    const notices = [...running.engine.notices];
    const watcher = new AnswerWatcher();
    running.emulator.on('request', watcher.onRequest);
    const askers = new Askers(running, watcher, options, channels);

    progress('warming up…');
    await askers.warmUp();

    const memory = new MemorySampler(options.sampleEveryMs ?? Math.max(250, Math.min(5000, (options.seconds * 1000) / 4)));
    const endAt = performance.now() + options.seconds * 1000;
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const { tally } = askers;
    const reporter = setInterval(() => progress(`${tally.latencies.length} answered, ${tally.dispatched - tally.latencies.length} errors or waiting`), 10_000);

    progress(
      options.distinctAskers
        ? `${options.distinctAskers} one-off askers, ${options.concurrency} at a time, in ${channels} channel(s)…`
        : `${options.concurrency} askers in ${channels} channel(s) for ${options.seconds} s${options.reindex ? ', with /reindex' : ''}…`,
    );
    const [, reindex] = await Promise.all([askers.run(endAt), options.reindex ? reindexLoop(running, endAt, options.seconds) : null]);
    const elapsed = memory.elapsedMinutes * 60;
    clearInterval(reporter);
    loopDelay.disable();
    memory.stop();
    running.emulator.off('request', watcher.onRequest);

    return buildReport({
      options,
      channels,
      elapsed,
      stats: running.engine.stats(),
      notices,
      tally,
      errorLog,
      requestCounts: watcher.requestCounts,
      thinkMs: askers.pauseMs,
      loopDelay,
      memory,
      reindex,
      caches: cacheSizes(running.bot),
      recording: system.recording?.figures() ?? null,
    });
  } finally {
    await stopSystem(system);
    rmSync(indexDir, { recursive: true, force: true });
  }
}
