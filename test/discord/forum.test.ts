/**
 * Forum auto-reply through the real client: a new post in a forum set for it is answered in its own
 * thread, once (a repeated THREAD_CREATE, or one after a restart, is not answered again); its
 * question is the title (and, with the Message Content intent, the first message); the author's
 * follow-ups in the post are asked with the post's question; posts by bots, in other forums, or where
 * the bot may not write are left alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postQuestion } from '../../src/discord/handlers/forumPost.ts';
import { ids, users, type RecordedRequest } from '../../tools/emulator/discordEmulator.ts';
import { harnessForFile, logsWith, settingsCommand, settled, startHarness } from './harness.ts';
import { permissions } from '../../tools/emulator/discordEmulator.ts';

const h = await harnessForFile({ env: { FORUM_CHANNEL_IDS: `${ids.channels.forum},${ids.channels.lockedForum}` } });

const BOT = `<@${ids.bot}>`;
const isPostIn = (channelId: string) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`;
const postsIn = (channelId: string, from = 0) => h.emulator.requests.slice(from).filter(isPostIn(channelId));

/** A message the bot answers in #general: everything dispatched before it has been handled up to its first await. */
async function marker(): Promise<void> {
  const messageId = h.emulator.message({ content: `${BOT} marker` });
  await h.emulator.waitFor((r) => isPostIn(ids.channels.general)(r) && r.body?.message_reference?.message_id === messageId);
}

test("a post's question: its title and first message, within the question limit, cut at a word", () => {
  assert.equal(postQuestion('من هو محافظ حمص؟', '', 200), 'من هو محافظ حمص؟');
  assert.equal(postQuestion('سؤال عن حمص', 'من هو <@123> محافظها؟', 200), 'سؤال عن حمص من هو محافظها؟');
  assert.equal(postQuestion('title', 'one two three four', 16), 'title one two');
});

test('a new post in a forum set for it is answered in its thread, from its title (no Message Content intent), once', async () => {
  const threadId = h.emulator.forumPost({ title: 'من هو محافظ حمص؟', content: 'سمعت أنه تفقد المدينة القديمة. هل من تفاصيل؟' });
  const answer = await h.emulator.waitFor(isPostIn(threadId));
  assert.equal(answer.body.message_reference, undefined);
  assert.match(answer.body.content, /^\*\*السؤال:\*\* \u2068من هو محافظ حمص؟\u2069/);
  assert.equal(h.engine.askCalls.at(-1)!.question, 'من هو محافظ حمص؟', "the first message's text is not given to a bot without the intent");

  // The same event again (a resume replaying it, another process's cache without the thread): not answered twice.
  h.bot.client.channels.cache.delete(threadId);
  h.emulator.threadCreate(threadId);
  await marker();
  assert.equal(postsIn(threadId).length, 1);
  assert.ok(logsWith(h, 'forum post already taken on: not answered again').length >= 1);

  await h.restart();
  h.bot.client.channels.cache.delete(threadId);
  h.emulator.threadCreate(threadId);
  await marker();
  assert.equal(postsIn(threadId).length, 1, 'not after a restart either');
});

test("the author's follow-up in the post is asked with the post's question", async () => {
  const threadId = h.emulator.forumPost({ title: 'من هو محافظ حمص؟', content: '' });
  await h.emulator.waitFor(isPostIn(threadId));
  const followUp = h.emulator.message({ channelId: threadId, content: `${BOT} ومتى تبدأ أعمال الترميم؟` });
  await h.emulator.waitFor((r) => isPostIn(threadId)(r) && r.body?.message_reference?.message_id === followUp);
  assert.deepEqual(h.engine.askCalls.at(-1)!.options.context?.earlierQuestions, ['من هو محافظ حمص؟']);
});

test('a first message that mentions the bot is answered once, as the post', async () => {
  const from = h.emulator.requests.length;
  const threadId = h.emulator.forumPost({ title: 'سؤال', content: `${BOT} من هو محافظ حمص؟`, mentionsBot: true });
  await h.emulator.waitFor(isPostIn(threadId), { from });
  await marker();
  assert.equal(postsIn(threadId, from).length, 1);
  assert.equal(h.engine.askCalls.filter((call) => call.question === 'سؤال من هو محافظ حمص؟').length, 1, 'title and the text Discord gives for a mention');
});

test('left alone: a post by a bot, a post in a forum not set for it, a forum where the bot may not write (one log line)', async () => {
  const from = h.emulator.requests.length;
  const asked = h.engine.askCalls.length;
  const byBot = h.emulator.forumPost({ title: 'من هو محافظ حمص؟', content: '', author: users.otherBot });
  h.emulator.forumPost({ forumId: ids.channels.elsewhereForum, title: 'من هو محافظ حمص؟', content: '', author: users.other });
  const locked = h.emulator.forumPost({ forumId: ids.channels.lockedForum, title: 'من هو محافظ حمص؟', content: '' });
  // The bot's post is read (its first message says who wrote it), then left.
  await h.emulator.waitFor((r) => r.method === 'GET' && r.path === `/channels/${byBot}/messages/${byBot}`, { from });
  await marker();
  await settled(h);
  assert.equal(h.engine.askCalls.length, asked + 1, 'only the marker');
  assert.equal(
    h.emulator.requests
      .slice(from)
      .filter((r) => r.method === 'POST' && r.path.startsWith('/channels/') && r.path !== `/channels/${ids.channels.general}/messages`).length,
    0,
  );
  const logged = logsWith(h, 'forum post where the bot may not post: not answered');
  assert.equal(logged.length, 1);
  assert.equal(logged[0]!.threadId, locked);
});

test("a forum set with /settings is answered from then on; the server's other forums are not", async () => {
  await settingsCommand(h, {
    user: users.other,
    roles: [ids.roles.otherManager],
    permissions: permissions.manager,
    channelId: ids.channels.elsewhere,
    options: { add_forum: ids.channels.elsewhereForum },
  });
  const threadId = h.emulator.forumPost({ forumId: ids.channels.elsewhereForum, title: 'Who is the governor of Homs?', content: '', author: users.other });
  const answer = await h.emulator.waitFor(isPostIn(threadId));
  assert.match(answer.body.content, /^\*\*Question:\*\* \u2068Who is the governor of Homs\?\u2069/);
});

test('with the Message Content intent the first message is read too', async () => {
  const withIntent = await startHarness({ env: { FORUM_CHANNEL_IDS: ids.channels.forum, DISCORD_MESSAGE_CONTENT: 'true' } });
  try {
    assert.equal((withIntent.emulator.identifies.at(-1)!.intents & (1 << 15)) !== 0, true, 'the bot asked for the intent');
    const threadId = withIntent.emulator.forumPost({ title: 'سؤال عن حمص', content: 'من هو محافظها؟' });
    await withIntent.emulator.waitFor(isPostIn(threadId));
    assert.equal(withIntent.engine.askCalls.at(-1)!.question, 'سؤال عن حمص من هو محافظها؟');
  } finally {
    await withIntent.close();
  }
});
