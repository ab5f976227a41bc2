/**
 * Feedback through the emulator, the real discord.js client and a real SQLite file: every answer
 * (/ask, mentions, follow-ups) is recorded and carries 👍 / 👎; one vote per user per answer, a second
 * press changes it; a 👎's reason from the menu; private acknowledgements in the voter's language;
 * the buttons on plain-text answers, kept by "More results", and absent when recording is off.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePassages } from '../../src/data/answers.ts';
import { hashUserId } from '../../src/data/userHash.ts';
import { ids, users, type DispatchedInteraction, type RecordedRequest, type UserFixture } from '../../tools/emulator/discordEmulator.ts';
import { readDatabase } from '../support/recorded.ts';
import { ask, assertSafePayloads, customIds, isCallback, isEditOriginal, startHarness, type Harness } from './harness.ts';

let h: Harness;
let off: Harness;
before(async () => {
  h = await startHarness({ feedback: {} });
  off = await startHarness({ feedback: { recording: false } });
});
after(async () => {
  assertSafePayloads(h.emulator.requests);
  assertSafePayloads(off.emulator.requests);
  await h.close();
  await off.close();
});

const BOT = `<@${ids.bot}>`;
const KEY = '[0-9a-z]{9}[A-Za-z0-9_-]{11}';
const voteIds = (payload: any) => customIds(payload).filter((id) => id.startsWith('vote:'));
/** The answer key in a message's 👍 / 👎 buttons. */
const answerKeyOf = (payload: any) => voteIds(payload)[0]!.split(':')[3]!;

function recorded(sql: string, ...params: unknown[]): any[] {
  h.feedback!.recorder.flush();
  return readDatabase(h.feedback!.config.dataDir, sql, ...params);
}

function votesOn(answerKey: string): Array<{ user_hash: string; value: number; reason: string | null }> {
  return recorded(
    'SELECT v.user_hash, v.value, v.reason FROM votes v JOIN answers a ON a.id = v.answer_id WHERE a.answer_key = ? ORDER BY v.user_hash',
    answerKey,
  );
}

const hashOf = (user: UserFixture) => hashUserId(Buffer.from(h.feedback!.config.hashSecret!), user.id);

/** Presses a button of a message and returns the bot's answer to the press (its interaction callback). */
async function press(
  harness: Harness,
  messageId: string,
  customId: string,
  user: UserFixture,
): Promise<{ press: DispatchedInteraction; reply: RecordedRequest }> {
  const interaction = harness.emulator.button({ customId, messageId, user });
  return { press: interaction, reply: await harness.emulator.waitForInteraction(interaction, isCallback) };
}

async function mentionReply(harness: Harness, content: string, options: { replyTo?: string; channelId?: string } = {}): Promise<RecordedRequest> {
  const channelId = options.channelId ?? ids.channels.general;
  const messageId = harness.emulator.message({ content, channelId, ...(options.replyTo ? { replyTo: options.replyTo } : {}) });
  return harness.emulator.waitFor(
    (r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && r.body?.message_reference?.message_id === messageId,
  );
}

/** The id of the bot's message a recorded request created (a reply, or an interaction's answer). */
function sentMessageId(harness: Harness, request: RecordedRequest): string {
  const message = [...harness.emulator.messages.values()].find((m) => m.content === request.body.content && m.author.id === ids.bot);
  return message!.id;
}

test('an /ask answer carries 👍 / 👎 in a row of their own under its other buttons, and is recorded with how it was asked', async () => {
  const { interaction, edit } = await ask(h, { question: 'من هو محافظ حمص؟' });
  const rows = edit.body.components;
  assert.equal(rows.length, 3, 'full passages, paging, feedback');
  assert.deepEqual(
    rows[2].components.map((button: any) => [button.style, button.emoji.name, button.label]),
    [
      [2, '👍', undefined],
      [2, '👎', undefined],
    ],
  );
  const [up, down] = voteIds(edit.body);
  assert.match(up!, new RegExp(`^vote:up:ar:${KEY}$`));
  assert.equal(down, up!.replace(':up:', ':down:'));
  const [row] = recorded('SELECT * FROM answers WHERE answer_key = ?', answerKeyOf(edit.body));
  assert.equal(row.question, 'من هو محافظ حمص؟');
  assert.equal(row.lang, 'ar');
  assert.equal(row.via, 'slash');
  assert.equal(row.guild_id, ids.guild);
  assert.equal(row.channel_id, ids.channels.general);
  assert.equal(row.confident, 1);
  assert.equal(row.mode, 'lexical');
  assert.ok(row.latency_ms >= 0);
  assert.deepEqual(decodePassages(row.passages), [
    { rank: 1, passageId: 'homs-governor#0', docId: 'homs-governor', score: 1 },
    { rank: 2, passageId: 'homs-governor#1', docId: 'homs-governor', score: 0.5 },
    { rank: 3, passageId: 'palmyra-battle#0', docId: 'palmyra-battle', score: 0.3333 },
  ]);
  assert.equal(row.user_hash, hashOf(users.member), 'the asker only as a keyed hash');
  assert.ok(!JSON.stringify(row).includes(users.member.id));
  assert.equal(h.emulator.requestsFor(interaction).length, 2, 'still one defer and one edit');
});

test('👍, the same again, a change to 👎 with the reason menu, a reason: one vote, each acknowledged privately in the voter’s language', async () => {
  const { edit, interaction } = await ask(h, { question: 'من هو محافظ حمص؟' });
  const answerKey = answerKeyOf(edit.body);
  const messageId = h.emulator.originalOf(interaction)!.id;
  const [up, down] = voteIds(edit.body);
  // The voter asked in English before: the acknowledgements are in English, under an Arabic answer.
  await ask(h, { question: 'Who is the governor of Homs?', user: users.other });

  const first = await press(h, messageId, up!, users.other);
  assert.deepEqual(first.reply.body, {
    type: 4,
    data: {
      content: 'Thanks for your feedback: you rated this answer 👍.',
      tts: false,
      enforce_nonce: false,
      embeds: [],
      components: [],
      allowed_mentions: { parse: [], replied_user: false },
      flags: 64,
    },
  });
  assert.deepEqual(votesOn(answerKey), [{ user_hash: hashOf(users.other), value: 1, reason: null }]);

  const again = await press(h, messageId, up!, users.other);
  assert.equal(again.reply.body.data.content, 'You already rated this answer 👍.');

  const changed = await press(h, messageId, down!, users.other);
  assert.equal(changed.reply.body.data.content, 'Your rating of this answer is now 👎.\nIf you like, say what was wrong with it:');
  assert.equal(changed.reply.body.data.flags, 64);
  const [menu] = changed.reply.body.data.components[0].components;
  assert.equal(menu.type, 3);
  assert.equal(menu.custom_id, `why:en:${answerKey}`);
  assert.deepEqual(
    menu.options.map((option: any) => [option.value, option.label]),
    [
      ['wrong-passage', 'wrong passage'],
      ['no-answer', 'no answer in these articles'],
      ['outdated', 'outdated'],
      ['other', 'other'],
    ],
  );
  assert.deepEqual(votesOn(answerKey), [{ user_hash: hashOf(users.other), value: -1, reason: null }]);

  // The menu is on the private acknowledgement; choosing replaces that message.
  const acknowledgement = h.emulator.originalOf(changed.press)!;
  assert.equal(acknowledgement.flags, 64);
  const choice = h.emulator.select({ customId: menu.custom_id, values: ['no-answer'], messageId: acknowledgement.id, user: users.other });
  const update = await h.emulator.waitForInteraction(choice, isCallback);
  assert.equal(update.body.type, 7);
  assert.equal(update.body.data.content, 'Thanks, noted: you rated this answer 👎 (no answer in these articles).');
  assert.deepEqual(update.body.data.components, []);
  assert.deepEqual(votesOn(answerKey), [{ user_hash: hashOf(users.other), value: -1, reason: 'no-answer' }]);

  // 👎 again keeps the reason; a voter who never asked is answered in the answer's language.
  const repeat = await press(h, messageId, down!, users.other);
  assert.match(repeat.reply.body.data.content, /^You already rated this answer 👎\./);
  const stranger = await press(h, messageId, up!, users.manager);
  assert.equal(stranger.reply.body.data.content, 'شكرًا على رأيك: قيّمت هذه الإجابة 👍.');
  assert.deepEqual(
    votesOn(answerKey),
    [
      { user_hash: hashOf(users.other), value: -1, reason: 'no-answer' },
      { user_hash: hashOf(users.manager), value: 1, reason: null },
    ].sort((a, b) => (a.user_hash < b.user_hash ? -1 : 1)),
  );
  // The answer everyone sees is untouched by votes.
  assert.deepEqual(voteIds(h.emulator.messages.get(messageId)), [up, down]);
});

test('votes on a mention answer and on a follow-up are stored with the answer they rate', async () => {
  const reply = await mentionReply(h, `${BOT} من هو محافظ حمص؟`);
  const [up] = voteIds(reply.body);
  assert.match(up!, new RegExp(`^vote:up:ar:${KEY}$`));
  const answerId = sentMessageId(h, reply);
  const { reply: ack } = await press(h, answerId, up!, users.member);
  assert.equal(ack.body.data.flags, 64);
  const key = answerKeyOf(reply.body);
  assert.deepEqual(recorded('SELECT via, question FROM answers WHERE answer_key = ?', key), [{ via: 'mention', question: 'من هو محافظ حمص؟' }]);
  assert.deepEqual(votesOn(key), [{ user_hash: hashOf(users.member), value: 1, reason: null }]);

  const followUp = await mentionReply(h, 'ومتى تبدأ أعمال الترميم؟', { replyTo: answerId });
  const followUpKey = answerKeyOf(followUp.body);
  assert.notEqual(followUpKey, key);
  const [, down] = voteIds(followUp.body);
  await press(h, sentMessageId(h, followUp), down!, users.other);
  // Recorded in the user's own words: the conversation's context reaches the engine apart from the question.
  assert.deepEqual(recorded('SELECT via, question FROM answers WHERE answer_key = ?', followUpKey), [
    { via: 'follow-up', question: 'ومتى تبدأ أعمال الترميم؟' },
  ]);
  assert.deepEqual(votesOn(followUpKey), [{ user_hash: hashOf(users.other), value: -1, reason: null }]);
});

test('plain-text answers (no Embed Links) carry the buttons too: they are components, not embeds', async () => {
  const reply = await mentionReply(h, `${BOT} من هو محافظ حمص؟`, { channelId: ids.channels.noEmbeds });
  assert.deepEqual(reply.body.embeds, []);
  assert.equal(voteIds(reply.body).length, 2);
  const { edit } = await ask(h, { question: 'Who is the governor of Homs?', channelId: ids.channels.noEmbeds });
  assert.deepEqual(edit.body.embeds, []);
  assert.equal(voteIds(edit.body).length, 2);
});

test('"More results" keeps the answer’s 👍 / 👎 (they rate the answer as first given)', async () => {
  const { edit, interaction } = await ask(h, { question: 'Who is the governor of Homs?', results: 1 });
  const more = customIds(edit.body).find((id) => id.startsWith('more:'))!;
  const messageId = h.emulator.originalOf(interaction)!.id;
  const paged = h.emulator.button({ customId: more, messageId, user: users.member });
  const page = await h.emulator.waitForInteraction(paged, isEditOriginal);
  assert.match(page.body.content, /result 2/);
  assert.deepEqual(voteIds(page.body), voteIds(edit.body));
  assert.equal(page.body.components.length, 3, 'full passage, paging, feedback');
  const keyCount = recorded('SELECT count(*) AS n FROM answers WHERE answer_key = ?', answerKeyOf(edit.body))[0].n;
  assert.equal(keyCount, 1, 'a page is not another answer');
});

test('a forged vote (a key nobody was given) is refused privately and records nothing', async () => {
  const { interaction } = await ask(h, { question: 'من هو محافظ حمص؟' });
  const messageId = h.emulator.originalOf(interaction)!.id;
  const before = recorded('SELECT count(*) AS n FROM votes')[0].n;
  const { reply } = await press(h, messageId, 'vote:up:ar:0000000000nosuchkey0', users.manager);
  assert.equal(reply.body.data.flags, 64);
  assert.equal(reply.body.data.content, 'عذرًا، لا يمكنني تسجيل تقييم لهذه الإجابة: لم تعد في سجلاتي (قديمة جدًا، أو التقييمات متوقفة).');
  const malformed = await press(h, messageId, 'vote:up:ar:../../etc', users.manager);
  assert.equal(malformed.reply.body.data.content, 'That button is not valid any more.', 'no language in a malformed id: the locale');
  assert.equal(recorded('SELECT count(*) AS n FROM votes')[0].n, before);
});

test('recording off (FEEDBACK_RECORDING=false): answers have no feedback buttons, and nothing is written', async () => {
  const { edit } = await ask(off, { question: 'من هو محافظ حمص؟' });
  assert.deepEqual(voteIds(edit.body), []);
  assert.equal(edit.body.components.length, 2);
  const reply = await mentionReply(off, `${BOT} Who is the governor of Homs?`);
  assert.deepEqual(voteIds(reply.body), []);
  assert.equal(off.feedback!.recorder.recording, false);
});
