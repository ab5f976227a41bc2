/** /reindex: permission refusal, progress by editing the reply, joining, failure, answering meanwhile. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PermissionFlagsBits } from 'discord.js';
import { ErrorCodes, UserError } from '../../src/errors.ts';
import { ids, permissions, users, type DispatchedInteraction } from '../../tools/emulator/discordEmulator.ts';
import { SUMMARY } from './fakeEngine.ts';
import { ProgressEditor } from '../../src/discord/functions/reindex.ts';
import { ask, harnessForFile, isCallback, isEditOriginal } from './harness.ts';

const h = await harnessForFile();

function reindex(input: {
  user: (typeof users)[keyof typeof users];
  permissions?: string;
  roles?: readonly string[];
  inGuild?: boolean;
  channelId?: string;
}): DispatchedInteraction {
  return h.emulator.chatCommand({ name: 'reindex', options: [], ...input });
}

/** Waits for the n-th edit (1-based) of an interaction's reply and returns its content. */
async function nthEdit(interaction: DispatchedInteraction, n: number): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const edits = h.emulator.requestsFor(interaction).filter(isEditOriginal);
    if (edits.length >= n) return edits[n - 1]!.body.content;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no edit #${n}`);
}

test('a member without Manage Server, and a manager of another server the bot is in, are refused privately; nothing is rebuilt', async () => {
  for (const [who, extra] of [
    [users.member, {}],
    [users.other, { roles: [ids.roles.regular] }],
    [users.member, { inGuild: false }],
    // Manage Server, Administrator or ADMIN_ROLE_IDS in a server that is not a home server (GUILD_ID / ADMIN_GUILD_IDS).
    [users.other, { channelId: ids.channels.elsewhere, permissions: permissions.manager }],
    [users.other, { channelId: ids.channels.elsewhere, permissions: String(PermissionFlagsBits.Administrator) }],
    [users.other, { channelId: ids.channels.elsewhere, roles: [ids.roles.moderator] }],
  ] as const) {
    const interaction = reindex({ user: who, ...extra });
    const reply = await h.emulator.waitForInteraction(interaction, isCallback);
    assert.deepEqual(reply.body, {
      type: 4,
      data: {
        content: "Sorry, only this bot's administrators can do that: the admins it was configured with, or members with Manage Server in its home server.",
        tts: false,
        enforce_nonce: false,
        embeds: [],
        components: [],
        allowed_mentions: { parse: [], replied_user: false },
        flags: 64,
      },
    });
  }
  assert.equal(h.engine.rebuildsStarted, 0);
});

test('an admin sees progress edits; a second /reindex joins; questions are answered meanwhile; both get the summary', async () => {
  const first = reindex({ user: users.manager, permissions: permissions.manager });
  const defer = await h.emulator.waitForInteraction(first, isCallback);
  assert.deepEqual(defer.body, { type: 5, data: { flags: 64 } });
  assert.equal(await nthEdit(first, 1), 'Rebuilding the index… I keep answering from the current index until the new one is complete.');

  h.engine.emitProgress({ phase: 'passages', done: 30, total: 30 });
  assert.equal(
    await nthEdit(first, 2),
    'Rebuilding the index… I keep answering from the current index until the new one is complete.\nRebuilding the index: splitting into passages 30/30 (100%)',
  );
  h.engine.emitProgress({ phase: 'embed', done: 1, total: 4 });
  assert.match(await nthEdit(first, 3), /computing embeddings 1\/4 \(25%\)$/);

  // A listed admin (ADMIN_USER_IDS, no Manage Server) joins the running rebuild.
  const second = reindex({ user: users.listedAdmin });
  assert.equal(await nthEdit(second, 1), 'A rebuild is already running; following it here.\nRebuilding the index: computing embeddings 1/4 (25%)');
  // A moderator role (ADMIN_ROLE_IDS) may as well.
  const third = reindex({ user: users.roleAdmin, roles: [ids.roles.moderator] });
  assert.match(await nthEdit(third, 1), /^A rebuild is already running/);

  // The old index keeps answering while the rebuild runs.
  const { edit } = await ask(h, { question: 'من هو محافظ حمص؟' });
  assert.equal(edit.body.embeds.length, 3);

  h.engine.emitProgress({ phase: 'write', done: 1, total: 1 });
  assert.match(await nthEdit(second, 2), /saving the index 1\/1/);
  assert.match(await nthEdit(first, 4), /saving the index 1\/1/);
  assert.match(await nthEdit(third, 2), /saving the index 1\/1/);

  h.engine.finishReindex();
  const done =
    'Index rebuilt in 1.3 s: 30 articles, 31 passages (2 embedded, 29 reused), mode hybrid. Questions now use the new index.\nSkipped 1 file(s):\n• bad\\_file.txt: empty text';
  assert.equal(await nthEdit(first, 5), done);
  assert.equal(await nthEdit(second, 3), done);
  assert.equal(await nthEdit(third, 3), done);
  assert.equal(h.engine.rebuildsStarted, 1, 'one rebuild for three /reindex');
  assert.equal(SUMMARY.documents, 30);
});

test('a failed rebuild says so privately (old index still used) and logs the cause', async () => {
  const interaction = reindex({ user: users.manager, permissions: permissions.manager });
  await nthEdit(interaction, 1);
  h.engine.failReindex(new Error('disk full at /secret/path'));
  assert.equal(await nthEdit(interaction, 2), 'The rebuild failed; questions are still answered from the previous index. The details are in the log.');
  const logged = h.logs.map((l) => JSON.parse(l)).find((e) => e.msg === 'reindex failed' && e.interactionId === interaction.id);
  assert.match(logged.err.message, /disk full/);

  // A UserError from the core is shown as is, in the user's language.
  const again = reindex({ user: users.manager, permissions: permissions.manager });
  await nthEdit(again, 1);
  h.engine.failReindex(new UserError(ErrorCodes.ReindexFailed, { en: 'The corpus folder is empty.', ar: 'مجلد المقالات فارغ.' }));
  assert.equal(await nthEdit(again, 2), 'The corpus folder is empty.');
});

test('permission is checked on every call, not remembered', async () => {
  const allowed = reindex({ user: users.manager, permissions: permissions.manager });
  await nthEdit(allowed, 1);
  h.engine.finishReindex();
  await nthEdit(allowed, 2);
  const refused = reindex({ user: users.manager, permissions: permissions.member });
  const reply = await h.emulator.waitForInteraction(refused, isCallback);
  assert.equal(reply.body.type, 4);
  assert.equal(reply.body.data.flags, 64);
});

test('ProgressEditor: a flood of progress becomes at most one edit per interval, the newest text wins', async () => {
  const sent: string[] = [];
  const logger = { warn: () => undefined } as unknown as import('pino').Logger;
  let now = 1000; // a fake clock: the editor's own timer only fires once time has moved on
  const editor = new ProgressEditor(
    async (text) => void sent.push(text),
    60,
    () => now,
    logger,
  );
  for (let i = 0; i < 100; i++) editor.push(`step ${i}`);
  assert.deepEqual(sent, ['step 0']);
  now += 60;
  const deadline = Date.now() + 5000;
  while (sent.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(sent, ['step 0', 'step 99']);
  editor.push('step 100'); // within the interval: waits for the timer…
  await editor.finish('done'); // …and is dropped for the final word
  assert.deepEqual(sent, ['step 0', 'step 99', 'done']);
});
