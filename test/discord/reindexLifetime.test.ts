/**
 * /reindex beyond one interaction: a rebuild that outlives the 15-minute token (a short clock: the
 * bot moves at 500 ms, the emulator's tokens die at 1.5 s) continues in a channel message, a DM, or
 * says where it cannot; SIGTERM says on the progress that the rebuild was interrupted; a cooldown
 * between rebuilds; ADMIN_USER_IDS from another server.
 */
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { ids, permissions, users, type DispatchedInteraction, type RecordedRequest } from '../../tools/emulator/discordEmulator.ts';
import { assertSafePayloads, isCallback, isEditOriginal, startHarness, type Harness } from './harness.ts';

/** The bot stops using a token 1 s before the end of its 1.5 s life (Discord: 15 minutes, 1 minute before). */
const SHORT_CLOCK = { interactionLifetimeMs: 1500, interactionMarginMs: 1000, emulator: { interactionLifetimeMs: 1500 } };

let h: Harness;
afterEach(async () => {
  assertSafePayloads(h.emulator.requests);
  await h.close();
});

function reindexAs(
  user: (typeof users)[keyof typeof users],
  extra: { channelId?: string; permissions?: string; inGuild?: boolean } = {},
): DispatchedInteraction {
  return h.emulator.chatCommand({ name: 'reindex', options: [], user, ...extra });
}

const isChannelPost = (r: RecordedRequest) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path);
const parsedLogs = () => h.logs.map((line) => JSON.parse(line) as Record<string, unknown>);

async function waitForLog(msg: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const found = parsedLogs().find((line) => line.msg === msg);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no "${msg}" log line`);
}

test('a rebuild that outlives the interaction token continues in a channel message; no request is made with the token after', async () => {
  h = await startHarness(SHORT_CLOCK);
  const interaction = reindexAs(users.manager, { permissions: permissions.manager });
  await h.emulator.waitForInteraction(interaction, isEditOriginal);
  h.engine.emitProgress({ phase: 'embed', done: 1, total: 4 });

  // Before the token runs out: the progress moves to a message of the bot's own, and the reply says where.
  const moved = await h.emulator.waitFor(isChannelPost);
  assert.equal(moved.path, `/channels/${ids.channels.general}/messages`);
  assert.match(
    moved.body.content,
    new RegExp(`^Index rebuild started with /reindex by <@${users.manager.id}> .*\\nRebuilding the index: computing embeddings 1/4 \\(25%\\)$`, 's'),
  );
  assert.deepEqual(moved.body.allowed_mentions.parse, [], 'naming the admin does not ping');
  const message = [...h.emulator.messages.values()].find((m) => m.content === moved.body.content)!;
  const pointer = await h.emulator.waitForInteraction(interaction, (r) => isEditOriginal(r) && r.seq > moved.seq);
  assert.equal(
    pointer.body.content,
    `Discord lets me update this reply for 15 minutes only; the rebuild's progress and result continue here: https://discord.com/channels/${ids.guild}/${ids.channels.general}/${message.id}`,
  );
  h.emulator.expire(interaction, 'invalid-token'); // what 15 minutes do
  const lastTokenRequest = h.emulator.requestsFor(interaction).at(-1)!.seq;

  h.engine.emitProgress({ phase: 'write', done: 1, total: 1 });
  const edit = await h.emulator.waitFor((r) => r.method === 'PATCH' && r.path === `/channels/${ids.channels.general}/messages/${message.id}`);
  assert.match(edit.body.content, /saving the index 1\/1/);
  h.engine.finishReindex();
  const summary = await h.emulator.waitFor((r) => r.seq > edit.seq && r.method === 'PATCH' && r.path.endsWith(`/messages/${message.id}`));
  assert.match(summary.body.content, /\nIndex rebuilt in 1\.3 s: 30 articles/);
  await waitForLog('reindex finished');

  assert.deepEqual(
    h.emulator.requestsFor(interaction).filter((r) => r.seq > lastTokenRequest),
    [],
    'nothing more with the token',
  );
  assert.deepEqual(h.emulator.expiredTokenRequests, []);
  const logged = parsedLogs().map((line) => line.msg);
  assert.ok(logged.includes('reindex progress moved to a message of its own before the interaction token expires'));
  assert.ok(!logged.includes('reindex failed') && !logged.includes('could not show the reindex outcome'));
});

test('where the bot may not post, the progress moves to a DM; where DMs are closed too, the reply says to run /reindex again', async () => {
  h = await startHarness(SHORT_CLOCK);
  const first = reindexAs(users.listedAdmin, { channelId: ids.channels.readOnly });
  const dm = await h.emulator.waitFor(isChannelPost);
  assert.equal(dm.path, `/channels/1600${users.listedAdmin.id.slice(4)}/messages`, 'a DM to the admin');
  assert.ok(h.emulator.requests.some((r) => r.method === 'POST' && r.path === '/users/@me/channels' && r.body.recipient_id === users.listedAdmin.id));
  const pointer = await h.emulator.waitForInteraction(first, (r) => isEditOriginal(r) && r.seq > dm.seq);
  assert.match(pointer.body.content, /continue here: https:\/\/discord\.com\/channels\/@me\/1600\d+\/\d+$/);
  h.engine.finishReindex();
  await h.emulator.waitFor((r) => r.method === 'PATCH' && r.path.startsWith('/channels/1600') && /Index rebuilt/.test(r.body.content));

  h.emulator.closedDms.add(users.listedAdmin.id);
  const second = reindexAs(users.listedAdmin, { channelId: ids.channels.readOnly });
  const nowhere = await h.emulator.waitForInteraction(second, (r) => isEditOriginal(r) && /run \/reindex again/.test(r.body.content));
  assert.match(nowhere.body.content, /^Discord lets me update this reply for 15 minutes only, and I may not post in this channel or send you a direct message/);
  h.emulator.expire(second, 'invalid-token');
  h.engine.finishReindex();
  await waitForLog('reindex finished');
  assert.deepEqual(
    h.emulator.requestsFor(second).filter((r) => r.seq > nowhere.seq),
    [],
  );
  assert.ok(parsedLogs().some((line) => line.level === 40 && /can no longer be shown/.test(String(line.msg))));
});

test('SIGTERM during /reindex: the progress says it was interrupted, then the bot stops', async () => {
  h = await startHarness();
  const interaction = reindexAs(users.manager, { permissions: permissions.manager });
  await h.emulator.waitForInteraction(interaction, isEditOriginal);
  h.engine.emitProgress({ phase: 'embed', done: 2, total: 4 });
  await h.emulator.waitForInteraction(interaction, (r) => isEditOriginal(r) && /50%/.test(r.body.content));
  await h.bot.stop({ graceMs: 5000 });
  const last = h.emulator.requestsFor(interaction).filter(isEditOriginal).at(-1)!;
  assert.equal(last.body.content, 'The rebuild was interrupted: I am shutting down. The index in use is unchanged; run /reindex again once I am back.');
  assert.ok(parsedLogs().some((line) => line.msg === 'reindex interrupted: the bot is shutting down' && line.interactionId === interaction.id));
});

test('REINDEX_COOLDOWN_SEC: a new rebuild waits after a successful one; joining a running one never waits', async () => {
  let now = 1_000_000;
  h = await startHarness({ env: { REINDEX_COOLDOWN_SEC: '60' }, now: () => now });
  const first = reindexAs(users.manager, { permissions: permissions.manager });
  await h.emulator.waitForInteraction(first, isEditOriginal);
  const joining = reindexAs(users.listedAdmin);
  await h.emulator.waitForInteraction(joining, (r) => isEditOriginal(r) && /^A rebuild is already running/.test(r.body.content));
  h.engine.finishReindex();
  await h.emulator.waitForInteraction(first, (r) => isEditOriginal(r) && /^Index rebuilt/.test(r.body.content));
  now += 20_000;
  const early = reindexAs(users.manager, { permissions: permissions.manager });
  const refused = await h.emulator.waitForInteraction(early, isCallback);
  assert.equal(refused.body.data.content, 'The index was rebuilt a moment ago. Please wait 40 s before rebuilding it again.');
  assert.equal(refused.body.data.flags, 64);
  now += 40_000;
  const later = reindexAs(users.manager, { permissions: permissions.manager });
  assert.equal((await h.emulator.waitForInteraction(later, isCallback)).body.type, 5);
  await h.emulator.waitForInteraction(later, (r) => isEditOriginal(r) && /^Rebuilding the index/.test(r.body.content));
  assert.equal(h.engine.rebuildsStarted, 2);
  h.engine.finishReindex();
  await h.emulator.waitForInteraction(later, (r) => isEditOriginal(r) && /^Index rebuilt/.test(r.body.content));
});

test('ADMIN_USER_IDS administer from another server and from a DM', async () => {
  h = await startHarness();
  for (const extra of [{ channelId: ids.channels.elsewhere }, { inGuild: false }]) {
    const interaction = reindexAs(users.listedAdmin, extra);
    assert.equal((await h.emulator.waitForInteraction(interaction, isCallback)).body.type, 5, JSON.stringify(extra));
    await h.emulator.waitForInteraction(interaction, isEditOriginal);
    h.engine.finishReindex();
    await h.emulator.waitForInteraction(interaction, (r) => isEditOriginal(r) && /^Index rebuilt/.test(r.body.content));
  }
});
