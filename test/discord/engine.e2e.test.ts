/**
 * The real retrieval engine behind the real bot: corpus/ indexed lexically (EMBEDDING_MODEL='')
 * into a temporary INDEX_DIR, asked "من هو محافظ حمص؟" through /ask on the emulator. The English–Arabic
 * dictionary is off (DICTIONARY_PATH=off), so the results are the same whether or not it is installed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadBotConfig } from '../../src/config.ts';
import { createEngine } from '../../src/engine.ts';
import { createBot, type Bot } from '../../src/discord/bot.ts';
import { createLogger } from '../../src/discord/logger.ts';
import { DiscordEmulator, users } from '../../tools/emulator/discordEmulator.ts';
import { assertSafePayloads, BASE_ENV, customIds, isCallback, isEditOriginal } from './harness.ts';

let emulator: DiscordEmulator;
let bot: Bot;
let engine: Awaited<ReturnType<typeof createEngine>>;
let indexDir: string;

before(async () => {
  indexDir = mkdtempSync(path.join(tmpdir(), 'bot-e2e-index-'));
  const config = loadBotConfig({ ...BASE_ENV, CORPUS_DIR: 'corpus', INDEX_DIR: indexDir, EMBEDDING_MODEL: '', DICTIONARY_PATH: 'off', LOG_LEVEL: 'warn' });
  const logger = createLogger({ level: config.logLevel, secrets: [config.discordToken], destination: { write: () => undefined } });
  engine = await createEngine(config, { logger, buildIfMissing: true, keepServing: true });
  emulator = await DiscordEmulator.start();
  bot = createBot({ config, engine, logger, clientOptions: { rest: { api: emulator.restApi } } });
  await bot.start();
});

after(async () => {
  assertSafePayloads(emulator.requests);
  await bot.stop({ graceMs: 1000 });
  await emulator.close();
  await engine.close();
  rmSync(indexDir, { recursive: true, force: true });
});

/** The corpus's texts, to check every quote is an exact slice of an article. */
function corpusText(): string {
  return readdirSync('corpus')
    .map((name) => readFileSync(path.join('corpus', name), 'utf8'))
    .join('\n');
}

const unescape = (markdown: string) => markdown.replace(/\*\*/g, '').replace(/\\(.)/g, '$1');

test('/ask من هو محافظ حمص؟ quotes the passage naming the governor, key sentence bold', async () => {
  const interaction = emulator.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'من هو محافظ حمص؟' }] });
  assert.deepEqual((await emulator.waitForInteraction(interaction, isCallback, 30_000)).body, { type: 5, data: { flags: 0 } });
  const edit = await emulator.waitForInteraction(interaction, isEditOriginal, 30_000);
  const { content, embeds } = edit.body;
  assert.match(content, /^\*\*السؤال:\*\* \u2068من هو محافظ حمص؟\u2069\nأقرب المقاطع إلى سؤالك \(النتائج 1–3\):/);
  const first = embeds[0];
  assert.match(first.description, /\*\*[^*]*محافظ حمص طلال البرازي[^*]*\*\*/, 'the key sentence names the governor, in bold');
  assert.equal(first.fields[0].name, 'المصدر 1');
  const text = corpusText();
  for (const embed of embeds) assert.ok(text.includes(unescape(embed.description).trim()), 'each quote is an exact slice of an article');
  const passageId = /`([^`]+)`/.exec(first.fields[0].value)![1]!;
  assert.ok(engine.getPassage(passageId), 'the id shown works with /source');
  assert.ok(customIds(edit.body).includes(`full:ar:${passageId}`));
});

test('/ask in English without the dictionary says so in one line; /source on the real index', async () => {
  const asked = emulator.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'Who is the governor of Homs?' }], user: users.other });
  const edit = await emulator.waitForInteraction(asked, isEditOriginal, 30_000);
  assert.match(edit.body.content, /^\*\*Question:\*\*/);
  const noticeLines = edit.body.content.split('\n').filter((line: string) => line.startsWith('-# ') && /dictionary/i.test(line));
  assert.equal(noticeLines.length, 1, edit.body.content);
  const [document] = engine.listDocuments();
  const source = emulator.chatCommand({ name: 'source', options: [{ name: 'id', type: 3, value: document!.docId }], user: users.other });
  const reply = await emulator.waitForInteraction(source, isCallback, 30_000);
  assert.equal(reply.body.data.embeds[0].fields[0].name, 'Document');
  assert.ok(corpusText().includes(reply.body.data.embeds[0].description.replace(/\\(.)/g, '$1')));
});
