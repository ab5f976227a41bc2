/**
 * `npm start` as a user runs it (a child process): one clear line for a missing or rejected token,
 * and a clean SIGTERM that lets an answer under way finish. Uses the real engine, lexical only,
 * over the repo's corpus/ with a temporary INDEX_DIR.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { databasePath } from '../../src/data/database.ts';
import { strings } from '../../src/discord/i18n.ts';
import { DiscordEmulator, TOKEN, users } from '../../tools/emulator/discordEmulator.ts';
import { readDatabase } from '../support/recorded.ts';
import { isCallback, isEditOriginal } from './harness.ts';

const HASH_SECRET = 'main-test-hash-secret-0123456789';

let emulator: DiscordEmulator;
let indexDir: string;
/** The bot's database folder unless a test gives its own (never the repository's data/). */
let dataDir: string;
before(async () => {
  emulator = await DiscordEmulator.start();
  indexDir = mkdtempSync(path.join(tmpdir(), 'bot-main-index-'));
  dataDir = mkdtempSync(path.join(tmpdir(), 'bot-main-data-'));
});
after(async () => {
  await emulator.close();
  rmSync(indexDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

interface Running {
  stdout: string[];
  stderr: string;
  exited: Promise<number | null>;
  signal(name: NodeJS.Signals): void;
  waitForLog(msg: string, timeoutMs?: number): Promise<void>;
}

function start(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/discord/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_REST_API: emulator.restApi,
      CORPUS_DIR: 'corpus',
      INDEX_DIR: indexDir,
      DATA_DIR: dataDir,
      EMBEDDING_MODEL: '',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const running: Running = {
    stdout: [],
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    signal: (name) => child.kill(name),
    waitForLog: (msg, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${msg}" log line; stderr: ${running.stderr}`)), timeoutMs);
        const check = () => {
          if (running.stdout.some((line) => line.includes(`"msg":"${msg}"`))) {
            clearTimeout(timer);
            resolve();
          } else setTimeout(check, 20);
        };
        check();
      }),
  };
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    running.stdout.push(...lines);
  });
  child.stderr.on('data', (chunk: Buffer) => (running.stderr += chunk.toString('utf8')));
  return running;
}

test('a missing token: one clear line, exit 1', async () => {
  const bot = start({ DISCORD_TOKEN: '' });
  assert.equal(await bot.exited, 1);
  assert.match(bot.stderr, /^Configuration problem: DISCORD_TOKEN is missing: [^\n]+\n$/);
});

test('a rejected token: one clear line, exit 1, the token nowhere in the output', async () => {
  const wrong = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.wrong-token-value-that-must-not-leak';
  const bot = start({ DISCORD_TOKEN: wrong });
  assert.equal(await bot.exited, 1);
  assert.equal(bot.stderr, 'Discord rejected the bot token: check DISCORD_TOKEN in .env (Developer Portal → your app → Bot → Reset Token).\n');
  assert.ok(!bot.stdout.join('\n').includes(wrong));
});

test('first start with no index: online first, the index built in the background; then SIGTERM finishes the answer under way, writes what the recorder holds, exit 0', async () => {
  const ownDataDir = mkdtempSync(path.join(tmpdir(), 'bot-main-data-'));
  const bot = start({ DISCORD_TOKEN: TOKEN, DATA_DIR: ownDataDir, FEEDBACK_HASH_SECRET: HASH_SECRET });
  await bot.waitForLog('ready to answer');
  // Another process holds the database's write lock until the bot has stopped answering: the answer
  // stays in the recorder's queue (its batches wait for the lock), and only closing it writes it.
  const other = new BetterSqlite3(databasePath(ownDataDir));
  other.exec('BEGIN IMMEDIATE');
  const order = bot.stdout.map((line) => JSON.parse(line).msg);
  assert.ok(order.indexOf('logged in to Discord') >= 0);
  assert.ok(order.indexOf('logged in to Discord') < order.indexOf('building the index in the background; questions are answered once it is ready'));
  assert.ok(order.indexOf('building the index in the background; questions are answered once it is ready') < order.indexOf('index built'));
  assert.ok(order.indexOf('index built') < order.indexOf('ready to answer'));
  // Hold the answer's edit for 700 ms so that it is still under way when SIGTERM arrives.
  const remove = emulator.hook('PATCH', /\/messages\/@original$/, () => ({ delayMs: 700 }));
  try {
    const interaction = emulator.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'من هو محافظ حمص؟' }] });
    await emulator.waitForInteraction(interaction, isCallback, 10_000);
    await emulator.waitForInteraction(interaction, isEditOriginal, 10_000);
    bot.signal('SIGTERM');
    await bot.waitForLog('writing the last recorded answers');
    other.exec('ROLLBACK');
    other.close();
    assert.equal(await bot.exited, 0);
    const lines = bot.stdout.map((line) => JSON.parse(line));
    const messages = lines.map((line) => line.msg);
    assert.ok(messages.includes('shutting down'));
    const handled = lines.find((line) => line.msg === 'interaction handled' && line.interactionId === interaction.id);
    assert.ok(handled, 'the answer completed before exit');
    assert.ok(messages.indexOf('interaction handled') > messages.indexOf('shutting down'));
    assert.ok(messages.indexOf('interaction handled') < messages.indexOf('writing the last recorded answers'));
    assert.equal(lines.find((line) => line.msg === 'writing the last recorded answers').pending, 1);
    assert.deepEqual(messages.slice(-2), ['database closed', 'stopped']);
    assert.ok(!bot.stdout.join('\n').includes(TOKEN), 'the token is never logged');
    assert.ok(!bot.stdout.join('\n').includes(HASH_SECRET), 'nor the hash secret');
    assert.equal(bot.stderr, '');
    const edit = emulator.requestsFor(interaction).find(isEditOriginal)!;
    const answerKey = edit.body.components.at(-1).components[0].custom_id.split(':')[3];
    assert.deepEqual(readDatabase(ownDataDir, 'SELECT answer_key, question, via FROM answers'), [
      { answer_key: answerKey, question: 'من هو محافظ حمص؟', via: 'slash' },
    ]);
  } finally {
    remove();
    if (other.open) other.close();
    rmSync(ownDataDir, { recursive: true, force: true });
  }
});

test('SIGTERM with several answers under way (two /ask still waiting to defer, one mention): all finish, later ones are refused, exit 0', async () => {
  const bot = start({ DISCORD_TOKEN: TOKEN });
  await bot.waitForLog('ready to answer');
  // Slow Discord: each /ask's defer takes 600 ms, so the engine is asked only after SIGTERM; the
  // mention's reply is held 800 ms.
  const removeDefer = emulator.hook('POST', /\/callback$/, (request) => (request.body?.type === 5 ? { delayMs: 600 } : undefined));
  const removeReply = emulator.hook('POST', /^\/channels\/\d+\/messages$/, () => ({ delayMs: 800 }));
  try {
    const from = emulator.requests.length;
    // Two questions the seed corpus answers with or without the English dictionary installed.
    const asks = ['من هو محافظ حمص؟', 'كم دبابة استولى عليها تنظيم داعش؟'].map((question) =>
      emulator.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: question }], user: users.other }),
    );
    const mention = emulator.message({ content: `<@${users.bot.id}> ماذا حدث في تدمر؟` });
    await Promise.all(asks.map((interaction) => emulator.waitForInteraction(interaction, isCallback, 10_000)));
    await emulator.waitFor((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path), { from, timeoutMs: 10_000 });
    bot.signal('SIGTERM');
    const signalled = Date.now();
    // A question that arrives after SIGTERM is refused politely, not left hanging.
    await bot.waitForLog('shutting down', 5000);
    const late = emulator.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'من هو محافظ حمص؟' }] });
    assert.equal(await bot.exited, 0);
    assert.ok(Date.now() - signalled < 10_000 + 5_000, 'within the bounded wait');
    for (const interaction of asks) {
      const edit = emulator.requestsFor(interaction).find(isEditOriginal);
      assert.ok(edit, 'each /ask under way got its answer');
      assert.equal(edit.body.embeds.length, 3);
    }
    const reply = emulator.requests.find((r) => r.seq >= from && r.method === 'POST' && r.body?.message_reference?.message_id === mention);
    assert.ok(reply && reply.body.embeds.length > 0, 'the mention got its answer');
    const refusal = emulator.requestsFor(late).find(isCallback);
    if (refusal) {
      // Delivered before the gateway closed: refused in the user's language, privately.
      assert.equal(refusal.body.data.content, strings.ar.shuttingDown);
      assert.equal(refusal.body.data.flags, 64);
    }
    const messages = bot.stdout.map((line) => JSON.parse(line).msg);
    assert.equal(messages.filter((msg) => msg === 'interaction handled').length, 2);
    assert.ok(messages.includes('mention answered'));
    assert.equal(messages.at(-1), 'stopped');
    assert.equal(bot.stderr, '');
  } finally {
    removeDefer();
    removeReply();
  }
});
