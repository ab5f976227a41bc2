/**
 * /stats through the emulator, the real discord.js client and a real SQLite file: the figures of
 * what was asked and rated through the bot, the chart as a PNG attachment (sent as multipart, kept
 * as a test artifact whose path is printed), in the admin's language, refused to anyone who does not
 * administer the deployment, and one private line when the database cannot be read.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { databasePath } from '../../src/data/database.ts';
import { STATS_CHART_FILE } from '../../src/discord/renderStats.ts';
import { dayString } from '../../src/stats/period.ts';
import { ids, permissions, users, type DispatchedInteraction, type RecordedRequest, type UserFixture } from '../../tools/emulator/discordEmulator.ts';
import { pngSize } from '../support/png.ts';
import { ask, assertSafePayloads, customIds, isCallback, isEditOriginal, startHarness, type Harness } from './harness.ts';

const DAY = 86_400_000;
const ADMIN_ONLY_TEXT =
  "Sorry, only this bot's administrators can do that: the admins it was configured with, or members with Manage Server in its home server.";

let h: Harness;
before(async () => {
  h = await startHarness({ feedback: {} });
  await askAndVote();
});
after(async () => {
  assertSafePayloads(h.emulator.requests);
  await h.close();
});

async function vote(edit: RecordedRequest, interaction: DispatchedInteraction, choice: 'up' | 'down', user: UserFixture, reason?: string): Promise<void> {
  const customId = customIds(edit.body).find((id) => id.startsWith(`vote:${choice}:`))!;
  const pressed = h.emulator.button({ customId, messageId: h.emulator.originalOf(interaction)!.id, user });
  await h.emulator.waitForInteraction(pressed, isCallback);
  if (!reason) return;
  const menu = h.emulator.originalOf(pressed)!;
  const chosen = h.emulator.select({ customId: menu.components[0].components[0].custom_id, values: [reason], messageId: menu.id, user });
  await h.emulator.waitForInteraction(chosen, isCallback);
}

/** Four questions (two answered confidently, two in each language, one by mention) and two votes. */
async function askAndVote(): Promise<void> {
  const homs = await ask(h, { question: 'من هو محافظ حمص؟', user: users.member });
  await vote(homs.edit, homs.interaction, 'up', users.member);
  const mars = await ask(h, { question: 'Is there water on planet Mars?', user: users.other });
  await vote(mars.edit, mars.interaction, 'down', users.other, 'no-answer');
  await ask(h, { question: 'هل يوجد ماء على كوكب المريخ؟', user: users.other });
  const mention = h.emulator.message({ content: `<@${ids.bot}> Who is the governor of Homs?` });
  await h.emulator.waitFor((r) => r.method === 'POST' && r.body?.message_reference?.message_id === mention);
}

function stats(user: UserFixture, options: Array<{ name: string; type: number; value: string | number }> = [], extra: Record<string, unknown> = {}) {
  return h.emulator.chatCommand({ name: 'stats', options, user, ...extra });
}

test('/stats: deferred privately, then the figures of the period and the chart attached as a PNG (artifact path printed)', async (t) => {
  h.feedback!.recorder.flush(); // the recorder writes within 250 ms; the test does not wait for its timer
  const interaction = stats(users.listedAdmin, [{ name: 'days', type: 4, value: 7 }]);
  const defer = await h.emulator.waitForInteraction(interaction, isCallback);
  assert.deepEqual(defer.body, { type: 5, data: { flags: 64 } });
  const edit = await h.emulator.waitForInteraction(interaction, isEditOriginal);
  const now = Date.now();
  const content: string = edit.body.content;
  t.diagnostic(`/stats reply:\n${content}`);
  const lines = content.split('\n');
  assert.deepEqual(lines.slice(0, 7), [
    '**What users asked, and how they rated the answers**',
    `Period: ${dayString(now - 6 * DAY)} – ${dayString(now)} (7 days, UTC)`,
    'Questions 4 · answered confidently 50.0% · rated 👍 50.0% of 2 votes',
    '',
    'By language:',
    '  ar: Questions 2 · answered confidently 50.0% · rated 👍 100.0% of 1 votes',
    '  en: Questions 2 · answered confidently 50.0% · rated 👍 0.0% of 1 votes',
  ]);
  assert.equal(lines[8], 'Coverage gaps (unanswered or rated 👎), by similar wording:');
  // Users' questions are isolated (an Arabic one cannot reorder an English line) and escaped.
  assert.ok(lines.includes('  1. 1× \u2068Is there water on planet Mars?\u2069 — unanswered 1, 👎 1 (“no answer in these articles” 1)'), content);
  assert.ok(lines.includes('  2. 1× \u2068هل يوجد ماء على كوكب المريخ؟\u2069 — unanswered 1, 👎 0'), content);
  assert.ok(content.length <= 2000);
  assert.deepEqual(edit.body.embeds, []);
  assert.deepEqual(edit.body.components, []);

  // discord.js sends the chart as multipart/form-data: the message in payload_json, the file in files[0].
  assert.match(edit.contentType!, /^multipart\/form-data; boundary=/);
  assert.equal(edit.files.length, 1);
  const [file] = edit.files;
  assert.equal(file!.name, STATS_CHART_FILE);
  assert.equal(file!.contentType, 'image/png');
  assert.deepEqual(
    edit.body.attachments.map((attachment: any) => String(attachment.id)),
    ['0'],
    'the attachment refers to files[0]',
  );
  const { width, height } = pngSize(file!.data);
  assert.ok(width >= 1200 && height >= 500, `${width}×${height}`);
  const stored = h.emulator.originalOf(interaction)!;
  assert.equal(stored.flags, 64, 'only the admin sees it');
  assert.deepEqual(
    (stored.attachments as any[]).map((a) => [a.filename, a.size, a.content_type]),
    [[STATS_CHART_FILE, file!.data.length, 'image/png']],
  );
  const artifact = path.join(mkdtempSync(path.join(tmpdir(), 'stats-reply-')), STATS_CHART_FILE);
  writeFileSync(artifact, file!.data);
  t.diagnostic(`/stats chart artifact: ${artifact} (${width}×${height})`);
});

test('/stats in the admin’s language, from a day given with since; one worker for every /stats', async () => {
  // A moderator (ADMIN_ROLE_IDS) who asks in Arabic gets Arabic figures and an Arabic chart.
  await ask(h, { question: 'من هو محافظ حمص؟', user: users.roleAdmin });
  h.feedback!.recorder.flush();
  const since = dayString(Date.now() - 2 * DAY);
  const interaction = stats(users.roleAdmin, [{ name: 'since', type: 3, value: since }], { roles: [ids.roles.moderator] });
  const edit = await h.emulator.waitForInteraction(interaction, isEditOriginal);
  const lines = edit.body.content.split('\n');
  assert.equal(lines[0], '**ماذا سأل المستخدمون، وكيف قيّموا الإجابات**');
  assert.equal(lines[1], `الفترة: ${since} – ${dayString(Date.now())} (3 يوماً، بتوقيت UTC)`);
  assert.equal(lines[2], 'الأسئلة 5 · أجيب بثقة 60.0% · قُيّم 👍 50.0% من 2 تقييماً');
  pngSize(edit.files[0]!.data);
  assert.equal(h.feedback!.stats.workersStarted, 1, 'the worker of the first /stats is kept for the next');
});

test('/stats is refused privately to a member, and to a manager of a server that is not a home server; nothing is computed', async () => {
  const started = h.feedback!.stats.workersStarted;
  for (const interaction of [
    stats(users.member, [], { permissions: permissions.member }),
    stats(users.manager, [], { channelId: ids.channels.elsewhere, permissions: permissions.manager }),
  ]) {
    const reply = await h.emulator.waitForInteraction(interaction, isCallback);
    assert.equal(reply.body.type, 4);
    assert.equal(reply.body.data.content, ADMIN_ONLY_TEXT);
    assert.equal(reply.body.data.flags, 64);
    assert.equal(h.emulator.requestsFor(interaction).length, 1);
  }
  assert.equal(h.feedback!.stats.workersStarted, started);
});

test('/stats with a malformed or future since: one private line naming the option', async () => {
  const malformed = await h.emulator.waitForInteraction(stats(users.listedAdmin, [{ name: 'since', type: 3, value: '2026-13-01' }]), isCallback);
  assert.equal(malformed.body.data.content, 'since must be a date written YYYY-MM-DD (got "2026-13-01")');
  assert.equal(malformed.body.data.flags, 64);
  const tomorrow = dayString(Date.now() + DAY);
  const future = await h.emulator.waitForInteraction(stats(users.listedAdmin, [{ name: 'since', type: 3, value: tomorrow }]), isCallback);
  assert.equal(future.body.data.content, `since must not be after ${dayString(Date.now())}`);
});

test('a damaged database: /stats says so in one private line, and the bot keeps answering (without feedback buttons)', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bot-data-damaged-'));
  writeFileSync(databasePath(dataDir), 'this is not a database, but it is long enough to look like a file header.'.repeat(20));
  const damaged = await startHarness({ feedback: { dataDir } });
  try {
    const interaction = damaged.emulator.chatCommand({ name: 'stats', options: [], user: users.listedAdmin });
    const defer = await damaged.emulator.waitForInteraction(interaction, isCallback);
    assert.deepEqual(defer.body, { type: 5, data: { flags: 64 } });
    const edit = await damaged.emulator.waitForInteraction(interaction, isEditOriginal);
    assert.equal(edit.body.content, `database ${databasePath(dataDir)} is damaged (file is not a database); move it aside to start a new one`);
    const { edit: answer } = await ask(damaged, { question: 'من هو محافظ حمص؟' });
    assert.equal(answer.body.embeds.length, 3);
    assert.ok(!customIds(answer.body).some((id) => id.startsWith('vote:')));
    const recorderLines = damaged.logs.map((line) => JSON.parse(line)).filter((line) => line.component === 'data');
    assert.deepEqual(
      recorderLines.map((line) => line.msg),
      [`answers are not being recorded: database ${databasePath(dataDir)} is damaged (file is not a database); move it aside to start a new one`],
    );
    assertSafePayloads(damaged.emulator.requests);
  } finally {
    await damaged.close();
  }
});
