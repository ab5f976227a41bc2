/**
 * Thread mode and follow-ups through the real client: a mention opens a public thread on the question
 * (named after it, safely) and is answered there; later mentions and replies in that thread are
 * follow-ups asked with the thread's earlier questions and the passages shown, after a restart too;
 * without the permissions for a thread the bot replies instead, with one log line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { THREAD_NAME_MAX, threadName } from '../../src/discord/threads.ts';
import { ids, users, type RecordedRequest } from '../../tools/emulator/discordEmulator.ts';
import { harnessForFile, logsWith } from './harness.ts';

const h = await harnessForFile({ env: { REPLY_MODE: 'thread' } });

const BOT = `<@${ids.bot}>`;
const isThreadStart = (messageId: string) => (r: RecordedRequest) =>
  r.method === 'POST' && r.path === `/channels/${ids.channels.general}/messages/${messageId}/threads`;
const isPostIn = (channelId: string) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`;

/** A question mentioning the bot in #general: the thread it opened (its id is the question's) and the answer posted in it. */
async function askInThread(question: string) {
  const messageId = h.emulator.message({ content: `${BOT} ${question}` });
  const start = await h.emulator.waitFor(isThreadStart(messageId));
  const answer = await h.emulator.waitFor(isPostIn(messageId));
  return { threadId: messageId, start, answer };
}

/** A message in a thread, and the bot's reply to it there. */
async function inThread(threadId: string, input: { content: string; replyTo?: string; author?: (typeof users)[keyof typeof users] }) {
  const messageId = h.emulator.message({ channelId: threadId, ...input });
  return h.emulator.waitFor((r) => isPostIn(threadId)(r) && r.body?.message_reference?.message_id === messageId);
}

test('thread names: the question without mentions, markup or invisible characters, within 100 characters, cut at a word', () => {
  assert.equal(threadName('من هو محافظ حمص؟', 'Question'), 'من هو محافظ حمص؟');
  assert.equal(threadName('<@123> **who** is @everyone\u202e in # [x](y) `z`', 'Question'), 'who is everyone in x (y) z');
  const long = threadName(`${'كلمة '.repeat(40)}أخيرة`, 'Question');
  assert.ok(Array.from(long).length <= THREAD_NAME_MAX && long.endsWith('…') && !long.includes('كلم…'));
  assert.equal(threadName('<@123> ** @', 'سؤال'), 'سؤال');
});

test('a mention opens a public thread on the question, named after it, and the answer goes there', async () => {
  const { threadId, start, answer } = await askInThread('من هو **محافظ** حمص؟ <@&555>');
  assert.deepEqual(start.body, { name: 'من هو محافظ حمص؟', auto_archive_duration: 1440, type: 11 });
  assert.equal(answer.body.message_reference, undefined, 'a message in the thread, not a reply in the channel');
  assert.match(answer.body.content, /^\*\*السؤال:\*\* \u2068من هو \\\*\\\*محافظ\\\*\\\* حمص؟\u2069/);
  assert.equal(answer.body.embeds.length, 3);
  assert.ok(h.emulator.guildOfChannel(threadId)!.threads.some((thread) => thread.id === threadId && thread.parentId === ids.channels.general));
  assert.equal(h.engine.askCalls.at(-1)!.options.context, undefined, 'a new question has no context');
});

test('a later mention in the thread, and a reply to the answer, are follow-ups with the thread’s questions; after a restart too', async () => {
  const { threadId } = await askInThread('من هو محافظ حمص؟');
  const first = h.engine.askCalls.at(-1)!;
  await inThread(threadId, { content: `${BOT} ومتى تبدأ أعمال الترميم؟`, author: users.other });
  assert.deepEqual(h.engine.askCalls.at(-1)!.options.context, {
    earlierQuestions: [first.question],
    shownPassageIds: ['homs-governor#0', 'homs-governor#1', 'palmyra-battle#0'],
  });
  const answerInThread = [...h.emulator.messages.values()].filter((m) => m.channel_id === threadId && m.author.id === ids.bot).at(-1)!;

  await h.restart();
  // A reply that pings the bot (Discord's default) carries the question.
  await inThread(threadId, { content: 'ومن خصص الميزانية؟', replyTo: answerInThread.id });
  const followUp = h.engine.askCalls.at(-1)!;
  assert.equal(followUp.question, 'ومن خصص الميزانية؟');
  assert.deepEqual(followUp.options.context?.earlierQuestions, ['من هو محافظ حمص؟', 'ومتى تبدأ أعمال الترميم؟'], 'the thread survived the restart');
  assert.deepEqual(followUp.options.context?.shownPassageIds, ['homs-governor#0', 'homs-governor#1', 'palmyra-battle#0']);
  const [logged] = logsWith(h, 'mention answered').slice(-1);
  assert.equal(logged!.via, 'follow-up');
  assert.equal(logged!.conversationId, threadId);
});

test('a reply to the bot that does not mention it arrives without its text (no Message Content intent): left alone', async () => {
  const { threadId, answer } = await askInThread('من هو محافظ حمص؟');
  const asked = h.engine.askCalls.length;
  const answerId = [...h.emulator.messages.values()].find((m) => m.channel_id === threadId && m.content === answer.body.content)!.id;
  h.emulator.message({ channelId: threadId, content: 'ومتى؟', replyTo: answerId, mentionsBot: false });
  await inThread(threadId, { content: `${BOT} marker` });
  assert.equal(h.engine.askCalls.length, asked + 1, 'only the marker');
});

test('without Create Public Threads the mention is answered with a reply, and one log line says why', async () => {
  const messageId = h.emulator.message({ content: `${BOT} من هو محافظ حمص؟`, channelId: ids.channels.noThreads });
  const reply = await h.emulator.waitFor((r) => isPostIn(ids.channels.noThreads)(r) && r.body?.message_reference?.message_id === messageId);
  assert.equal(reply.body.embeds.length, 3);
  assert.ok(!h.emulator.requests.some((r) => r.path.startsWith(`/channels/${ids.channels.noThreads}/messages/${messageId}/threads`)));
  const logged = logsWith(h, 'thread mode, but the bot may not open a thread here: answered with a reply');
  assert.equal(logged.length, 1);
  assert.deepEqual(logged[0]!.missing, ['CreatePublicThreads']);
});

test('in thread mode, a reply to an answer in a channel continues that chain with a reply', async () => {
  // An answer in a channel without threads, then a reply to it there.
  const messageId = h.emulator.message({ content: `${BOT} من هو محافظ حمص؟`, channelId: ids.channels.noThreads });
  await h.emulator.waitFor((r) => isPostIn(ids.channels.noThreads)(r) && r.body?.message_reference?.message_id === messageId);
  const answer = [...h.emulator.messages.values()].find((m) => m.message_reference?.message_id === messageId)!;
  const followUp = h.emulator.message({ content: 'وماذا عن تدمر؟', channelId: ids.channels.noThreads, replyTo: answer.id });
  await h.emulator.waitFor((r) => isPostIn(ids.channels.noThreads)(r) && r.body?.message_reference?.message_id === followUp);
  assert.deepEqual(h.engine.askCalls.at(-1)!.options.context?.earlierQuestions, ['من هو محافظ حمص؟']);
});
