/**
 * Test harness: an emulator, the real bot (real discord.js client) logged in to it with a fake
 * engine (startHarness) or the real one over corpus/ (startEngineHarness), captured logs, and
 * helpers to assert on what the bot sent. Tests of start-up itself take a bot that is not started
 * (createTestBot).
 */
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ClientOptions } from 'discord.js';
import type { Logger } from 'pino';
import { loadBotConfig, loadDataConfig, type BotConfig, type DataConfig } from '../../src/config.ts';
import { openRecorder, type FeedbackRecorder } from '../../src/data/recorder.ts';
import { StatsWorker } from '../../src/stats/statsInWorker.ts';
import { createBot, type Bot } from '../../src/discord/bot.ts';
import { createLogger } from '../../src/discord/logger.ts';
import { limitProblems } from '../../src/discord/respond.ts';
import { createEngine, type Engine } from '../../src/engine.ts';
import type { QaEngine } from '../../src/types.ts';
import {
  DiscordEmulator,
  ids,
  TOKEN,
  type DispatchedInteraction,
  type EmulatorOptions,
  type RecordedRequest,
  type UserFixture,
} from '../../tools/emulator/discordEmulator.ts';
import { FakeEngine } from './fakeEngine.ts';

export interface Harness<E extends QaEngine = FakeEngine> {
  emulator: DiscordEmulator;
  engine: E;
  /** The bot running now (restart() replaces it). */
  bot: Bot;
  config: BotConfig;
  /** The bot's database (a temporary DATA_DIR, removed on close), or null when the test gave it none. */
  data: DataConfig | null;
  /** With the `feedback` option: the recorder and /stats's worker on that database, as main.ts makes them. */
  feedback: { config: DataConfig; recorder: FeedbackRecorder; stats: StatsWorker } | null;
  /** Every log line the bot wrote (JSON strings), across restarts. */
  logs: string[];
  /** Stops the bot process's client (as SIGTERM does) and starts a new one on the same emulator, database and engine. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Environment overrides (strings, as in .env), parsed by the real loadBotConfig. */
  env?: Record<string, string>;
  engine?: QaEngine;
  now?: () => number;
  /** REST options merged over the emulator's `api` (e.g. a short `timeout` and fewer `retries`). */
  rest?: Record<string, unknown>;
  /**
   * Skip discord.js's identify throttle (5 s between two IDENTIFYs, as Discord requires): tests
   * that make the bot identify again need not wait for it.
   */
  noIdentifyWait?: boolean;
  /** The emulator's world: shards, more servers, the token lifetime. */
  emulator?: EmulatorOptions;
  /** The bot's idea of an interaction token's lifetime and its margin before it (a short clock for tests). */
  interactionLifetimeMs?: number;
  interactionMarginMs?: number;
  /** The bot's database: a fresh temporary DATA_DIR (default), one given (e.g. to reuse), or none (false). */
  data?: DataConfig | false;
  /**
   * Record answers and votes into the bot's database (a new temporary DATA_DIR, these settings over
   * the test defaults), with /stats reading it: what main.ts gives the bot. Without it nothing is
   * recorded and answers have no 👍 / 👎.
   */
  feedback?: Partial<DataConfig>;
}

/** The tests' key for hashing user ids (so a test can compute a user's hash). */
export const TEST_HASH_SECRET = 'test-hash-secret-0123456789';

/** A DataConfig over a fresh temporary folder (and `env`'s FEEDBACK_* settings). */
export function tempDataConfig(env: Record<string, string> = {}): DataConfig {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bot-data-'));
  return loadDataConfig({ FEEDBACK_HASH_SECRET: TEST_HASH_SECRET, ...env, DATA_DIR: dataDir }, process.cwd());
}

const NO_IDENTIFY_WAIT = { buildIdentifyThrottler: () => ({ waitForIdentify: async () => undefined }) };

export const BASE_ENV: Record<string, string> = {
  DISCORD_TOKEN: TOKEN,
  RATE_LIMIT_USER_PER_MINUTE: '0',
  RATE_LIMIT_GUILD_PER_MINUTE: '0',
  ADMIN_USER_IDS: ids.users.listedAdmin,
  ADMIN_ROLE_IDS: ids.roles.moderator,
  // The emulator's first server is the home server; its second is not.
  GUILD_ID: ids.guild,
  REINDEX_COOLDOWN_SEC: '0',
  MAX_QUESTION_CHARS: '200',
  DEFAULT_RESULTS: '3',
  LOG_LEVEL: 'debug',
};

/** Configuration from BASE_ENV and `env` (parsed by the real loadBotConfig), and a logger writing into `logs`. */
export function testConfig(env: Record<string, string> = {}, logs: string[] = []): { config: BotConfig; logger: Logger; logs: string[] } {
  const config = loadBotConfig({ ...BASE_ENV, ...env }, process.cwd());
  const logger = createLogger({ level: config.logLevel, secrets: [config.discordToken], destination: { write: (line) => logs.push(line) } });
  return { config, logger, logs };
}

export interface TestBotOptions {
  env?: Record<string, string>;
  engine?: QaEngine;
  data?: DataConfig;
  recorder?: FeedbackRecorder;
  stats?: StatsWorker;
  /** Where the bot's log lines go (a fresh array by default). */
  logs?: string[];
  clientOptions?: Partial<ClientOptions>;
  now?: () => number;
  progressIntervalMs?: number;
  interactionLifetimeMs?: number;
  interactionMarginMs?: number;
}

/** A bot that is not started yet, with a fake engine unless given one: for tests of start-up and login. */
export function createTestBot(options: TestBotOptions = {}): { bot: Bot; config: BotConfig; logs: string[] } {
  const { config, logger, logs } = testConfig(options.env, options.logs);
  const bot = createBot({
    config,
    engine: options.engine ?? new FakeEngine(),
    logger,
    ...(options.data ? { data: options.data } : {}),
    ...(options.recorder ? { recorder: options.recorder } : {}),
    ...(options.stats ? { stats: options.stats } : {}),
    ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.progressIntervalMs !== undefined ? { progressIntervalMs: options.progressIntervalMs } : {}),
    ...(options.interactionLifetimeMs !== undefined ? { interactionLifetimeMs: options.interactionLifetimeMs } : {}),
    ...(options.interactionMarginMs !== undefined ? { interactionMarginMs: options.interactionMarginMs } : {}),
  });
  return { bot, config, logs };
}

/** The recorder (its lines into `logs`, as the bot's logger would write them) and the stats worker of a temporary DATA_DIR. */
function openTestFeedback(overrides: Partial<DataConfig>, logs: string[]): NonNullable<Harness['feedback']> {
  const config: DataConfig = { ...tempDataConfig(), ...overrides };
  const recorder = openRecorder(config, { log: (line) => logs.push(JSON.stringify({ level: 40, component: 'data', msg: line })) });
  return { config, recorder, stats: new StatsWorker(config.dataDir) };
}

/** The bot logged in to a fresh emulator; `close` stops both, then `closeEngine`, and removes a temporary DATA_DIR. */
async function startWith<E extends QaEngine>(engine: E, options: HarnessOptions, closeEngine = async (): Promise<void> => undefined): Promise<Harness<E>> {
  const emulator = await DiscordEmulator.start(options.emulator);
  const logs: string[] = [];
  const feedback = options.feedback ? openTestFeedback(options.feedback, logs) : null;
  const ownData = options.data === undefined;
  // Recording uses the bot's own database, as in main.ts.
  const data = options.data === false ? null : (options.data ?? feedback?.config ?? tempDataConfig(options.env));
  const startBot = async () => {
    const created = createTestBot({
      env: options.env,
      engine,
      logs,
      ...(data ? { data } : {}),
      ...(feedback ? { recorder: feedback.recorder, stats: feedback.stats } : {}),
      clientOptions: { rest: { api: emulator.restApi, ...options.rest }, ...(options.noIdentifyWait ? { ws: NO_IDENTIFY_WAIT } : {}) },
      progressIntervalMs: 0,
      ...(options.now ? { now: options.now } : {}),
      ...(options.interactionLifetimeMs !== undefined ? { interactionLifetimeMs: options.interactionLifetimeMs } : {}),
      ...(options.interactionMarginMs !== undefined ? { interactionMarginMs: options.interactionMarginMs } : {}),
    });
    await created.bot.start();
    return created;
  };
  const { bot, config } = await startBot();
  const harness: Harness<E> = {
    emulator,
    engine,
    bot,
    config,
    data,
    feedback,
    logs,
    async restart() {
      await harness.bot.stop({ graceMs: 2000 });
      harness.bot = (await startBot()).bot;
    },
    async close() {
      await harness.bot.stop({ graceMs: 2000 });
      await feedback?.stats.close();
      feedback?.recorder.close();
      await emulator.close();
      await closeEngine();
      if (ownData && data) rmSync(data.dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  return startWith((options.engine ?? new FakeEngine()) as FakeEngine, options);
}

/**
 * One harness for a whole test file: started at once (the file awaits it at its top level), then after
 * the file's last test its requests are checked (assertSafePayloads) and it is closed.
 */
export async function harnessForFile(options: HarnessOptions = {}): Promise<Harness> {
  const h = await startHarness(options);
  after(async () => {
    assertSafePayloads(h.emulator.requests);
    await h.close();
  });
  return h;
}

/**
 * The real engine behind the bot: corpus/ indexed lexically (EMBEDDING_MODEL='') into a temporary
 * INDEX_DIR, removed on close. Logs at warn and above.
 */
export async function startEngineHarness(env: Record<string, string> = {}): Promise<Harness<Engine>> {
  const indexDir = mkdtempSync(path.join(tmpdir(), 'bot-engine-index-'));
  const fullEnv = { CORPUS_DIR: 'corpus', INDEX_DIR: indexDir, EMBEDDING_MODEL: '', LOG_LEVEL: 'warn', ...env };
  const { config, logger } = testConfig(fullEnv);
  const engine = await createEngine(config, { logger, buildIfMissing: true, keepServing: true });
  return startWith(engine, { env: fullEnv }, async () => {
    await engine.close();
    rmSync(indexDir, { recursive: true, force: true });
  });
}

export const isCallback = (r: RecordedRequest) => r.method === 'POST' && r.path.endsWith('/callback');
export const isEditOriginal = (r: RecordedRequest) => r.method === 'PATCH' && r.path.endsWith('/messages/@original');
export const isFollowUp = (r: RecordedRequest) => r.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(r.path);

export interface AskInput {
  question: string;
  results?: number;
  private?: boolean;
  user?: UserFixture;
  locale?: string;
  channelId?: string;
}

/** Dispatch /ask and wait for the answer (the edit of the deferred reply). */
export async function ask(h: Harness, input: AskInput): Promise<{ interaction: DispatchedInteraction; defer: RecordedRequest; edit: RecordedRequest }> {
  const options: Array<{ name: string; type: number; value: string | number | boolean }> = [{ name: 'question', type: 3, value: input.question }];
  if (input.results !== undefined) options.push({ name: 'results', type: 4, value: input.results });
  if (input.private !== undefined) options.push({ name: 'private', type: 5, value: input.private });
  const interaction = h.emulator.chatCommand({
    name: 'ask',
    options,
    ...(input.user ? { user: input.user } : {}),
    ...(input.locale ? { locale: input.locale } : {}),
    ...(input.channelId ? { channelId: input.channelId } : {}),
  });
  const defer = await h.emulator.waitForInteraction(interaction, isCallback);
  const edit = await h.emulator.waitForInteraction(interaction, isEditOriginal);
  return { interaction, defer, edit };
}

/** The message payloads in a request (an interaction callback carries one in `data`). */
function messagePayload(request: RecordedRequest): any | null {
  if (isCallback(request)) return request.body?.type === 4 || request.body?.type === 7 ? request.body.data : null;
  if (request.method === 'PATCH' || (request.method === 'POST' && (isFollowUp(request) || /\/channels\/\d+\/messages$/.test(request.path))))
    return request.body;
  return null;
}

/**
 * Every message the bot sent: allowed_mentions that cannot ping anyone, and within Discord's
 * limits. Run at the end of each test file over everything recorded.
 */
export function assertSafePayloads(requests: readonly RecordedRequest[]): number {
  let checked = 0;
  for (const request of requests) {
    const payload = messagePayload(request);
    if (!payload) continue;
    checked++;
    const where = `${request.method} ${request.path}`;
    assert.deepEqual(payload.allowed_mentions?.parse, [], `${where}: allowed_mentions.parse must be []`);
    assert.ok(!payload.allowed_mentions.users?.length && !payload.allowed_mentions.roles?.length, `${where}: no users/roles may be pinged`);
    assert.notEqual(payload.allowed_mentions.replied_user, true, `${where}: replies must not ping`);
    assert.deepEqual(limitProblems(payload), [], `${where}: within Discord's limits`);
  }
  return checked;
}

/** Text of every embed description, field and title in a payload (for "contains" checks). */
export function embedText(payload: any): string {
  return (payload.embeds ?? [])
    .map((e: any) => [e.title, e.description, ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value]), e.footer?.text].filter(Boolean).join('\n'))
    .join('\n');
}

export function customIds(payload: any): string[] {
  return (payload.components ?? []).flatMap((row: any) => row.components.map((c: any) => c.custom_id));
}

/** Option types of the Discord API, as interactions carry them. */
const OPTION_TYPES = { string: 3, integer: 4, channel: 7 } as const;
const SETTINGS_OPTION_TYPES: Record<string, number> = {
  reply_mode: OPTION_TYPES.string,
  add_channel: OPTION_TYPES.channel,
  remove_channel: OPTION_TYPES.channel,
  add_forum: OPTION_TYPES.channel,
  remove_forum: OPTION_TYPES.channel,
  results: OPTION_TYPES.integer,
  visibility: OPTION_TYPES.string,
  language: OPTION_TYPES.string,
  reset: OPTION_TYPES.string,
};

export interface SettingsInput {
  options?: Record<string, string | number>;
  user?: UserFixture;
  permissions?: string;
  roles?: readonly string[];
  channelId?: string;
}

/** Dispatch /settings and wait for its (private) reply; returns the reply's text. */
export async function settingsCommand(h: Harness<QaEngine>, input: SettingsInput = {}): Promise<string> {
  const interaction = h.emulator.chatCommand({
    name: 'settings',
    options: Object.entries(input.options ?? {}).map(([name, value]) => ({ name, type: SETTINGS_OPTION_TYPES[name]!, value })),
    ...(input.user ? { user: input.user } : {}),
    ...(input.permissions ? { permissions: input.permissions } : {}),
    ...(input.roles ? { roles: input.roles } : {}),
    ...(input.channelId ? { channelId: input.channelId } : {}),
  });
  const reply = await h.emulator.waitForInteraction(interaction, isCallback);
  assert.equal(reply.body.data.flags, 64, '/settings answers privately');
  return reply.body.data.content as string;
}

/** The bot's log lines (parsed) with this message. */
export function logsWith(h: Harness<QaEngine>, msg: string): Array<Record<string, unknown>> {
  return h.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === msg);
}

/** Resolves once the bot has no handler running (each gateway event's work, to its end). */
export async function settled(h: Harness<QaEngine>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (h.bot.inFlight() > 0) {
    if (Date.now() > deadline) throw new Error(`the bot still has ${h.bot.inFlight()} handlers running`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
