import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PermissionFlagsBits } from 'discord.js';
import { canReindex, channelAllowed } from '../../src/discord/permissions.ts';

const config = { adminUserIds: ['100000000000000001'], adminRoleIds: ['200000000000000001'] };
const send = PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel;

test('/reindex: Manage Server or Administrator, listed users, listed roles; nobody else', () => {
  assert.equal(canReindex({ userId: '9', permissions: send, roleIds: [] }, config), false);
  assert.equal(canReindex({ userId: '9', permissions: send | PermissionFlagsBits.ManageGuild, roleIds: [] }, config), true);
  assert.equal(canReindex({ userId: '9', permissions: PermissionFlagsBits.Administrator, roleIds: [] }, config), true);
  assert.equal(canReindex({ userId: '100000000000000001', permissions: null, roleIds: [] }, config), true, 'listed users, even in DMs');
  assert.equal(canReindex({ userId: '9', permissions: send, roleIds: ['200000000000000001'] }, config), true);
  assert.equal(canReindex({ userId: '9', permissions: null, roleIds: [] }, config), false, 'DMs: only listed users');
  assert.equal(canReindex({ userId: '9', permissions: PermissionFlagsBits.ManageChannels, roleIds: ['200000000000000002'] }, config), false);
});

test('channels: all when none listed, else listed channels and their threads', () => {
  assert.equal(channelAllowed({ allowedChannelIds: [] }, '1'), true);
  const only = { allowedChannelIds: ['1'] };
  assert.equal(channelAllowed(only, '1'), true);
  assert.equal(channelAllowed(only, '2'), false);
  assert.equal(channelAllowed(only, '3', '1'), true, 'a thread under an allowed channel');
  assert.equal(channelAllowed(only, '3', '2'), false);
});
