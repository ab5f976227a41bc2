/** /ask end to end against the emulator: login, defer + edit, languages, results, private, buttons. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayIntentBits } from 'discord.js';
import { ids, TOKEN, users } from '../../tools/emulator/discordEmulator.ts';
import { HUGE_KEY, HUGE_PASSAGE } from './fakeEngine.ts';
import { ask, assertSafePayloads, customIds, isCallback, isEditOriginal, isFollowUp, startHarness, type Harness } from './harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  assert.ok(assertSafePayloads(h.emulator.requests) > 10);
  await h.close();
});

const FSI = '\u2068';
const LRI = '\u2066';
const PDI = '\u2069';
const SAFE = { parse: [], replied_user: false };

test('login: identifies with the token and only the Guilds + GuildMessages intents', () => {
  const identify = h.emulator.identifies[0];
  assert.equal(identify.token, TOKEN);
  assert.equal(identify.intents, GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
  assert.equal(h.emulator.requests[0]!.path, '/gateway/bot');
  assert.equal(h.bot.client.user?.id, ids.bot);
});

test('/ask in Arabic: defers at once, then edits in quotes with the key sentence bold and an Arabic interface', async () => {
  const { interaction, defer, edit } = await ask(h, { question: 'من هو محافظ حمص؟' });
  assert.deepEqual(defer.body, { type: 5, data: { flags: 0 } });
  assert.deepEqual(defer.query, { with_response: 'false' });
  assert.equal(edit.path, `/webhooks/${ids.application}/${interaction.token}/messages/@original`);
  const moreId = customIds(edit.body).find((id) => id.startsWith('more:'))!;
  assert.match(moreId, /^more:3:[0-9a-f]{16}$/);
  assert.deepEqual(edit.body, {
    content: `**السؤال:** ${FSI}من هو محافظ حمص؟${PDI}\nأقرب المقاطع إلى سؤالك (النتائج 1–3):`,
    tts: false,
    enforce_nonce: false,
    embeds: [
      {
        color: 0x2f80ed,
        description:
          'تفقد المسؤولون الأحياء القديمة صباح الخميس. **وقال محافظ حمص طلال البرازي إن أعمال الترميم ستبدأ الشهر المقبل.** وأضاف أن الحكومة خصصت ميزانية لذلك.',
        fields: [
          {
            name: 'المصدر 1',
            value: `${FSI}محافظ حمص يتفقد أحياء المدينة القديمة${PDI}\n${FSI}العربي الجديد${PDI} · 2016-03-24\n<https://example.com/news/homs?id=1>\nالمعرّف: ${LRI}\`homs-governor#0\`${PDI}`,
          },
        ],
      },
      {
        color: 0x2f80ed,
        description: 'وأشار البرازي إلى أن عودة الأهالي مرهونة بإصلاح شبكات المياه والكهرباء. **وتوقع اكتمال ذلك قبل نهاية العام.**',
        fields: [
          {
            name: 'المصدر 2',
            value: `${FSI}محافظ حمص يتفقد أحياء المدينة القديمة${PDI}\n${FSI}العربي الجديد${PDI} · 2016-03-24\n<https://example.com/news/homs?id=1>\nالمعرّف: ${LRI}\`homs-governor#1\`${PDI}`,
          },
        ],
      },
      {
        color: 0x2f80ed,
        // Markdown and mentions in the quote are escaped: the reader sees the original characters.
        description:
          '**أعلن \\*\\*الجيش\\*\\* أن \\@everyone و\\<\\@&555\\> و\\<\\@123\\> \\`رمز\\` \\|\\|سر\\|\\| \\[رابط\\](https://evil.example) في المدينة.** \n\\> اقتباس مزيف\n\\# عنوان كبير\n\\- بند أول\n1\\. بند مرقم',
        fields: [
          {
            name: 'المصدر 3',
            // The URL keeps its characters but cannot break out of <…>: < and > are percent-encoded.
            value: `${FSI}معارك في محيط تدمر${PDI}\n${FSI}وكالة \\*الأنباء\\*${PDI} · 2016-03-20\n<https://example.com/news/a_b*c*/(x)?q=%3C@123%3E&e=@everyone>\nالمعرّف: ${LRI}\`palmyra-battle#0\`${PDI}`,
          },
        ],
      },
    ],
    components: [
      {
        type: 1,
        components: [
          { type: 2, style: 2, custom_id: 'full:ar:homs-governor#0', label: 'النص الكامل 1' },
          { type: 2, style: 2, custom_id: 'full:ar:homs-governor#1', label: 'النص الكامل 2' },
          { type: 2, style: 2, custom_id: 'full:ar:palmyra-battle#0', label: 'النص الكامل 3' },
        ],
      },
      { type: 1, components: [{ type: 2, style: 1, custom_id: moreId, label: 'نتائج أخرى' }] },
    ],
    allowed_mentions: SAFE,
  });
  assert.deepEqual(h.engine.askCalls.at(-1), { question: 'من هو محافظ حمص؟', options: { k: 3, offset: 0, langHint: 'ar' } });
  assert.equal(h.emulator.requestsFor(interaction).length, 2, 'one defer, one edit');
});

test('/ask in English: English interface, quotes stay in the original Arabic', async () => {
  const { edit } = await ask(h, { question: 'Who is the governor of Homs?', results: 1 });
  const moreId = customIds(edit.body).find((id) => id.startsWith('more:'))!;
  assert.deepEqual(edit.body, {
    content: `**Question:** ${FSI}Who is the governor of Homs?${PDI}\nBest matching passage (result 1):`,
    tts: false,
    enforce_nonce: false,
    embeds: [
      {
        color: 0x2f80ed,
        description:
          'تفقد المسؤولون الأحياء القديمة صباح الخميس. **وقال محافظ حمص طلال البرازي إن أعمال الترميم ستبدأ الشهر المقبل.** وأضاف أن الحكومة خصصت ميزانية لذلك.',
        fields: [
          {
            name: 'Source 1',
            value: `${FSI}محافظ حمص يتفقد أحياء المدينة القديمة${PDI}\n${FSI}العربي الجديد${PDI} · 2016-03-24\n<https://example.com/news/homs?id=1>\nID: ${LRI}\`homs-governor#0\`${PDI}`,
          },
        ],
      },
    ],
    components: [
      { type: 1, components: [{ type: 2, style: 2, custom_id: 'full:en:homs-governor#0', label: 'Full passage 1' }] },
      { type: 1, components: [{ type: 2, style: 1, custom_id: moreId, label: 'More results' }] },
    ],
    allowed_mentions: SAFE,
  });
  assert.match(moreId, /^more:1:[0-9a-f]{16}$/);
});

test('/ask in a DM with the bot is answered too', async () => {
  const interaction = h.emulator.chatCommand({
    name: 'ask',
    options: [{ name: 'question', type: 3, value: 'من هو محافظ حمص؟' }],
    inGuild: false,
    user: users.listedAdmin,
  });
  const edit = await h.emulator.waitForInteraction(interaction, isEditOriginal);
  assert.equal(edit.body.embeds.length, 3);
});

test('the question decides the language; the locale is only a hint for text without letters', async () => {
  const arabic = await ask(h, { question: 'ما هي ميزانية الترميم؟', locale: 'en-US', user: users.other });
  assert.match(arabic.edit.body.content, /^\*\*السؤال:\*\*/);
  // "2016؟" has no letters: the user's last question (Arabic) decides.
  const digits = await ask(h, { question: '2016?', user: users.other });
  assert.match(digits.edit.body.content, /^\*\*السؤال:\*\*/);
  // A user with no history and a non-Arabic locale gets English.
  const fresh = await ask(h, { question: '2016?', user: users.roleAdmin });
  assert.match(fresh.edit.body.content, /^\*\*Question:\*\*/);
});

test('results: 1 to 5 quotes exactly that many passages, splitting into follow-ups past 6000 characters', async () => {
  for (const results of [1, 2, 3, 4, 5]) {
    const { interaction, edit } = await ask(h, { question: 'محافظ حمص', results });
    // Only five results overflow one message (see below): wait for that follow-up.
    if (results === 5) await h.emulator.waitForInteraction(interaction, isFollowUp);
    const followUps = h.emulator.requestsFor(interaction).filter(isFollowUp);
    const payloads = [edit.body, ...followUps.map((r) => r.body)];
    const sourceFields = payloads.flatMap((p) => p.embeds.flatMap((e: any) => (e.fields ?? []).map((f: any) => f.name)));
    assert.deepEqual(
      sourceFields,
      Array.from({ length: results }, (_, i) => `Source ${i + 1}`).map((_, i) => `المصدر ${i + 1}`),
      `results=${results}`,
    );
    assert.equal(h.engine.askCalls.at(-1)!.options.k, results);
    if (results === 5) {
      // The fifth passage is ~6,600 characters: two embeds, and the message total forces a follow-up.
      assert.equal(followUps.length, 1);
      assert.equal(followUps[0]!.body.flags, undefined);
      assert.equal(customIds(followUps[0]!.body).length, 0, 'buttons only on the first message');
    }
  }
});

test('private: true defers ephemerally (flag 64) and the answer stays private', async () => {
  const { defer, edit, interaction } = await ask(h, { question: 'تقرير اللجنة', private: true });
  assert.deepEqual(defer.body, { type: 5, data: { flags: 64 } });
  assert.equal(h.emulator.originalOf(interaction)?.flags, 64);
  // The huge quote needs a second message: it must be private too.
  const followUp = await h.emulator.waitForInteraction(interaction, isFollowUp);
  assert.equal(followUp.body.flags, 64);
  assert.equal(edit.body.embeds.length + followUp.body.embeds.length, 3, 'two embeds for the huge quote, one for the next');
});

test('a huge quote is split at sentence breaks within every limit, the key sentence bold exactly once', async () => {
  const { interaction, edit } = await ask(h, { question: 'huge report', results: 1 });
  // ~6,600 characters of quote: two embeds that cannot share one message (6000 in all).
  await h.emulator.waitForInteraction(interaction, isFollowUp);
  const payloads = [
    edit.body,
    ...h.emulator
      .requestsFor(interaction)
      .filter(isFollowUp)
      .map((r) => r.body),
  ];
  const descriptions: string[] = payloads.flatMap((p) => p.embeds.map((e: any) => e.description));
  assert.ok(descriptions.length >= 2);
  for (const description of descriptions) {
    assert.ok(description.length <= 4096);
    assert.match(description, /\.(\*\*)?$/, 'each chunk ends at a sentence break');
  }
  const bold = descriptions.join('\n').match(/\*\*[^*]+\*\*/g) ?? [];
  assert.deepEqual(bold, [`**${HUGE_KEY}**`]);
  // Nothing lost: the chunks put back together are the original text.
  const plain = descriptions.map((d) => d.replace(/\*\*/g, '')).join(' ');
  assert.equal(plain, HUGE_PASSAGE);
});

test('a question nothing answers confidently says so plainly and labels the closest passage', async () => {
  const { edit } = await ask(h, { question: 'Is there life on Mars?' });
  assert.equal(
    edit.body.content,
    `**Question:** ${FSI}Is there life on Mars?${PDI}\nI found no confident answer to this in the articles. The closest passage is below, but it may not answer your question.`,
  );
  assert.equal(edit.body.embeds.length, 1, 'only the closest passage, not a list of weak quotes');
  assert.equal(edit.body.embeds[0].color, 0x95a5a6);
  assert.equal(edit.body.embeds[0].fields[0].name, 'Closest passage (not a confident answer)');
  const arabic = await ask(h, { question: 'هل توجد حياة على كوكب المريخ؟' });
  assert.match(arabic.edit.body.content, /لم أجد في المقالات إجابة مؤكدة عن سؤالك. هذا أقرب مقطع، وقد لا يجيب عنه.$/);
  assert.equal(arabic.edit.body.embeds[0].fields[0].name, 'أقرب مقطع (ليس إجابة مؤكدة)');
});

test('"Show full passage" answers privately with the whole passage and its id', async () => {
  const { interaction } = await ask(h, { question: 'من هو محافظ حمص؟' });
  const message = h.emulator.originalOf(interaction)!;
  const press = h.emulator.button({ customId: 'full:ar:homs-governor#1', messageId: message.id, user: users.other });
  const callback = await h.emulator.waitForInteraction(press, isCallback);
  assert.equal(callback.body.type, 4);
  assert.equal(callback.body.data.flags, 64);
  const [embed] = callback.body.data.embeds;
  assert.equal(embed.title, `${FSI}محافظ حمص يتفقد أحياء المدينة القديمة${PDI}`);
  assert.equal(embed.description, 'وأشار البرازي إلى أن عودة الأهالي مرهونة بإصلاح شبكات المياه والكهرباء. وتوقع اكتمال ذلك قبل نهاية العام.');
  assert.equal(embed.fields[0].name, 'المقطع 2');
  assert.match(embed.fields[0].value, /homs-governor#1/);
  assert.deepEqual(callback.body.data.allowed_mentions, SAFE);
});

test('"More results" pages in place (defer update, then edit) with a Previous button', async () => {
  const { interaction, edit } = await ask(h, { question: 'Who is the governor of Homs?' });
  const message = h.emulator.originalOf(interaction)!;
  const more = customIds(edit.body).find((id) => id.startsWith('more:'))!;
  const press = h.emulator.button({ customId: more, messageId: message.id });
  const callback = await h.emulator.waitForInteraction(press, isCallback);
  assert.deepEqual(callback.body, { type: 6 });
  const page2 = await h.emulator.waitForInteraction(press, isEditOriginal);
  assert.match(page2.body.content, /results 4–6/);
  // Result 5 is the huge report: results 5 and 6 follow in a second message.
  const rest = await h.emulator.waitForInteraction(press, isFollowUp);
  assert.deepEqual(
    [page2.body, rest.body].flatMap((p) => p.embeds.map((e: any) => e.fields?.[0]?.name).filter(Boolean)),
    ['Source 4', 'Source 5', 'Source 6'],
  );
  assert.deepEqual(h.engine.askCalls.at(-1)!.options, { k: 3, offset: 3, langHint: 'en' });
  const key = more.split(':')[2];
  assert.deepEqual(
    customIds(page2.body).filter((id) => id.startsWith('more:')),
    [`more:0:${key}`, `more:6:${key}`],
  );
  assert.equal(h.emulator.messages.get(message.id)!.content, page2.body.content, 'the same message was edited');
  const back = h.emulator.button({ customId: `more:0:${key}`, messageId: message.id });
  const page1 = await h.emulator.waitForInteraction(back, isEditOriginal);
  assert.match(page1.body.content, /results 1–3/);
});

test('"More results" on someone else\'s public answer gives the presser a private copy; the answer stays as it was', async () => {
  const { interaction, edit } = await ask(h, { question: 'Who is the governor of Homs?', user: users.manager });
  const message = h.emulator.originalOf(interaction)!;
  const before = JSON.stringify(message);
  const more = customIds(edit.body).find((id) => id.startsWith('more:'))!;
  const press = h.emulator.button({ customId: more, messageId: message.id, user: users.other });
  const callback = await h.emulator.waitForInteraction(press, isCallback);
  assert.deepEqual(callback.body, { type: 5, data: { flags: 64 } }, 'a new private reply, not an update');
  const copy = await h.emulator.waitForInteraction(press, isEditOriginal);
  assert.match(copy.body.content, /results 4–6/);
  assert.equal(JSON.stringify(h.emulator.messages.get(message.id)), before, 'the public answer is untouched');
  assert.equal(h.emulator.originalOf(press)!.flags, 64);
  // On the private copy, the presser pages in place.
  const next = customIds(copy.body).find((id) => id.startsWith('more:') && id !== more)!;
  const again = h.emulator.button({ customId: next, messageId: h.emulator.originalOf(press)!.id, user: users.other });
  assert.deepEqual((await h.emulator.waitForInteraction(again, isCallback)).body, { type: 6 });

  // A mention's answer belongs to the one who mentioned the bot.
  const mention = h.emulator.message({ content: `<@${ids.bot}> Who is the governor of Homs?`, author: users.manager });
  const reply = await h.emulator.waitFor((r) => r.body?.message_reference?.message_id === mention);
  const replyMessage = [...h.emulator.messages.values()].find((m) => m.message_reference?.message_id === mention)!;
  const moreOnReply = customIds(reply.body).find((id) => id.startsWith('more:'))!;
  const byOther = h.emulator.button({ customId: moreOnReply, messageId: replyMessage.id, user: users.other });
  assert.deepEqual((await h.emulator.waitForInteraction(byOther, isCallback)).body, { type: 5, data: { flags: 64 } });
  const byAsker = h.emulator.button({ customId: moreOnReply, messageId: replyMessage.id, user: users.manager });
  assert.deepEqual((await h.emulator.waitForInteraction(byAsker, isCallback)).body, { type: 6 });
});

test('buttons are validated: an unknown question key or a forged custom_id gets a private note', async () => {
  const { interaction } = await ask(h, { question: 'Who is the governor of Homs?' });
  const message = h.emulator.originalOf(interaction)!;
  const expired = h.emulator.button({ customId: 'more:3:0123456789abcdef', messageId: message.id });
  const expiredReply = await h.emulator.waitForInteraction(expired, isCallback);
  assert.deepEqual(expiredReply.body, {
    type: 4,
    data: {
      content: 'This button has expired (I restarted or it is too old). Please ask again with /ask.',
      tts: false,
      enforce_nonce: false,
      embeds: [],
      components: [],
      allowed_mentions: SAFE,
      flags: 64,
    },
  });
  for (const customId of ['more:999:0123456789abcdef', 'full:xx:homs-governor#0', 'sources:0:en', 'reindex', 'more:1:ZZZ']) {
    const forged = h.emulator.button({ customId, messageId: message.id });
    const reply = await h.emulator.waitForInteraction(forged, isCallback);
    assert.equal(reply.body.data.flags, 64, customId);
    assert.equal(reply.body.data.content, 'That button is not valid any more.', customId);
  }
  const gone = h.emulator.button({ customId: 'full:en:no-such-doc#9', messageId: message.id });
  const goneReply = await h.emulator.waitForInteraction(gone, isCallback);
  assert.match(goneReply.body.data.content, /^I don't know a passage or article with the id "no-such-doc#9"/);
});

test('an unexpected engine error: the public placeholder is removed, the user gets a private apology, the log has the details', async () => {
  const interaction = h.emulator.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'boom goes the engine' }] });
  await h.emulator.waitForInteraction(interaction, (r) => r.method === 'DELETE');
  const followUp = await h.emulator.waitForInteraction(interaction, isFollowUp);
  assert.deepEqual(followUp.body, {
    content: 'Sorry, something went wrong on my side. Please try again in a moment.',
    tts: false,
    enforce_nonce: false,
    embeds: [],
    components: [],
    allowed_mentions: SAFE,
    flags: 64,
  });
  const line = h.logs.map((l) => JSON.parse(l)).find((entry) => entry.msg === 'interaction failed' && entry.interactionId === interaction.id);
  assert.ok(line, 'error logged with the interaction id');
  assert.equal(line.level, 50);
  assert.match(line.err.message, /engine exploded: internal detail/);
  assert.match(line.err.stack, /fakeEngine/);
  assert.doesNotMatch(JSON.stringify(followUp.body), /internal detail/);
});

test('every answer is logged with its interaction id and never with the token', () => {
  const joined = h.logs.join('');
  assert.ok(!joined.includes(TOKEN));
  const handled = h.logs.map((l) => JSON.parse(l)).filter((entry) => entry.msg === 'interaction handled');
  assert.ok(handled.length > 5);
  for (const entry of handled) assert.match(entry.interactionId, /^\d+$/);
});
