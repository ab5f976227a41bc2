/**
 * Internal sharding: the bot identifies with as many shards as Discord recommends, each shard gets
 * its own servers ((guild_id >> 22) % count) and their events, and one process with one engine
 * answers on all of them. A login with too few shards (close code 4011) is one clear line.
 */
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeLoginError } from '../../src/discord/bot.ts';
import { DiscordEmulator, ids, users } from '../../tools/emulator/discordEmulator.ts';
import { ask, assertSafePayloads, createTestBot, isEditOriginal, startHarness, type Harness } from './harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  if (h) {
    assertSafePayloads(h.emulator.requests);
    await h.close();
  }
  h = null;
});

test('2 shards, a server on each: both identify, each gets its own server, questions are answered on both', async () => {
  // Discord recommends 2 shards; a large bot may identify 16 at once (max_concurrency), so neither waits.
  h = await startHarness({ emulator: { shards: 2, maxGuildsPerShard: 1, maxConcurrency: 16 } });
  assert.deepEqual(h.emulator.identifies.map((identify) => identify.shard).sort(), [
    [0, 2],
    [1, 2],
  ]);
  assert.equal(h.bot.client.ws.shards.size, 2);
  const shardOf = (guildId: string) => h!.bot.client.guilds.cache.get(guildId)!.shardId;
  assert.equal(shardOf(ids.otherGuild), 0);
  assert.equal(shardOf(ids.guild), 1);

  const home = await ask(h, { question: 'من هو محافظ حمص؟' });
  assert.equal(home.edit.body.embeds.length, 3);
  const elsewhere = await ask(h, { question: 'Who is the governor of Homs?', channelId: ids.channels.elsewhere, user: users.other });
  assert.equal(elsewhere.edit.body.embeds.length, 3);
  const mention = h.emulator.message({ content: `<@${ids.bot}> من هو محافظ حمص؟`, channelId: ids.channels.elsewhere });
  const reply = await h.emulator.waitFor((r) => r.body?.message_reference?.message_id === mention);
  assert.equal(reply.path, `/channels/${ids.channels.elsewhere}/messages`);
  assert.equal(h.engine.askCalls.length, 3, 'one engine behind both shards');

  const dm = h.emulator.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'من هو محافظ حمص؟' }], inGuild: false });
  assert.equal((await h.emulator.waitForInteraction(dm, isEditOriginal)).body.embeds.length, 3, 'DMs arrive on shard 0');
});

test('a single-shard login with more servers than a shard may hold: close code 4011, one clear line', async () => {
  const emulator = await DiscordEmulator.start({ shards: 1, maxGuildsPerShard: 1 });
  const { bot, config } = createTestBot({ clientOptions: { rest: { api: emulator.restApi } } });
  try {
    const error = await bot.start().then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(error, 'the login fails');
    assert.equal(
      describeLoginError(error, config.discordRestApi),
      'Discord requires more shards than the bot identified with (close code 4011): restart it to use the recommended count.',
    );
  } finally {
    await bot.client.destroy();
    await emulator.close();
  }
});
