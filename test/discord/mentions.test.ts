/** Mentions: answered as replies in allowed channels and their threads, ignored elsewhere; follow-up replies. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ids, users } from '../../tools/emulator/discordEmulator.ts';
import { TYPING_AFTER_MS } from '../../src/discord/handlers/message.ts';
import { ask, harnessForFile } from './harness.ts';
import type { RecordedRequest } from '../../tools/emulator/discordEmulator.ts';

const h = await harnessForFile({ env: { ALLOWED_CHANNEL_IDS: ids.channels.general } });

const BOT = `<@${ids.bot}>`;
const isChannelPost = (channelId: string) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`;

async function replyTo(messageId: string, channelId: string = ids.channels.general): Promise<RecordedRequest> {
  return h.emulator.waitFor((r) => isChannelPost(channelId)(r) && r.body?.message_reference?.message_id === messageId);
}

test('a mention in an allowed channel is answered as a reply to that message, without pinging', async () => {
  const from = h.emulator.requests.length;
  h.engine.askDelayMs = 500;
  const messageId = h.emulator.message({ content: `${BOT} من هو محافظ حمص؟` });
  const reply = await replyTo(messageId).finally(() => (h.engine.askDelayMs = 0));
  const typing = h.emulator.requests.slice(from).find((r) => r.path === `/channels/${ids.channels.general}/typing`);
  assert.ok(typing && typing.seq < reply.seq, 'a slow answer shows the typing indicator first');
  assert.deepEqual(reply.body.message_reference, { message_id: messageId, fail_if_not_exists: false });
  assert.deepEqual(reply.body.allowed_mentions, { parse: [], replied_user: false });
  assert.equal(reply.body.content, '**السؤال:** \u2068من هو محافظ حمص؟\u2069\nأقرب المقاطع إلى سؤالك (النتائج 1–3):');
  assert.equal(reply.body.embeds.length, 3);
  assert.equal(h.engine.askCalls.at(-1)!.question, 'من هو محافظ حمص؟', 'the bot mention is stripped');
});

test('a fast answer is sent without a typing indicator (each one costs a request of the global budget)', async () => {
  const from = h.emulator.requests.length;
  const isTyping = (r: RecordedRequest) => r.path.endsWith('/typing');
  const messageId = h.emulator.message({ content: `${BOT} من هو محافظ حمص؟` });
  const reply = await replyTo(messageId);
  assert.ok(reply.body.embeds.length > 0);
  // Then a slow question: its indicator comes TYPING_AFTER_MS after it arrived, and its answer later
  // still. An indicator the fast answer had left scheduled would have come before both.
  h.engine.askDelayMs = TYPING_AFTER_MS + 200;
  const slow = h.emulator.message({ content: `${BOT} Who is the governor of Homs?` });
  await h.emulator.waitFor(isTyping, { from });
  await replyTo(slow).finally(() => (h.engine.askDelayMs = 0));
  assert.equal(h.emulator.requests.slice(from).filter(isTyping).length, 1, 'only the slow question showed one');
});

test('a mention in a thread of an allowed channel is answered in the thread', async () => {
  const messageId = h.emulator.message({ content: `Who is the governor of Homs? ${BOT}`, channelId: ids.channels.thread });
  const reply = await replyTo(messageId, ids.channels.thread);
  assert.match(reply.body.content, /^\*\*Question:\*\* \u2068Who is the governor of Homs\?\u2069/);
});

test('ignored: a disallowed channel, a message without a mention of the bot, a bot author', async () => {
  const from = h.emulator.requests.length;
  const asked = h.engine.askCalls.length;
  h.emulator.message({ content: `${BOT} من هو محافظ حمص؟`, channelId: ids.channels.offTopic });
  h.emulator.message({ content: '@everyone من هو محافظ حمص؟', mentionsBot: false });
  h.emulator.message({ content: `${BOT} من هو محافظ حمص؟`, author: users.otherBot });
  // A message the test knows is handled after those three (the gateway is ordered).
  const marker = h.emulator.message({ content: `${BOT} marker question` });
  await replyTo(marker);
  const sent = h.emulator.requests.slice(from).filter((r) => r.method === 'POST' && r.path.includes('/messages'));
  assert.equal(sent.length, 1, 'only the marker was answered');
  assert.equal(h.engine.askCalls.length, asked + 1);
});

test('a mention with no question gets a short how-to reply', async () => {
  const messageId = h.emulator.message({ content: `${BOT}   \u200b\u200b ` });
  const reply = await replyTo(messageId);
  assert.equal(reply.body.content, 'Ask me after the mention, for example: @me Who is the governor of Homs?');
  assert.deepEqual(reply.body.embeds, []);
});

test("a reply to one of the bot's answers is a follow-up: asked with the earlier question and the passages it showed", async () => {
  const first = h.emulator.message({ content: `${BOT} من هو محافظ حمص؟`, author: users.other });
  await replyTo(first);
  const botMessageId = [...h.emulator.messages.values()].find((m) => m.message_reference?.message_id === first)!.id;
  // The user replies to the bot's answer (Discord lists the bot in mentions: the reply pings it).
  const followUp = h.emulator.message({ content: 'ومتى تبدأ أعمال الترميم؟', author: users.other, replyTo: botMessageId });
  const reply = await replyTo(followUp);
  const asked = h.engine.askCalls.at(-1)!;
  assert.equal(asked.question, 'ومتى تبدأ أعمال الترميم؟', 'the question goes to the engine as asked; the context goes beside it');
  assert.deepEqual(asked.options.context, {
    earlierQuestions: ['من هو محافظ حمص؟'],
    shownPassageIds: ['homs-governor#0', 'homs-governor#1', 'palmyra-battle#0'],
  });
  assert.equal(reply.body.content.split('\n')[0], '**السؤال:** \u2068ومتى تبدأ أعمال الترميم؟\u2069');
});

test('"More results" works on a mention answer too (the button edits that message)', async () => {
  const messageId = h.emulator.message({ content: `${BOT} Who is the governor of Homs?` });
  const reply = await replyTo(messageId);
  const answer = [...h.emulator.messages.values()].find((m) => m.message_reference?.message_id === messageId)!;
  const more = reply.body.components[1].components[0].custom_id;
  const press = h.emulator.button({ customId: more, messageId: answer.id });
  const edit = await h.emulator.waitForInteraction(press, (r) => r.method === 'PATCH');
  assert.match(edit.body.content, /results 4–6/);
  assert.equal(h.emulator.messages.get(answer.id)!.content, edit.body.content);
});

test('/ask outside ALLOWED_CHANNEL_IDS is answered privately instead of in the channel', async () => {
  const { defer } = await ask(h, { question: 'من هو محافظ حمص؟', channelId: ids.channels.offTopic });
  assert.deepEqual(defer.body, { type: 5, data: { flags: 64 } });
  const inThread = await ask(h, { question: 'من هو محافظ حمص؟', channelId: ids.channels.thread });
  assert.deepEqual(inThread.defer.body, { type: 5, data: { flags: 0 } });
});

test('a reply to a public /ask answer is a follow-up of that question', async () => {
  const { interaction } = await ask(h, { question: 'من هو محافظ حمص؟' });
  const answer = h.emulator.originalOf(interaction)!;
  const followUp = h.emulator.message({ content: 'ومتى تبدأ أعمال الترميم؟', replyTo: answer.id });
  await replyTo(followUp);
  assert.deepEqual(h.engine.askCalls.at(-1)!.options.context?.earlierQuestions, ['من هو محافظ حمص؟']);
});
