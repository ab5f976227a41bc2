/**
 * /settings through the real client: a server's managers view and change its own settings (not
 * another server's, whatever they manage elsewhere), changes take effect on the next question, are
 * logged with who made them, and survive a restart of the bot; a damaged or locked database leaves
 * the bot answering with the environment's settings and /settings saying why in one line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { databasePath } from '../../src/data/database.ts';
import { hashUserId } from '../../src/data/userHash.ts';
import { ids, permissions, users, type RecordedRequest } from '../../tools/emulator/discordEmulator.ts';
import { ask, harnessForFile, logsWith, settingsCommand, tempDataConfig, TEST_HASH_SECRET, startHarness } from './harness.ts';

const h = await harnessForFile();

const BOT = `<@${ids.bot}>`;
const manager = { user: users.manager, permissions: permissions.manager };
const isThreadStart = (channelId: string) => (r: RecordedRequest) =>
  r.method === 'POST' && new RegExp(`^/channels/${channelId}/messages/\\d+/threads$`).test(r.path);
const isPostIn = (channelId: string) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`;

test('without options /settings shows what applies, each value marked as the default until the server chooses', async () => {
  const text = await settingsCommand(h, manager);
  assert.equal(
    text,
    [
      '**My settings in this server**',
      '• Mentions answered in: every channel (default)',
      '• A mention is answered: with a reply in the channel (default)',
      '• New forum posts answered in: no forum (default)',
      '• Passages per answer: 3 (default)',
      '• /ask answers: public (private:True hides one) (default)',
      "• My language: the question's (Arabic or English) (default)",
      "-# Changes apply to the next question. Values marked (default) come from the bot's configuration until you change them.",
    ].join('\n'),
  );
});

test('a member without Manage Server is refused, and so is a manager of another server', async () => {
  const refused = /^Sorry, only members with Manage Server in this server/;
  assert.match(await settingsCommand(h, { user: users.member, options: { results: 1 } }), refused);
  // `other` manages the other server (its role has Manage Server there), not this one.
  assert.match(await settingsCommand(h, { user: users.other, roles: [ids.roles.otherManager], options: { reply_mode: 'thread' } }), refused);
  assert.match(await settingsCommand(h, manager), /Passages per answer: 3 \(default\)/, 'nothing changed');
});

test("a server's managers change its settings at once; the change is logged with who made it, hashed in the database", async () => {
  const text = await settingsCommand(h, { ...manager, options: { results: 2, visibility: 'private' } });
  assert.match(text, /^Changed: Passages per answer; \/ask answers\.\n/);
  assert.match(text, /• Passages per answer: 2\n/);
  assert.match(text, /• \/ask answers: private \(private:False shows one\)\n/);
  const [logged] = logsWith(h, 'server settings changed');
  assert.equal(logged!.userId, ids.users.manager);
  assert.equal(logged!.guildId, ids.guild);
  assert.deepEqual(
    (logged!.changes as Array<{ setting: string }>).map((change) => change.setting),
    ['defaultResults', 'answersPrivate'],
  );
  const db = new BetterSqlite3(databasePath(h.data!.dataDir), { readonly: true });
  const rows = db.prepare('SELECT user_hash, setting, new_value FROM settings_changes ORDER BY id').all();
  db.close();
  const hash = hashUserId(Buffer.from(TEST_HASH_SECRET), ids.users.manager);
  assert.deepEqual(rows, [
    { user_hash: hash, setting: 'defaultResults', new_value: '2' },
    { user_hash: hash, setting: 'answersPrivate', new_value: 'true' },
  ]);

  // In effect for the next question: two passages, and /ask answers privately unless asked otherwise.
  const { defer } = await ask(h, { question: 'من هو محافظ حمص؟' });
  assert.deepEqual(defer.body, { type: 5, data: { flags: 64 } });
  assert.equal(h.engine.askCalls.at(-1)!.options.k, 2);
  const shown = await ask(h, { question: 'من هو محافظ حمص؟', private: false });
  assert.deepEqual(shown.defer.body, { type: 5, data: { flags: 0 } });
});

test("another server's settings are its own: its manager changes them there, and this server's stay", async () => {
  const elsewhere = { user: users.other, roles: [ids.roles.otherManager], permissions: permissions.manager, channelId: ids.channels.elsewhere };
  assert.match(await settingsCommand(h, { ...elsewhere, options: { language: 'ar' } }), /^تم التغيير: لغتي\./);
  const home = await settingsCommand(h, manager);
  assert.match(home, /My language: the question's \(Arabic or English\) \(default\)/);
  assert.match(home, /Passages per answer: 2\n/);
  // The deployment's admins may change any server's settings, from that server.
  assert.match(await settingsCommand(h, { user: users.listedAdmin, channelId: ids.channels.elsewhere, options: { results: 4 } }), /^تم التغيير/);
  // The other server now speaks Arabic whatever the question's language.
  const messageId = h.emulator.message({ content: `${BOT} Who is the governor of Homs?`, channelId: ids.channels.elsewhere });
  const reply = await h.emulator.waitFor((r) => isPostIn(ids.channels.elsewhere)(r) && r.body?.message_reference?.message_id === messageId);
  assert.match(reply.body.content, /^\*\*السؤال:\*\*/);
  assert.equal(h.engine.askCalls.at(-1)!.options.k, 4);
});

test('answer channels: mentions are answered only where the server says; reset goes back to the default', async () => {
  await settingsCommand(h, { ...manager, options: { add_channel: ids.channels.general } });
  const asked = h.engine.askCalls.length;
  h.emulator.message({ content: `${BOT} من هو محافظ حمص؟`, channelId: ids.channels.offTopic });
  const marker = h.emulator.message({ content: `${BOT} من هو محافظ حمص؟`, channelId: ids.channels.general });
  await h.emulator.waitFor((r) => isPostIn(ids.channels.general)(r) && r.body?.message_reference?.message_id === marker);
  assert.equal(h.engine.askCalls.length, asked + 1, 'off-topic is not an answer channel any more');
  const reset = await settingsCommand(h, { ...manager, options: { reset: 'answerChannelIds' } });
  assert.match(reset, /Mentions answered in: every channel \(default\)/);
});

test('the settings survive a restart of the bot, and still apply', async () => {
  await settingsCommand(h, { ...manager, options: { reply_mode: 'thread' } });
  await h.restart();
  const text = await settingsCommand(h, manager);
  assert.match(text, /A mention is answered: in a thread opened on the question\n/);
  assert.match(text, /Passages per answer: 2\n/);
  const from = h.emulator.requests.length;
  h.emulator.message({ content: `${BOT} من هو محافظ حمص؟` });
  await h.emulator.waitFor(isThreadStart(ids.channels.general), { from });
  await settingsCommand(h, { ...manager, options: { reset: 'all' } });
});

test('a damaged database: answers with the defaults, and /settings says why in one line', async () => {
  const data = tempDataConfig();
  writeFileSync(databasePath(data.dataDir), 'not a database at all, but long enough to be read as a header .........');
  const damaged = await startHarness({ data });
  try {
    const text = await settingsCommand(damaged, { ...manager, options: { results: 1 } });
    const [first, ...rest] = text.split('\n');
    assert.match(
      first!,
      /^I cannot read or change this server's settings now \(database .*bot\.sqlite is damaged .*\); I answer with the defaults meanwhile\.$/,
    );
    assert.ok(rest.includes('• Passages per answer: 3 (default)'), 'the defaults, shown as what applies');
    const messageId = damaged.emulator.message({ content: `${BOT} من هو محافظ حمص؟` });
    await damaged.emulator.waitFor((r) => isPostIn(ids.channels.general)(r) && r.body?.message_reference?.message_id === messageId);
    assert.equal(damaged.engine.askCalls.at(-1)!.options.k, 3);
    assert.equal(
      logsWith(
        damaged,
        'server settings and conversations are not stored: database ' +
          databasePath(data.dataDir) +
          " is damaged (file is not a database); move it aside to start a new one; the environment's settings apply",
      ).length,
      1,
    );
  } finally {
    await damaged.close();
  }
});

test('a database locked by another process: the change is refused in one line, nothing half-done, answers go on', async () => {
  const holder = new BetterSqlite3(databasePath(h.data!.dataDir));
  holder.exec('BEGIN IMMEDIATE');
  try {
    const text = await settingsCommand(h, { ...manager, options: { results: 5 } });
    assert.match(
      text.split('\n')[0]!,
      /^I cannot read or change this server's settings now \(database .* is locked by another process .*\); I answer with the defaults meanwhile\.$/,
    );
    const messageId = h.emulator.message({ content: `${BOT} من هو محافظ حمص؟` });
    await h.emulator.waitFor((r) => isPostIn(ids.channels.general)(r) && r.body?.message_reference?.message_id === messageId);
    assert.equal(h.engine.askCalls.at(-1)!.options.k, 3);
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
  }
  assert.match(await settingsCommand(h, manager), /Passages per answer: 3 \(default\)/, 'the refused change was not made');
});
