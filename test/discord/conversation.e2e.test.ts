/**
 * A two-question thread with the real engine (corpus/, lexical, dictionary off) behind the real bot,
 * with a restart between the questions: «من هو محافظ حمص؟» opens a thread; after the restart «وماذا
 * أضاف عن الجيش؟» ("and what did he add about the army?") in that thread is answered from the
 * governor's passage, which the same words asked alone do not find first. The transcript (the first
 * lines of both answers) is printed as the test's diagnostics.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../src/engine.ts';
import { ids, type RecordedRequest } from '../../tools/emulator/discordEmulator.ts';
import { assertSafePayloads, startEngineHarness, type Harness } from './harness.ts';

let h: Harness<Engine>;
before(async () => {
  h = await startEngineHarness({ DICTIONARY_PATH: 'off', REPLY_MODE: 'thread' });
});
after(async () => {
  assertSafePayloads(h.emulator.requests);
  await h.close();
});

const BOT = `<@${ids.bot}>`;
const GOVERNOR = '004_ae0401a271bd997a#3';
const isPostIn = (channelId: string) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`;

/** The passage id of an answer's first result (its metadata field ends with the id for /source). */
function firstPassage(answer: RecordedRequest): string {
  return /`([^`]+)`/.exec(answer.body.embeds[0].fields[0].value)![1]!;
}

/** The answer's first line and its first quote's first words: what a reader of the thread sees first. */
function firstLines(answer: RecordedRequest): string {
  const quote = (answer.body.embeds[0].description as string).replace(/\*\*/g, '').replace(/\\(.)/g, '$1');
  return `${(answer.body.content as string).split('\n')[0]} | 1. ${quote.slice(0, 90)}… [${firstPassage(answer)}]`;
}

test('a follow-up in a thread, after a restart, is answered from the earlier subject', async (t) => {
  const question = h.emulator.message({ content: `${BOT} من هو محافظ حمص؟` });
  const first = await h.emulator.waitFor(isPostIn(question), { timeoutMs: 30_000 });
  assert.equal(firstPassage(first), GOVERNOR);

  await h.restart();
  const followUp = h.emulator.message({ channelId: question, content: `${BOT} وماذا أضاف عن الجيش؟` });
  const second = await h.emulator.waitFor((r) => isPostIn(question)(r) && r.body?.message_reference?.message_id === followUp, { timeoutMs: 30_000 });
  assert.equal(firstPassage(second), GOVERNOR, "the governor's passage: shown before, and still the best");
  const shownBefore = (first.body.embeds as Array<{ fields: Array<{ value: string }> }>).map((embed) => /`([^`]+)`/.exec(embed.fields[0]!.value)![1]);
  const secondIds = (second.body.embeds as Array<{ fields: Array<{ value: string }> }>).map((embed) => /`([^`]+)`/.exec(embed.fields[0]!.value)![1]);
  assert.ok(
    secondIds.slice(1).every((id) => !shownBefore.includes(id)),
    'its other results are passages not shown in the thread yet',
  );

  // The same words as a new question (a new thread): the governor's passage is not first.
  const alone = h.emulator.message({ content: `${BOT} وماذا أضاف عن الجيش؟` });
  const aloneAnswer = await h.emulator.waitFor(isPostIn(alone), { timeoutMs: 30_000 });
  assert.notEqual(firstPassage(aloneAnswer), GOVERNOR);

  t.diagnostic(`thread ${question} (restart between the questions):`);
  t.diagnostic(`  Q1 من هو محافظ حمص؟ → ${firstLines(first)}`);
  t.diagnostic(`  Q2 وماذا أضاف عن الجيش؟ → ${firstLines(second)}`);
  t.diagnostic(`  (Q2 asked alone → ${firstLines(aloneAnswer)})`);
});
