/**
 * Online while the first index is built: questions, mentions and lookups get "the index is being
 * built" with its progress, /help works, a /reindex follows the build, and once it is done the bot
 * answers. (The engine side, an engine with no index yet, is test/engine/startup.test.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ids, permissions, users } from '../../tools/emulator/discordEmulator.ts';
import { FakeEngine } from './fakeEngine.ts';
import { ask, harnessForFile, isCallback, isEditOriginal } from './harness.ts';

const engine = new FakeEngine();
engine.indexReady = false;
const h = await harnessForFile({ engine });

test('before the first build starts, and while it runs: questions are told privately, with the progress', async () => {
  const waiting = h.emulator.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'Who is the governor of Homs?' }] });
  const notYet = await h.emulator.waitForInteraction(waiting, isCallback);
  assert.equal(notYet.body.type, 4, 'refused before deferring');
  assert.equal(
    notYet.body.data.content,
    'There is no index to search yet: its first build did not finish. An admin can run /reindex; the details are in the log.',
  );

  void h.engine.reindex(); // what main.ts does once logged in
  h.engine.emitProgress({ phase: 'embed', done: 1, total: 4 });
  const asked = h.emulator.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'من هو محافظ حمص؟' }] });
  const refused = await h.emulator.waitForInteraction(asked, isCallback);
  assert.equal(refused.body.data.content, 'ما زلت أبني الفهرس: حساب المتجهات الدلالية (25%). اسأل مجددًا بعد بضع دقائق.');
  assert.equal(refused.body.data.flags, 64);
  const source = h.emulator.chatCommand({ name: 'source', options: [{ name: 'id', type: 3, value: 'homs-governor#0' }], user: users.other });
  assert.match((await h.emulator.waitForInteraction(source, isCallback)).body.data.content, /^I am still building the index: computing embeddings \(25%\)\./);
  const mention = h.emulator.message({ content: `<@${ids.bot}> Who is the governor of Homs?` });
  const reply = await h.emulator.waitFor((r) => r.body?.message_reference?.message_id === mention);
  assert.equal(reply.body.content, 'I am still building the index: computing embeddings (25%). Please ask again in a few minutes.');
  const help = h.emulator.chatCommand({ name: 'help', options: [], user: users.other });
  assert.equal((await h.emulator.waitForInteraction(help, isCallback)).body.data.embeds.length, 2, '/help still works');
  assert.equal(h.engine.askCalls.length, 0, 'the engine was never asked');
});

test('a /reindex follows the first build; once it is done the bot answers', async () => {
  const reindex = h.emulator.chatCommand({ name: 'reindex', options: [], user: users.manager, permissions: permissions.manager });
  assert.match(
    (await h.emulator.waitForInteraction(reindex, isEditOriginal)).body.content,
    /^A rebuild is already running; following it here\.\nRebuilding the index: computing embeddings 1\/4/,
  );
  h.engine.finishReindex();
  await h.emulator.waitForInteraction(reindex, (r) => isEditOriginal(r) && /^Index rebuilt/.test(r.body.content));
  const { edit } = await ask(h, { question: 'Who is the governor of Homs?' });
  assert.equal(edit.body.embeds.length, 3);
});
