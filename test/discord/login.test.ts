/** Login failures become one clear line (describeLoginError), whichever side refuses. */
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBotConfig } from '../../src/config.ts';
import { describeLoginError, verifyToken } from '../../src/discord/bot.ts';
import { DiscordEmulator } from '../../tools/emulator/discordEmulator.ts';
import { BASE_ENV, createTestBot } from './harness.ts';

let emulator: DiscordEmulator;
const logs: string[] = [];
beforeEach(async () => {
  emulator = await DiscordEmulator.start();
});
afterEach(async () => {
  await emulator.close();
});

/** DISCORD_REST_API, not a client option, points the bot at the emulator: that setting is under test. */
function bot(env: Record<string, string> = {}) {
  return createTestBot({ env: { DISCORD_REST_API: emulator.restApi, ...env }, logs });
}

async function loginError(env: Record<string, string> = {}): Promise<string> {
  const { config, bot: b } = bot(env);
  try {
    await b.start();
    return 'logged in';
  } catch (error) {
    return describeLoginError(error, config.discordRestApi);
  } finally {
    await b.client.destroy();
  }
}

test('DISCORD_REST_API alone points REST and, through /gateway/bot, the gateway at the proxy', async () => {
  const { bot: b } = bot();
  await b.start();
  assert.equal(emulator.identifies.length, 1);
  await b.stop();
});

test('a token refused by REST (401), by the gateway (4004), or disallowed intents (4014): one clear line each', async () => {
  assert.equal(
    await loginError({ DISCORD_TOKEN: 'MTIz.wrong.token-value' }),
    'Discord rejected the bot token: check DISCORD_TOKEN in .env (Developer Portal → your app → Bot → Reset Token).',
  );
  emulator.onIdentify = () => ({ closeCode: 4004 });
  assert.equal(await loginError(), 'Discord rejected the bot token: check DISCORD_TOKEN in .env (Developer Portal → your app → Bot → Reset Token).');
  emulator.onIdentify = () => ({ closeCode: 4014 });
  assert.equal(await loginError(), 'Discord refused the gateway intents: this bot needs no privileged intent; check the application in the Developer Portal.');
  assert.ok(!logs.join('').includes(BASE_ENV.DISCORD_TOKEN!));
});

test('an unreachable Discord is named with the URL tried', async () => {
  const config = loadBotConfig({ ...BASE_ENV, DISCORD_REST_API: 'http://127.0.0.1:9/api' });
  const error = await verifyToken(config).then(
    () => null,
    (e: unknown) => e,
  );
  assert.match(describeLoginError(error, config.discordRestApi), /^Could not reach Discord at http:\/\/127\.0\.0\.1:9\/api \(ECONNREFUSED\)/);
});
