/**
 * The token and other secrets never appear in the output of the bot's start-up failure paths, of a
 * whole run at LOG_LEVEL=trace, of `deploy-commands`, or of the CLI, run as users run them (child
 * processes against the emulator). Complements logger.test.ts (the scrubber itself) and
 * main.test.ts (missing and rejected tokens).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scrubSecrets } from '../../src/discord/logger.ts';
import { DiscordEmulator, TOKEN } from '../../tools/emulator/discordEmulator.ts';
import { isEditOriginal } from './harness.ts';

let emulator: DiscordEmulator;
let scratch: string;
before(async () => {
  emulator = await DiscordEmulator.start();
  scratch = mkdtempSync(path.join(tmpdir(), 'bot-secrets-'));
});
after(async () => {
  await emulator.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** The parts of a token: none may show, not even the HMAC alone. */
const TOKEN_PARTS = TOKEN.split('.').slice(1);
const PROXY_PASSWORD = 'proxy-password-0123456789';

interface Finished {
  code: number | null;
  output: string;
  stderr: string;
}

function run(
  script: string,
  args: string[],
  env: Record<string, string>,
  whileRunning?: (output: () => string, kill: (signal: NodeJS.Signals) => void) => Promise<void>,
): Promise<Finished> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { PATH: process.env.PATH ?? '', CORPUS_DIR: 'corpus', INDEX_DIR: path.join(scratch, 'index'), EMBEDDING_MODEL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return (async () => {
    if (whileRunning)
      await whileRunning(
        () => stdout + stderr,
        (signal) => child.kill(signal),
      );
    const code = await exited;
    return { code, output: stdout + stderr, stderr };
  })();
}

function assertNoSecrets(output: string, extra: string[] = []): void {
  assert.ok(!output.includes(TOKEN), 'the token');
  for (const part of [...TOKEN_PARTS, ...extra]) assert.ok(!output.includes(part), `a secret part: ${part}`);
}

async function until(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test('the scrubber also catches token-shaped strings it was not told about, and credentials in URLs', () => {
  const other = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB';
  assert.equal(scrubSecrets(`GUILD_ID "${other}" is not a Discord id`, []), 'GUILD_ID "[REDACTED]" is not a Discord id');
  assert.equal(scrubSecrets(`Could not reach http://bot:${PROXY_PASSWORD}@proxy:8080/api`, []), 'Could not reach http://[REDACTED]@proxy:8080/api');
  assert.equal(scrubSecrets('ids 1100000000000000001 and 1.2.3 stay', []), 'ids 1100000000000000001 and 1.2.3 stay');
});

test('bot start-up: the token pasted into another setting is not echoed by its problem line', async () => {
  const result = await run('src/discord/main.ts', [], { DISCORD_TOKEN: TOKEN, GUILD_ID: TOKEN, DISCORD_REST_API: emulator.restApi });
  assert.equal(result.code, 1);
  assert.equal(result.stderr, 'Configuration problem: GUILD_ID "[REDACTED]" is not a Discord id (a long number)\n');
  assertNoSecrets(result.output);
});

test('bot start-up: an unreachable proxy with credentials in DISCORD_REST_API is named without them', async () => {
  const result = await run('src/discord/main.ts', [], { DISCORD_TOKEN: TOKEN, DISCORD_REST_API: `http://bot:${PROXY_PASSWORD}@127.0.0.1:9/api` });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^Could not reach Discord at http:\/\/\[REDACTED\]@127\.0\.0\.1:9\/api \(ECONNREFUSED\)/);
  assertNoSecrets(result.output, [PROXY_PASSWORD]);
});

test('bot start-up: the gateway refuses the token after REST accepted it (4004), at LOG_LEVEL=trace', async () => {
  emulator.onIdentify = () => ({ closeCode: 4004 });
  try {
    const result = await run('src/discord/main.ts', [], { DISCORD_TOKEN: TOKEN, DISCORD_REST_API: emulator.restApi, LOG_LEVEL: 'trace' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Discord rejected the bot token/);
    assert.ok(result.output.includes('Provided token: [REDACTED]'), 'discord.js debug output was logged, and scrubbed');
    assertNoSecrets(result.output);
  } finally {
    emulator.onIdentify = () => ({});
  }
});

test('a whole run at LOG_LEVEL=trace (start, an answer, SIGTERM): neither the bot token nor the interaction token is printed', async () => {
  let interactionToken = '';
  const result = await run(
    'src/discord/main.ts',
    [],
    { DISCORD_TOKEN: TOKEN, DISCORD_REST_API: emulator.restApi, LOG_LEVEL: 'trace' },
    async (output, kill) => {
      await until(() => output().includes('"msg":"ready to answer"'));
      const interaction = emulator.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'من هو محافظ حمص؟' }] });
      interactionToken = interaction.token;
      await emulator.waitForInteraction(interaction, isEditOriginal, 30_000);
      await until(() => output().includes('"msg":"interaction handled"'));
      kill('SIGTERM');
    },
  );
  assert.equal(result.code, 0);
  assert.ok(result.output.split('\n').length > 20, 'trace output was produced');
  assertNoSecrets(result.output, [interactionToken]);
});

test('deploy-commands: a rejected token and a failing Discord are one line each, without the token', async () => {
  const rejected = await run('src/discord/deployCommands.ts', [], { DISCORD_TOKEN: `${TOKEN}x`, DISCORD_REST_API: emulator.restApi });
  assert.equal(rejected.code, 1);
  assert.match(rejected.stderr, /^Discord rejected the bot token/);
  assertNoSecrets(rejected.output);
  const remove = emulator.hook('PUT', /\/commands$/, () => ({ status: 400, body: { message: `Invalid Form Body ${TOKEN}`, code: 50035 } }));
  try {
    const failed = await run('src/discord/deployCommands.ts', [], { DISCORD_TOKEN: TOKEN, DISCORD_REST_API: emulator.restApi });
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /^Could not log in to Discord: Invalid Form Body \[REDACTED\]/, 'even an error body that echoes the token');
    assertNoSecrets(failed.output);
  } finally {
    remove();
  }
});

test('the CLI never prints the Discord token, even at LOG_LEVEL=debug when it fails unexpectedly', async () => {
  const notADirectory = path.join(scratch, 'index-is-a-file');
  writeFileSync(notADirectory, 'not an index');
  const failed = await run('src/cli/ask.ts', ['من هو محافظ حمص؟'], { DISCORD_TOKEN: TOKEN, INDEX_DIR: notADirectory, LOG_LEVEL: 'debug' });
  assert.notEqual(failed.code, 0);
  assert.ok(failed.stderr.length > 0);
  assertNoSecrets(failed.output);
});
