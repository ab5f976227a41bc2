/**
 * The real retrieval engine behind the real bot: corpus/ indexed lexically (EMBEDDING_MODEL='')
 * into a temporary INDEX_DIR, asked "من هو محافظ حمص؟" through /ask on the emulator. The English–Arabic
 * dictionary is off (DICTIONARY_PATH=off), so the results are the same whether or not it is installed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Engine } from '../../src/engine.ts';
import { users } from '../../tools/emulator/discordEmulator.ts';
import { assertSafePayloads, customIds, isCallback, isEditOriginal, startEngineHarness, type Harness } from './harness.ts';

let h: Harness<Engine>;
before(async () => {
  h = await startEngineHarness({ DICTIONARY_PATH: 'off' });
});
after(async () => {
  assertSafePayloads(h.emulator.requests);
  await h.close();
});

/** The corpus's texts, to check every quote is an exact slice of an article. */
function corpusText(): string {
  return readdirSync('corpus')
    .map((name) => readFileSync(path.join('corpus', name), 'utf8'))
    .join('\n');
}

const unescapeMarkdown = (markdown: string) => markdown.replace(/\*\*/g, '').replace(/\\(.)/g, '$1');

test('/ask من هو محافظ حمص؟ quotes the passage naming the governor, key sentence bold', async () => {
  const interaction = h.emulator.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'من هو محافظ حمص؟' }] });
  assert.deepEqual((await h.emulator.waitForInteraction(interaction, isCallback, 30_000)).body, { type: 5, data: { flags: 0 } });
  const edit = await h.emulator.waitForInteraction(interaction, isEditOriginal, 30_000);
  const { content, embeds } = edit.body;
  assert.match(content, /^\*\*السؤال:\*\* \u2068من هو محافظ حمص؟\u2069\nأقرب المقاطع إلى سؤالك \(النتائج 1–3\):/);
  const first = embeds[0];
  assert.match(first.description, /\*\*[^*]*محافظ حمص طلال البرازي[^*]*\*\*/, 'the key sentence names the governor, in bold');
  assert.equal(first.fields[0].name, 'المصدر 1');
  const text = corpusText();
  for (const embed of embeds) assert.ok(text.includes(unescapeMarkdown(embed.description).trim()), 'each quote is an exact slice of an article');
  const passageId = /`([^`]+)`/.exec(first.fields[0].value)![1]!;
  assert.ok(h.engine.getPassage(passageId), 'the id shown works with /source');
  assert.ok(customIds(edit.body).includes(`full:ar:${passageId}`));
});

test('/ask in English without the dictionary says so in one line; /source on the real index', async () => {
  const asked = h.emulator.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'Who is the governor of Homs?' }], user: users.other });
  const edit = await h.emulator.waitForInteraction(asked, isEditOriginal, 30_000);
  assert.match(edit.body.content, /^\*\*Question:\*\*/);
  const noticeLines = edit.body.content.split('\n').filter((line: string) => line.startsWith('-# ') && /dictionary/i.test(line));
  assert.equal(noticeLines.length, 1, edit.body.content);
  const [document] = h.engine.listDocuments();
  const source = h.emulator.chatCommand({ name: 'source', options: [{ name: 'id', type: 3, value: document!.docId }], user: users.other });
  const reply = await h.emulator.waitForInteraction(source, isCallback, 30_000);
  assert.equal(reply.body.data.embeds[0].fields[0].name, 'Document');
  assert.ok(corpusText().includes(reply.body.data.embeds[0].description.replace(/\\(.)/g, '$1')));
});
