/** Command data, its registration payload, and `npm run deploy-commands` against the emulator. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REST } from 'discord.js';
import { commandPayload, commands } from '../../src/discord/commands.ts';
import { registerCommands } from '../../src/discord/registration.ts';
import { DiscordEmulator, ids, TOKEN } from '../../tools/emulator/discordEmulator.ts';

const run = promisify(execFile);
let emulator: DiscordEmulator;
before(async () => {
  emulator = await DiscordEmulator.start();
});
after(async () => {
  await emulator.close();
});

const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

test('every command and option name, description and limit is one Discord accepts', () => {
  assert.deepEqual(
    commands.map((c) => c.name),
    ['ask', 'source', 'sources', 'reindex', 'stats', 'settings', 'help'],
  );
  for (const command of commands) {
    assert.match(command.name, NAME);
    assert.ok(command.description.length >= 1 && command.description.length <= 100, command.name);
    assert.ok(command.options.length <= 25, command.name);
    for (const option of command.options as readonly { name: string; description: string; choices?: readonly { name: string; value: string | number }[] }[]) {
      assert.match(option.name, NAME);
      assert.equal(option.name, option.name.toLowerCase());
      assert.ok(option.description.length <= 100, `${command.name}.${option.name}`);
      for (const choice of option.choices ?? []) {
        assert.ok(choice.name.length >= 1 && choice.name.length <= 100, choice.name);
        assert.ok(typeof choice.value !== 'string' || choice.value.length <= 100, `${command.name}.${option.name}`);
      }
    }
  }
});

test('registration payload: guild scope has no contexts; the question limit comes from the config', () => {
  const guild = commandPayload(321, 'guild') as any[];
  const ask = guild.find((c) => c.name === 'ask');
  assert.deepEqual(ask, {
    name: 'ask',
    type: 1,
    description: 'Ask a question about the news articles · اسأل سؤالًا عن المقالات الإخبارية',
    options: [
      {
        name: 'question',
        description: 'Your question, in Arabic or English · سؤالك بالعربية أو الإنجليزية',
        type: 3,
        required: true,
        min_length: 1,
        max_length: 321,
      },
      { name: 'results', description: 'How many passages to quote (1–5) · عدد المقاطع المقتبسة', type: 4, min_value: 1, max_value: 5 },
      { name: 'private', description: 'Only you see the answer · الإجابة تظهر لك وحدك', type: 5 },
    ],
  });
  assert.ok(guild.every((c) => !('contexts' in c)));
  // Admin commands (and a server's own settings) are shown to Manage Server by default (Discord's command permissions can widen that).
  const managers = ['reindex', 'stats', 'settings'];
  for (const name of managers) assert.equal(guild.find((c) => c.name === name).default_member_permissions, '32', name);
  assert.ok(guild.filter((c) => !managers.includes(c.name)).every((c) => !('default_member_permissions' in c)));
  assert.deepEqual(
    guild.find((c) => c.name === 'stats').options.map((o: any) => [o.name, o.type, o.choices?.map((choice: any) => choice.value)]),
    [
      ['days', 4, [7, 30, 90, 365]],
      ['since', 3, undefined],
    ],
  );
  const global = commandPayload(500, 'global') as any[];
  assert.ok(global.every((c) => JSON.stringify(c.integration_types) === '[0]'));
  // Everything works in the bot's DMs but /settings, which is about the server it is used in.
  assert.ok(global.filter((c) => c.name !== 'settings').every((c) => JSON.stringify(c.contexts) === '[0,1]'));
  assert.deepEqual(global.find((c) => c.name === 'settings').contexts, [0]);
  const forums = global.find((c) => c.name === 'settings').options.find((o: any) => o.name === 'add_forum');
  assert.deepEqual(forums.channel_types, [15], '/settings add_forum offers forum channels only');
  assert.equal(global.find((c) => c.name === 'source').options[0].autocomplete, true);
  // Commands are data: the const objects are untouched by building a payload.
  assert.equal(commands[0].options[0].max_length, 500);
});

test('registerCommands: PUT to the guild route, asking Discord for the application id when not configured', async () => {
  const rest = new REST({ api: emulator.restApi }).setToken(TOKEN);
  const from = emulator.requests.length;
  const result = await registerCommands({ discordApplicationId: null, guildId: ids.guild, maxQuestionChars: 500 }, rest);
  assert.deepEqual(result, { scope: 'guild', applicationId: ids.application, names: ['ask', 'source', 'sources', 'reindex', 'stats', 'settings', 'help'] });
  const requests = emulator.requests.slice(from);
  assert.deepEqual(
    requests.map((r) => `${r.method} ${r.path}`),
    ['GET /applications/@me', `PUT /applications/${ids.application}/guilds/${ids.guild}/commands`],
  );
  assert.deepEqual(requests[1]!.body, commandPayload(500, 'guild'));
  assert.equal(requests[1]!.authorization, `Bot ${TOKEN}`);
});

test('registerCommands without GUILD_ID: global, with contexts', async () => {
  const rest = new REST({ api: emulator.restApi }).setToken(TOKEN);
  const result = await registerCommands({ discordApplicationId: ids.application, guildId: null, maxQuestionChars: 500 }, rest);
  assert.equal(result.scope, 'global');
  const put = emulator.requests.findLast((r) => r.method === 'PUT')!;
  assert.equal(put.path, `/applications/${ids.application}/commands`);
  assert.deepEqual(put.body, commandPayload(500, 'global'));
});

function deploy(env: Record<string, string>) {
  return run(process.execPath, ['--import', 'tsx', 'src/discord/deployCommands.ts'], {
    env: { PATH: process.env.PATH ?? '', DISCORD_REST_API: emulator.restApi, GUILD_ID: '', DISCORD_APPLICATION_ID: '', ...env },
    timeout: 30_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

test('npm run deploy-commands: registers in the GUILD_ID server; one clear line on a rejected token', async () => {
  const guild = await deploy({ DISCORD_TOKEN: TOKEN, GUILD_ID: ids.guild, DISCORD_APPLICATION_ID: ids.application });
  assert.equal(guild.code, 0, guild.stderr);
  assert.equal(guild.stdout, `Registered 7 commands in the server ${ids.guild} (available now): /ask, /source, /sources, /reindex, /stats, /settings, /help\n`);
  const put = emulator.requests.findLast((r) => r.method === 'PUT')!;
  assert.equal(put.path, `/applications/${ids.application}/guilds/${ids.guild}/commands`);
  assert.deepEqual(put.body, commandPayload(500, 'guild'));

  const rejected = await deploy({ DISCORD_TOKEN: 'not.the.right-token' });
  assert.equal(rejected.code, 1);
  assert.equal(rejected.stderr, 'Discord rejected the bot token: check DISCORD_TOKEN in .env (Developer Portal → your app → Bot → Reset Token).\n');
  assert.ok(!rejected.stderr.includes('not.the.right-token'));
});
