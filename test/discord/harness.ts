/**
 * Test harness: an emulator, the real bot (real discord.js client) logged in to it with a fake
 * engine (startHarness) or the real one over corpus/ (startEngineHarness), captured logs, and
 * helpers to assert on what the bot sent. Tests of start-up itself take a bot that is not started
 * (createTestBot).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ClientOptions } from 'discord.js';
import type { Logger } from 'pino';
import { loadBotConfig, type BotConfig, type DataConfig } from '../../src/config.ts';
import { openRecorder, type FeedbackRecorder } from '../../src/data/recorder.ts';
import { createBot, type Bot } from '../../src/discord/bot.ts';
import { createLogger } from '../../src/discord/logger.ts';
import { limitProblems } from '../../src/discord/respond.ts';
import { createEngine, type Engine } from '../../src/engine.ts';
import { StatsWorker } from '../../src/stats/statsInWorker.ts';
import type { QaEngine } from '../../src/types.ts';
import { tempDataConfig } from '../support/recorded.ts';
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
  bot: Bot;
  config: BotConfig;
  /** Every log line the bot wrote (JSON strings). */
  logs: string[];
  /** With `data`: the bot's database settings, its recorder and /stats's worker, as main.ts makes them. */
  data: { config: DataConfig; recorder: FeedbackRecorder; stats: StatsWorker } | null;
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
  /**
   * Record answers and votes into a real SQLite file (a new temporary DATA_DIR, these settings
   * over the test defaults), with /stats reading it: what main.ts gives the bot.
   */
  data?: Partial<DataConfig>;
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
  /** Where the bot's log lines go (a fresh array by default). */
  logs?: string[];
  clientOptions?: Partial<ClientOptions>;
  now?: () => number;
  progressIntervalMs?: number;
  interactionLifetimeMs?: number;
  interactionMarginMs?: number;
  recorder?: FeedbackRecorder;
  stats?: StatsWorker;
}

/** A bot that is not started yet, with a fake engine unless given one: for tests of start-up and login. */
export function createTestBot(options: TestBotOptions = {}): { bot: Bot; config: BotConfig; logs: string[] } {
  const { config, logger, logs } = testConfig(options.env, options.logs);
  const bot = createBot({
    config,
    engine: options.engine ?? new FakeEngine(),
    logger,
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

/** The bot logged in to a fresh emulator; `close` stops both, then `closeEngine`. */
/** The recorder (its lines into `logs`, as the bot's logger would write them) and the stats worker of a temporary DATA_DIR. */
function openTestData(overrides: Partial<DataConfig>, logs: string[]): NonNullable<Harness['data']> {
  const config = tempDataConfig(overrides);
  const recorder = openRecorder(config, { log: (line) => logs.push(JSON.stringify({ level: 40, component: 'data', msg: line })) });
  return { config, recorder, stats: new StatsWorker(config.dataDir) };
}

async function startWith<E extends QaEngine>(engine: E, options: HarnessOptions, closeEngine = async (): Promise<void> => undefined): Promise<Harness<E>> {
  const emulator = await DiscordEmulator.start(options.emulator);
  const logs: string[] = [];
  const data = options.data ? openTestData(options.data, logs) : null;
  const { bot, config } = createTestBot({
    env: options.env,
    engine,
    logs,
    ...(data ? { recorder: data.recorder, stats: data.stats } : {}),
    clientOptions: { rest: { api: emulator.restApi, ...options.rest }, ...(options.noIdentifyWait ? { ws: NO_IDENTIFY_WAIT } : {}) },
    progressIntervalMs: 0,
    ...(options.now ? { now: options.now } : {}),
    ...(options.interactionLifetimeMs !== undefined ? { interactionLifetimeMs: options.interactionLifetimeMs } : {}),
    ...(options.interactionMarginMs !== undefined ? { interactionMarginMs: options.interactionMarginMs } : {}),
  });
  await bot.start();
  return {
    emulator,
    engine,
    bot,
    config,
    logs,
    data,
    async close() {
      await bot.stop({ graceMs: 2000 });
      await data?.stats.close();
      data?.recorder.close();
      await emulator.close();
      await closeEngine();
    },
  };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  return startWith((options.engine ?? new FakeEngine()) as FakeEngine, options);
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
