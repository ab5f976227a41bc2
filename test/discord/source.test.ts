/** /source with autocomplete, /sources paging with buttons, /help — against the emulator. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ids, users } from '../../tools/emulator/discordEmulator.ts';
import { documents } from './fakeEngine.ts';
import { ask, assertSafePayloads, customIds, embedText, type Harness, harnessForFile, isCallback, startHarness } from './harness.ts';

const h = await harnessForFile();

const FSI = '\u2068';
const PDI = '\u2069';

function autocomplete(value: string) {
  return h.emulator.autocomplete({ name: 'source', options: [{ name: 'id', type: 3, value, focused: true }] });
}

async function choicesFor(value: string): Promise<Array<{ name: string; value: string }>> {
  const interaction = autocomplete(value);
  const callback = await h.emulator.waitForInteraction(interaction, isCallback);
  assert.equal(callback.body.type, 8);
  return callback.body.data.choices;
}

test('autocomplete: at most 25 choices, title and id, value the document id', async () => {
  const choices = await choicesFor('');
  assert.equal(choices.length, 25);
  assert.deepEqual(choices[0], { name: `${FSI}محافظ حمص يتفقد أحياء المدينة القديمة${PDI} · homs-governor`, value: 'homs-governor' });
  for (const choice of choices) {
    assert.ok(choice.name.length <= 100 && choice.value.length <= 100);
  }
});

test('autocomplete: Arabic typing matches without hamza or diacritics, Latin typing matches titles and ids', async () => {
  // "محافظ" typed with a different alef and a fatha still finds the governor's article.
  assert.deepEqual(
    (await choicesFor('مَحافظ')).map((c) => c.value),
    ['homs-governor'],
  );
  assert.deepEqual(
    (await choicesFor('raqqa')).map((c) => c.value),
    ['raqqa-notes'],
  );
  assert.deepEqual(
    (await choicesFor('NOTES')).map((c) => c.value),
    ['raqqa-notes'],
  );
  const bulletins = await choicesFor('نشرة');
  assert.equal(bulletins.length, 25, 'capped at 25 although 26 match');
  // A full passage id typed or pasted is offered first.
  assert.deepEqual((await choicesFor('homs-governor#1'))[0], { name: 'homs-governor#1 · محافظ حمص يتفقد أحياء المدينة القديمة', value: 'homs-governor#1' });
  assert.deepEqual(await choicesFor('zzzz'), []);
});

test('/source with a passage id: the passage in full with its metadata and link', async () => {
  const interaction = h.emulator.chatCommand({ name: 'source', options: [{ name: 'id', type: 3, value: 'homs-governor#0' }] });
  const reply = await h.emulator.waitForInteraction(interaction, isCallback);
  assert.equal(reply.body.type, 4);
  assert.equal(reply.body.data.flags, undefined, 'public: a source is worth sharing');
  const [embed] = reply.body.data.embeds;
  assert.equal(embed.description, documents[0]!.passages[0]!.text);
  assert.equal(embed.fields[0].name, 'Passage 1');
  assert.match(embed.fields[0].value, /<https:\/\/example\.com\/news\/homs\?id=1>/);
});

test('/source with a document id: metadata and the opening of the article', async () => {
  const interaction = h.emulator.chatCommand({ name: 'source', options: [{ name: 'id', type: 3, value: 'raqqa-notes' }] });
  const reply = await h.emulator.waitForInteraction(interaction, isCallback);
  const [embed] = reply.body.data.embeds;
  assert.equal(embed.author.name, 'Opening of the article');
  assert.equal(embed.title, `${FSI}Notes from Raqqa${PDI}`);
  assert.equal(embed.description, documents[2]!.passages[0]!.text);
  assert.equal(embed.fields[0].name, 'Document');
  assert.match(embed.fields[0].value, /`raqqa-notes`/);
  assert.match(embed.fields[0].value, /1 passages$/);
});

test("/source with an unknown id: a private error in the user's language", async () => {
  const interaction = h.emulator.chatCommand({ name: 'source', options: [{ name: 'id', type: 3, value: 'nope<@1>' }] });
  const reply = await h.emulator.waitForInteraction(interaction, isCallback);
  assert.equal(reply.body.data.flags, 64);
  assert.equal(reply.body.data.content, 'I don\'t know a passage or article with the id "nope". Try /source and pick one from the list, or /sources.');
  // After an Arabic question, the same user gets Arabic.
  await ask(h, { question: 'من هو محافظ حمص؟', user: users.other });
  const arabic = h.emulator.chatCommand({ name: 'source', options: [{ name: 'id', type: 3, value: 'nope' }], user: users.other });
  const arabicReply = await h.emulator.waitForInteraction(arabic, isCallback);
  assert.equal(arabicReply.body.data.content, 'لا أعرف مقطعًا أو مقالة بالمعرّف "nope". جرّب \u200e/source واختر من القائمة، أو \u200e/sources.');
  // The id is echoed escaped: markdown in it shows as typed.
  const marked = h.emulator.chatCommand({ name: 'source', options: [{ name: 'id', type: 3, value: '**big** _x_ ||s|| [l](https://e.example)' }] });
  const markedReply = await h.emulator.waitForInteraction(marked, isCallback);
  assert.equal(
    markedReply.body.data.content,
    'I don\'t know a passage or article with the id "\\*\\*big\\*\\* \\_x\\_ \\|\\|s\\|\\| \\[l\\](https://e.example)". Try /source and pick one from the list, or /sources.',
  );
});

describe('/source under the channel rules and rate limits of /ask', () => {
  let limited: Harness;
  before(async () => {
    limited = await startHarness({ env: { ALLOWED_CHANNEL_IDS: ids.channels.general, RATE_LIMIT_USER_PER_MINUTE: '2' }, now: () => 7_000_000 });
  });
  after(async () => {
    assertSafePayloads(limited.emulator.requests);
    await limited.close();
  });
  const source = (channelId: string, user = users.other) =>
    limited.emulator.chatCommand({ name: 'source', options: [{ name: 'id', type: 3, value: 'homs-governor#0' }], channelId, user });

  test('outside ALLOWED_CHANNEL_IDS it answers privately; the third in a minute is refused', async () => {
    const inside = await limited.emulator.waitForInteraction(source(ids.channels.general), isCallback);
    assert.equal(inside.body.data.flags, undefined, 'public where answers are allowed');
    const outside = await limited.emulator.waitForInteraction(source(ids.channels.offTopic), isCallback);
    assert.equal(outside.body.data.flags, 64, 'private elsewhere');
    assert.equal(outside.body.data.embeds.length, 1);
    const refused = await limited.emulator.waitForInteraction(source(ids.channels.general), isCallback);
    assert.equal(refused.body.data.flags, 64);
    assert.equal(refused.body.data.content, 'You are asking quickly. Please try again in 60 s.');
  });
});

test('/sources: a private paged list; Next and Previous buttons update the message in place', async () => {
  const interaction = h.emulator.chatCommand({ name: 'sources', options: [] });
  const reply = await h.emulator.waitForInteraction(interaction, isCallback);
  assert.equal(reply.body.type, 4);
  assert.equal(reply.body.data.flags, 64);
  const page1 = reply.body.data;
  assert.equal(page1.embeds[0].title, 'Articles in the corpus');
  assert.equal(page1.embeds[0].footer.text, 'Page 1/3 · 30 articles · open one with /source');
  assert.match(
    page1.embeds[0].description,
    /^\*\*1\.\*\* \u2068محافظ حمص يتفقد أحياء المدينة القديمة\u2069\n\u2066`homs-governor`\u2069 · \u2068العربي الجديد\u2069 · 2016-03-24/,
  );
  assert.deepEqual(customIds(page1), ['sources:2:en']);

  const message = h.emulator.originalOf(interaction)!;
  const next = h.emulator.button({ customId: 'sources:2:en', messageId: message.id });
  const update = await h.emulator.waitForInteraction(next, isCallback);
  assert.equal(update.body.type, 7, 'updates the message the button is on');
  assert.equal(update.body.data.embeds[0].footer.text, 'Page 2/3 · 30 articles · open one with /source');
  assert.match(update.body.data.embeds[0].description, /^\*\*11\.\*\*/);
  assert.deepEqual(customIds(update.body.data), ['sources:1:en', 'sources:3:en']);

  // A page past the end (the corpus shrank since the button was made) shows the last page.
  const stale = h.emulator.button({ customId: 'sources:9:ar', messageId: message.id });
  const last = await h.emulator.waitForInteraction(stale, isCallback);
  assert.equal(last.body.data.embeds[0].footer.text, 'الصفحة 3/3 · 30 مقالًا · اعرض إحداها بالأمر \u200e/source');
  assert.deepEqual(customIds(last.body.data), ['sources:2:ar']);
});

test('/sources page:2 starts on that page', async () => {
  const interaction = h.emulator.chatCommand({ name: 'sources', options: [{ name: 'page', type: 4, value: 2 }] });
  const reply = await h.emulator.waitForInteraction(interaction, isCallback);
  assert.match(reply.body.data.embeds[0].footer.text, /^Page 2\/3/);
});

test("/help: what the bot knows and how to ask, in both languages, the asker's first", async () => {
  const interaction = h.emulator.chatCommand({ name: 'help', options: [], user: users.manager });
  const reply = await h.emulator.waitForInteraction(interaction, isCallback);
  assert.equal(reply.body.data.flags, 64);
  const [english, arabic] = reply.body.data.embeds;
  assert.equal(english.title, 'News Q&A: how to ask');
  assert.equal(arabic.title, 'أسئلة الأخبار: كيف تسأل');
  assert.match(english.description, /^I answer questions about 30 news articles \(31 passages\)/);
  assert.match(english.description, /Articles from 2016-01-02 to 2016-03-24\./);
  assert.match(english.description, /Search: lexical \(word matching only\)\./);
  assert.match(english.description, /-# embedding model not available: lexical search only$/);
  assert.match(arabic.description, /^أجيب عن الأسئلة حول الأخبار في 30 مقالًا \(/);
  // A user whose last question was Arabic sees the Arabic help first.
  const other = h.emulator.chatCommand({ name: 'help', options: [], user: users.other });
  const otherReply = await h.emulator.waitForInteraction(other, isCallback);
  assert.equal(otherReply.body.data.embeds[0].title, 'أسئلة الأخبار: كيف تسأل');
  assert.ok(embedText(otherReply.body.data).includes('/reindex'));
});

test('/help shows notices the engine raises after start-up (a damaged index now served from an older version)', async () => {
  const notices = h.engine.notices as string[];
  notices.push('Index v-2 is damaged (texts.bin fails its checksum); serving the previous version v-1 until the index is rebuilt.');
  try {
    const interaction = h.emulator.chatCommand({ name: 'help', options: [], user: users.manager });
    const reply = await h.emulator.waitForInteraction(interaction, isCallback);
    assert.match(reply.body.data.embeds[0].description, /serving the previous version v-1/);
  } finally {
    notices.pop();
  }
});

test('a command registered earlier but no longer in the code: a private note', async () => {
  const interaction = h.emulator.chatCommand({ name: 'oldcommand', options: [] });
  const reply = await h.emulator.waitForInteraction(interaction, isCallback);
  assert.equal(reply.body.data.flags, 64);
  assert.equal(reply.body.data.content, 'This command is not available any more.');
});
