/** Sliding-window rate limits: the limiter itself, and the refusals users see (slash and mentions). */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter } from '../../src/discord/rateLimit.ts';
import { ErrorCodes, isUserError } from '../../src/errors.ts';
import { ids, users } from '../../tools/emulator/discordEmulator.ts';
import { assertSafePayloads, isCallback, isEditOriginal, startHarness, type Harness } from './harness.ts';

describe('RateLimiter', () => {
  test('per user: the n+1-th question within a minute waits until the oldest leaves the window', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ userPerMinute: 2, guildPerMinute: 0 }, () => now);
    assert.deepEqual(limiter.take('u', 'g'), { ok: true });
    now += 10_000;
    assert.deepEqual(limiter.take('u', 'g'), { ok: true });
    assert.deepEqual(limiter.take('u', 'g'), { ok: false, scope: 'user', retryAfterMs: 50_000 });
    now += 50_000;
    assert.deepEqual(limiter.take('u', 'g'), { ok: true }, 'the first one left the window');
    assert.deepEqual(limiter.take('someone else', 'g'), { ok: true }, 'users are counted apart');
  });

  test('per guild, and a refusal takes no slot', () => {
    let now = 0;
    const limiter = new RateLimiter({ userPerMinute: 0, guildPerMinute: 2 }, () => now);
    assert.equal(limiter.take('a', 'g').ok, true);
    assert.equal(limiter.take('b', 'g').ok, true);
    assert.deepEqual(limiter.take('c', 'g'), { ok: false, scope: 'guild', retryAfterMs: 60_000 });
    assert.equal(limiter.take('c', 'other guild').ok, true);
    assert.equal(limiter.take('c', null).ok, true, 'DMs have no guild limit');
    now = 60_000;
    assert.equal(limiter.take('c', 'g').ok, true);
  });

  test('50,000 one-off askers leave no entries behind once their minute is over (was one entry per user ever seen)', () => {
    let now = 0;
    const limiter = new RateLimiter({ userPerMinute: 6, guildPerMinute: 1_000_000 }, () => now);
    for (let i = 0; i < 50_000; i++) {
      assert.equal(limiter.take(`stranger-${i}`, 'g').ok, true);
      now += 1; // 50 s for all of them
    }
    assert.equal(limiter.trackedKeys(), 50_001, 'all within the window: every one still counts');
    now += 60_000;
    limiter.take('latecomer', 'g');
    assert.equal(limiter.trackedKeys(), 2, 'the latecomer and the guild');
    // The sliding semantics survive the sweep: a user at the limit still waits for the oldest slot.
    for (let i = 0; i < 5; i++) limiter.take('latecomer', 'g');
    assert.deepEqual(limiter.take('latecomer', 'g'), { ok: false, scope: 'user', retryAfterMs: 60_000 });
  });

  test('0 turns a limit off; takeOrThrow throws RATE_LIMITED with the wait in seconds', () => {
    const off = new RateLimiter({ userPerMinute: 0, guildPerMinute: 0 });
    for (let i = 0; i < 1000; i++) assert.equal(off.take('u', 'g').ok, true);
    const limiter = new RateLimiter({ userPerMinute: 1, guildPerMinute: 0 }, () => 0);
    limiter.takeOrThrow('u', null);
    assert.throws(
      () => limiter.takeOrThrow('u', null),
      (error: unknown) => isUserError(error) && error.code === ErrorCodes.RateLimited && error.messageFor('ar') === 'أنت تسأل بسرعة. حاول مجددًا بعد 60 ثانية.',
    );
  });
});

describe('refusals users see', () => {
  let h: Harness;
  let now = 5_000_000;
  before(async () => {
    h = await startHarness({ env: { RATE_LIMIT_USER_PER_MINUTE: '2', RATE_LIMIT_GUILD_PER_MINUTE: '4' }, now: () => now });
  });
  after(async () => {
    assertSafePayloads(h.emulator.requests);
    await h.close();
  });

  async function askAs(user: (typeof users)[keyof typeof users], question: string) {
    const interaction = h.emulator.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: question }], user });
    return h.emulator.waitForInteraction(interaction, isCallback);
  }

  test("/ask over the user limit: a private message in the question's language saying when to retry", async () => {
    assert.equal((await askAs(users.member, 'Who is the governor of Homs?')).body.type, 5);
    assert.equal((await askAs(users.member, 'Who is the governor of Homs?')).body.type, 5);
    const refused = await askAs(users.member, 'Who is the governor of Homs?');
    assert.equal(refused.body.type, 4);
    assert.equal(refused.body.data.flags, 64);
    assert.equal(refused.body.data.content, 'You are asking quickly. Please try again in 60 s.');
    now += 25_000;
    const arabic = await askAs(users.member, 'من هو محافظ حمص؟');
    assert.equal(arabic.body.data.content, 'أنت تسأل بسرعة. حاول مجددًا بعد 35 ثانية.');
  });

  test('the guild limit applies across users; "More results" counts as a question', async () => {
    assert.equal((await askAs(users.other, 'Who is the governor of Homs?')).body.type, 5);
    // The guild has now had 3 questions; a button press is the 4th.
    const asked = h.emulator.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: 'Who?' }], user: users.manager });
    const edit = await h.emulator.waitForInteraction(asked, isEditOriginal);
    const more = edit.body.components.flatMap((row: any) => row.components).find((c: any) => c.custom_id.startsWith('more:'));
    const press = h.emulator.button({ customId: more.custom_id, messageId: h.emulator.originalOf(asked)!.id, user: users.manager });
    const refused = await h.emulator.waitForInteraction(press, isCallback);
    assert.equal(refused.body.type, 4);
    assert.equal(refused.body.data.content, 'This server is asking a lot right now. Please try again in 35 s.');
    now += 60_000;
    assert.equal((await askAs(users.roleAdmin, 'Who is the governor of Homs?')).body.type, 5, 'the window moved on');
  });

  test('mentions over the limit: told once per window, then ignored', async () => {
    const mention = `<@${ids.bot}> من هو محافظ حمص؟`;
    const sentBy = (messageId: string) => h.emulator.waitFor((r) => r.method === 'POST' && r.body?.message_reference?.message_id === messageId);
    now += 120_000;
    for (let i = 0; i < 2; i++) assert.equal((await sentBy(h.emulator.message({ content: mention, author: users.listedAdmin }))).body.embeds.length, 3);
    const refused = await sentBy(h.emulator.message({ content: mention, author: users.listedAdmin }));
    assert.equal(refused.body.content, 'أنت تسأل بسرعة. حاول مجددًا بعد 60 ثانية.');
    const from = h.emulator.requests.length;
    h.emulator.message({ content: mention, author: users.listedAdmin });
    // A later message from someone else is answered: the silent one was handled before it.
    await sentBy(h.emulator.message({ content: mention, author: users.listedAdmin.id === users.other.id ? users.member : users.other }));
    const replies = h.emulator.requests.slice(from).filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
    assert.equal(replies.length, 1, 'no second refusal');
  });
});
