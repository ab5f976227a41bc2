/**
 * Memory that does not grow with strangers: discord.js keeps no message (mentions and chatter
 * alike), no member but the bot's own, no user but the bot, however many people ask; servers,
 * channels and roles stay (permissions are computed from them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PermissionFlagsBits } from 'discord.js';
import { ids, makeUser } from '../../tools/emulator/discordEmulator.ts';
import { ask, harnessForFile } from './harness.ts';

const h = await harnessForFile();

test('40 one-off askers and their chatter leave no users, members or messages cached', async () => {
  const channels = [ids.channels.general, ids.channels.offTopic, ids.channels.elsewhere];
  for (let i = 0; i < 40; i++) {
    const stranger = makeUser(String(1400000002000000000n + BigInt(i)), `stranger-${i}`);
    const channelId = channels[i % channels.length]!;
    h.emulator.message({ content: 'unrelated chatter', author: stranger, channelId, mentionsBot: false });
    if (i % 2) await ask(h, { question: 'من هو محافظ حمص؟', user: stranger, channelId });
    else {
      const mention = h.emulator.message({ content: `<@${ids.bot}> من هو محافظ حمص؟`, author: stranger, channelId });
      await h.emulator.waitFor((r) => r.body?.message_reference?.message_id === mention);
    }
  }
  const { client } = h.bot;
  assert.deepEqual([...client.users.cache.keys()], [ids.bot], 'only the bot itself');
  for (const guild of client.guilds.cache.values()) {
    assert.deepEqual([...guild.members.cache.keys()], [ids.bot], `only the bot's member in ${guild.name}`);
    // What permissions are computed from is kept.
    assert.ok(guild.roles.cache.size >= 3 && guild.channels.cache.size >= 1);
    assert.ok(guild.members.me!.permissions.has(PermissionFlagsBits.SendMessages));
  }
  const cachedMessages = client.channels.cache.reduce((sum, channel) => sum + ('messages' in channel ? channel.messages.cache.size : 0), 0);
  assert.equal(cachedMessages, 0);
  assert.equal(h.engine.askCalls.length, 40);
});
