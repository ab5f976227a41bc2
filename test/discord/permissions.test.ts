/** Who may administer the deployment, where the bot may answer, and what it may do in a channel. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PermissionFlagsBits as P, PermissionsBitField } from 'discord.js';
import { canAdminister, channelAccess, channelAllowed, homeGuildIds } from '../../src/discord/permissions.ts';

const HOME = '300000000000000001';
const ELSEWHERE = '300000000000000002';
const config = { adminUserIds: ['100000000000000001'], adminRoleIds: ['200000000000000001'], guildId: HOME, adminGuildIds: [] as string[] };
const send = P.SendMessages | P.ViewChannel;
const caller = (userId: string, permissions: bigint | null, roleIds: string[] = []) => ({ userId, permissions, roleIds });

test('in the home server: Manage Server or Administrator, listed users, listed roles; nobody else', () => {
  assert.equal(canAdminister(caller('9', send), HOME, config), false);
  assert.equal(canAdminister(caller('9', send | P.ManageGuild), HOME, config), true);
  assert.equal(canAdminister(caller('9', P.Administrator), HOME, config), true);
  assert.equal(canAdminister(caller('9', send, ['200000000000000001']), HOME, config), true);
  assert.equal(canAdminister(caller('9', P.ManageChannels, ['200000000000000002']), HOME, config), false);
});

test("another server's managers and roles administer nothing; listed users administer from anywhere", () => {
  assert.equal(canAdminister(caller('9', P.ManageGuild), ELSEWHERE, config), false, 'Manage Server elsewhere');
  assert.equal(canAdminister(caller('9', P.Administrator), ELSEWHERE, config), false, 'Administrator elsewhere');
  assert.equal(canAdminister(caller('9', send, ['200000000000000001']), ELSEWHERE, config), false, 'a listed role id seen elsewhere');
  assert.equal(canAdminister(caller('100000000000000001', null), null, config), true, 'a listed user in a DM');
  assert.equal(canAdminister(caller('100000000000000001', send), ELSEWHERE, config), true, 'a listed user elsewhere');
  assert.equal(canAdminister(caller('9', null), null, config), false, 'DMs: only listed users');
});

test('ADMIN_GUILD_IDS adds home servers; with none configured only ADMIN_USER_IDS administer', () => {
  const two = { ...config, adminGuildIds: [ELSEWHERE, HOME] };
  assert.deepEqual(homeGuildIds(two), [HOME, ELSEWHERE]);
  assert.equal(canAdminister(caller('9', P.ManageGuild), ELSEWHERE, two), true);
  const none = { ...config, guildId: null };
  assert.deepEqual(homeGuildIds(none), []);
  assert.equal(canAdminister(caller('9', P.Administrator), HOME, none), false);
  assert.equal(canAdminister(caller('9', send, ['200000000000000001']), HOME, none), false);
  assert.equal(canAdminister(caller('100000000000000001', null), HOME, none), true);
});

test('channels: all when none listed, else listed channels and their threads', () => {
  assert.equal(channelAllowed({ allowedChannelIds: [] }, '1'), true);
  const only = { allowedChannelIds: ['1'] };
  assert.equal(channelAllowed(only, '1'), true);
  assert.equal(channelAllowed(only, '2'), false);
  assert.equal(channelAllowed(only, '3', '1'), true, 'a thread under an allowed channel');
  assert.equal(channelAllowed(only, '3', '2'), false);
});

test('channel access: posting needs View Channel and Send Messages (in Threads, in a thread); embeds and replies need theirs; a DM allows all', () => {
  const bits = (value: bigint) => new PermissionsBitField(value);
  const full = P.ViewChannel | P.SendMessages | P.SendMessagesInThreads | P.EmbedLinks | P.ReadMessageHistory;
  assert.deepEqual(channelAccess(bits(full), false), { canPost: true, canEmbed: true, canReply: true, missing: [] });
  assert.deepEqual(channelAccess(bits(full & ~P.EmbedLinks), false), { canPost: true, canEmbed: false, canReply: true, missing: ['EmbedLinks'] });
  assert.equal(channelAccess(bits(full & ~P.SendMessages), false).canPost, false);
  assert.equal(channelAccess(bits(full & ~P.SendMessages), true).canPost, true, 'threads need Send Messages in Threads');
  assert.equal(channelAccess(bits(full & ~P.ViewChannel), false).canPost, false);
  assert.equal(channelAccess(bits(full & ~P.ReadMessageHistory), false).canReply, false);
  assert.equal(channelAccess(bits(P.Administrator), false).canPost, true, 'Administrator implies all');
  assert.deepEqual(channelAccess(null, false), { canPost: true, canEmbed: true, canReply: true, missing: [] });
});
