/**
 * The bot's own permissions in a channel, from the emulator's roles and overwrites (interactions
 * carry them as `app_permissions`; for mentions discord.js computes them from the cached server):
 * without Embed Links answers are plain text within 2,000 characters; without Send Messages a
 * slash-command user is answered privately and told why, a mention is ignored with one log line;
 * without Read Message History a mention's answer is a plain message naming the asker.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PermissionFlagsBits as P } from 'discord.js';
import { splitMarkdown } from '../../src/discord/plainText.ts';
import { ids, users, type RecordedRequest } from '../../tools/emulator/discordEmulator.ts';
import { HUGE_KEY, HUGE_PASSAGE } from './fakeEngine.ts';
import { ask, harnessForFile, isCallback, isFollowUp } from './harness.ts';

const h = await harnessForFile();

const BOT = `<@${ids.bot}>`;
const FSI = '\u2068';
const PDI = '\u2069';
const isChannelPost = (channelId: string) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`;

/** Resolves once the bot logged that it handled the interaction (every message of the answer sent). */
async function handled(interactionId: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!h.logs.some((line) => line.includes(`"interactionId":"${interactionId}"`) && line.includes('"msg":"interaction handled"'))) {
    if (Date.now() > deadline) throw new Error('not handled');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Unescaped `**` markers: an even count means bold is closed by the end of the text. */
function boldMarkers(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text.startsWith('**', i)) {
      count++;
      i++;
    }
  }
  return count;
}

test("the emulator's server: app_permissions and discord.js's own computation agree on what the bot may do", () => {
  const guild = h.bot.client.guilds.cache.get(ids.guild)!;
  const me = guild.members.me!;
  const can = (channelId: string, bit: bigint) => guild.channels.cache.get(channelId)!.permissionsFor(me).has(bit);
  assert.equal(can(ids.channels.general, P.EmbedLinks), true);
  assert.equal(can(ids.channels.noEmbeds, P.EmbedLinks), false);
  assert.equal(can(ids.channels.readOnly, P.SendMessages), false);
  assert.equal(can(ids.channels.noHistory, P.ReadMessageHistory), false);
  assert.equal(can(ids.channels.staffOnly, P.ViewChannel), false);
  // Discord (and the emulator) also drop Embed Links implicitly where the bot may not send; discord.js does not.
  const mask = P.ViewChannel | P.SendMessages | P.ReadMessageHistory;
  for (const channelId of [ids.channels.general, ids.channels.noEmbeds, ids.channels.readOnly, ids.channels.noHistory]) {
    assert.equal(h.emulator.botPermissionsIn(channelId) & mask, guild.channels.cache.get(channelId)!.permissionsFor(me).bitfield & mask, channelId);
  }
});

test('/ask without Embed Links: plain text within 2,000 characters a message, split at sentence breaks, bold balanced, isolates kept', async () => {
  const { interaction, edit } = await ask(h, { question: 'the huge report?', channelId: ids.channels.noEmbeds });
  await handled(interaction.id);
  // The huge passage (6,600 characters) needs several messages.
  const followUps = h.emulator.requestsFor(interaction).filter(isFollowUp);
  assert.ok(followUps.length >= 3, `${followUps.length} follow-ups`);
  const bodies = [edit.body, ...followUps.map((r) => r.body)];
  for (const body of bodies) {
    assert.deepEqual(body.embeds, [], 'no embeds');
    assert.ok(body.content.length <= 2000, `${body.content.length} characters`);
    assert.equal(boldMarkers(body.content) % 2, 0, 'bold closed within each message');
  }
  assert.equal(followUps[0]!.body.flags ?? 0, 0, 'public, like the question');
  const text = bodies.map((b) => b.content).join('\n');
  assert.match(edit.body.content, new RegExp(`^\\*\\*Question:\\*\\* ${FSI}the huge report\\?${PDI}`));
  assert.ok(text.includes(`**${HUGE_KEY}**`), 'the key sentence in bold');
  for (const sentence of HUGE_PASSAGE.split('. ').slice(0, 5)) assert.ok(text.includes(sentence.replace(/\.$/, '')), 'every sentence of the quote is there');
  assert.ok(text.includes(`${FSI}تقرير مطول عن الأحداث${PDI}`), 'the title isolated');
  assert.ok(text.includes('**Source 1**'));
  assert.ok(edit.body.components.length > 0, 'the buttons stay on the first message');
});

test('/ask where the bot may not post: answered privately, with a note saying why', async () => {
  const { defer, edit } = await ask(h, { question: 'من هو محافظ حمص؟', channelId: ids.channels.readOnly });
  assert.deepEqual(defer.body, { type: 5, data: { flags: 64 } });
  assert.match(edit.body.content, /^-# لا يُسمح لي بالنشر في هذه القناة، لذا تظهر هذه الإجابة لك وحدك\.\n\*\*السؤال:\*\*/);
  // Without Send Messages Discord drops Embed Links too (app_permissions says so): plain text, as where embeds are denied.
  assert.deepEqual(edit.body.embeds, []);
  assert.match(edit.body.content, /\*\*وقال محافظ حمص طلال البرازي/);
});

test('a mention where the bot may not post: no request at all, one log line', async () => {
  const from = h.emulator.requests.length;
  const ignored = h.emulator.message({ content: `${BOT} من هو محافظ حمص؟`, channelId: ids.channels.readOnly });
  // A later mention elsewhere is answered: the ignored one was handled before it.
  const later = h.emulator.message({ content: `${BOT} من هو محافظ حمص؟` });
  await h.emulator.waitFor((r) => r.body?.message_reference?.message_id === later, { from });
  assert.deepEqual(
    h.emulator.requests.slice(from).filter((r) => r.path.startsWith(`/channels/${ids.channels.readOnly}`)),
    [],
    'no rejected POST, no typing',
  );
  const lines = h.logs.map((line) => JSON.parse(line)).filter((line) => line.messageId === ignored);
  assert.equal(lines.length, 1);
  assert.equal(lines[0].msg, 'mention in a channel where the bot may not post: ignored');
  assert.deepEqual(lines[0].missing, ['SendMessages']);
  assert.equal(lines[0].level, 30);
});

test('a mention without Embed Links is answered in plain text; without Read Message History, as a message naming the asker', async () => {
  const plain = h.emulator.message({ content: `${BOT} من هو محافظ حمص؟`, channelId: ids.channels.noEmbeds, author: users.other });
  const reply = await h.emulator.waitFor((r) => isChannelPost(ids.channels.noEmbeds)(r) && r.body?.message_reference?.message_id === plain);
  assert.deepEqual(reply.body.embeds, []);
  assert.match(reply.body.content, /\*\*وقال محافظ حمص طلال البرازي إن أعمال الترميم ستبدأ الشهر المقبل\.\*\*/);

  const from = h.emulator.requests.length;
  h.emulator.message({ content: `${BOT} من هو محافظ حمص؟`, channelId: ids.channels.noHistory, author: users.other });
  const named = await h.emulator.waitFor(isChannelPost(ids.channels.noHistory), { from });
  assert.equal(named.body.message_reference, undefined, 'not a reply: Discord would refuse it (50013)');
  assert.match(named.body.content, new RegExp(`^<@${users.other.id}> \\*\\*السؤال:\\*\\*`));
  assert.deepEqual(named.body.allowed_mentions.parse, [], 'naming the asker does not ping');
  assert.equal(named.body.embeds.length, 3);
  const accepted = h.emulator.requests.slice(from).filter(isChannelPost(ids.channels.noHistory));
  assert.equal(accepted.length, 1);
  assert.ok(!h.logs.some((line) => /"level":50/.test(line)), 'no error logged');
});

test('/source and "Full passage" without Embed Links are plain text too', async () => {
  const source = h.emulator.chatCommand({ name: 'source', options: [{ name: 'id', type: 3, value: 'homs-governor#0' }], channelId: ids.channels.noEmbeds });
  const reply = await h.emulator.waitForInteraction(source, isCallback);
  assert.deepEqual(reply.body.data.embeds, []);
  assert.match(reply.body.data.content, /^\*\*\u2068محافظ حمص يتفقد أحياء المدينة القديمة\u2069\*\*\nتفقد المسؤولون/);
  assert.match(reply.body.data.content, /\*\*المقطع 1\*\*\n/);
  const full = h.emulator.button({ customId: 'full:en:homs-governor#1', messageId: h.emulator.originalOf(source)!.id });
  const passage = await h.emulator.waitForInteraction(full, isCallback);
  assert.equal(passage.body.data.flags, 64);
  assert.deepEqual(passage.body.data.embeds, []);
  assert.match(passage.body.data.content, /\*\*Passage 2\*\*\n/);
});

test('splitMarkdown: every piece within the budget, bold closed before a cut and reopened after, nothing lost', () => {
  const text = `Plain one. **Bold a. Bold b. Bold c.** plain two. ${'x'.repeat(60)}. **\\*\\*y.**`;
  const pieces = splitMarkdown(text, 30);
  for (const piece of pieces) {
    assert.ok(piece.length <= 30, piece);
    assert.equal(boldMarkers(piece) % 2, 0, piece);
  }
  assert.deepEqual(pieces.slice(0, 3), ['Plain one. **Bold a.**', '**Bold b.**', '**Bold c.** plain two.']);
  assert.equal(pieces.join(' ').replace(/\*\*/g, '').replace(/\s+/g, ''), text.replace(/\*\*/g, '').replace(/\s+/g, ''));
});
