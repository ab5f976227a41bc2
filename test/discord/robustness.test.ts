/** Bad input, a burst of concurrent /ask, and injected faults (REST 429 / 500 / delays, gateway close). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { users } from '../../tools/emulator/discordEmulator.ts';
import { HANDLER_SWEEP_MS } from '../../src/discord/bot.ts';
import { ask, harnessForFile, isCallback, isEditOriginal } from './harness.ts';

const h = await harnessForFile();

function askRaw(question: string, user = users.member) {
  return h.emulator.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: question }], user });
}

test("bad input is refused privately before deferring, with the core's messages: empty, only invisible characters, too long, no words", async () => {
  const cases: Array<[string, string]> = [
    ['   ', 'Please write a question, e.g. "Who is the governor of Homs?"'],
    ['\u200b\u200b\u202e\u2066\u0000\u0007', 'Please write a question, e.g. "Who is the governor of Homs?"'],
    ['x'.repeat(201), 'That question is too long (201 characters; the limit is 200). Please shorten it.'],
    ['س'.repeat(250), 'السؤال طويل جداً (250 حرفاً، والحد 200). اختصره من فضلك.'],
    // No language of its own: the user's last question's (Arabic, just above) decides.
    ['🙂🙂 ?! <@&555>', 'لا يحتوي السؤال على كلمات يمكن البحث عنها. اسأل بالعربية أو الإنجليزية.'],
  ];
  const asked = h.engine.askCalls.length;
  for (const [question, message] of cases) {
    const interaction = askRaw(question);
    const reply = await h.emulator.waitForInteraction(interaction, isCallback);
    assert.equal(reply.body.type, 4, 'answered directly, no public "thinking…"');
    assert.equal(reply.body.data.flags, 64);
    assert.equal(reply.body.data.content, message);
  }
  assert.equal(h.engine.askCalls.length, asked, 'the engine never saw them');
});

test('control characters, bidi overrides and zero-width floods are removed before the question is used', async () => {
  const question = `من \u202eهو\u0000محافظ\u200f ${'\u200b'.repeat(3000)}حمص\u2069؟\n\tاليوم`;
  const { edit } = await ask(h, { question });
  assert.equal(h.engine.askCalls.at(-1)!.question, 'من هو محافظ حمص؟ اليوم');
  assert.match(edit.body.content, /^\*\*السؤال:\*\* \u2068من هو محافظ حمص؟ اليوم\u2069\n/);
});

test('mentions and markdown in a question are not echoed live', async () => {
  const { edit } = await ask(h, { question: 'Who is **the** governor @everyone <@&555> of Homs?' });
  assert.equal(h.engine.askCalls.at(-1)!.question, 'Who is **the** governor @everyone of Homs?');
  assert.equal(edit.body.content.split('\n')[0], '**Question:** \u2068Who is \\*\\*the\\*\\* governor \\@everyone of Homs?\u2069');
});

test('a burst of 20 concurrent /ask: every one deferred and answered with its own question', async () => {
  h.engine.askDelayMs = 15;
  try {
    const interactions = Array.from({ length: 20 }, (_, i) => askRaw(`سؤال رقم ${i + 1} عن محافظ حمص`, i % 2 ? users.other : users.member));
    const edits = await Promise.all(interactions.map((interaction) => h.emulator.waitForInteraction(interaction, isEditOriginal, 15_000)));
    edits.forEach((edit, i) => {
      assert.ok(edit.body.content.includes(`سؤال رقم ${i + 1} عن محافظ حمص`), `answer ${i + 1} carries its question`);
      assert.equal(edit.body.embeds.length, 3);
    });
    for (const interaction of interactions) {
      const requests = h.emulator.requestsFor(interaction);
      assert.deepEqual(
        requests.map((r) => r.method),
        ['POST', 'PATCH'],
        'exactly one defer and one edit each',
      );
    }
  } finally {
    h.engine.askDelayMs = 0;
  }
});

test('REST 429 with retry-after on the edit: the client waits and the answer still arrives', async () => {
  let limited = 0;
  const remove = h.emulator.hook(
    'PATCH',
    /\/messages\/@original$/,
    () => {
      limited++;
      return {
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: 0.2, global: false },
        headers: { 'retry-after': '0.2', 'x-ratelimit-scope': 'user' },
      };
    },
    1,
  );
  try {
    const started = Date.now();
    const { interaction, edit: first } = await ask(h, { question: 'من هو محافظ حمص؟' });
    await h.emulator.waitForInteraction(interaction, (r) => isEditOriginal(r) && r.seq > first.seq);
    assert.equal(limited, 1);
    const edits = h.emulator.requestsFor(interaction).filter(isEditOriginal);
    assert.equal(edits.length, 2, 'retried once');
    assert.deepEqual(edits[0]!.body, edits[1]!.body);
    assert.ok(Date.now() - started >= 150, 'waited for retry-after');
  } finally {
    remove();
  }
});

test('REST 500 on the defer: retried, then answered', async () => {
  const remove = h.emulator.hook('POST', /\/callback$/, () => ({ status: 500, body: { message: 'Internal Server Error', code: 0 } }), 1);
  try {
    const interaction = askRaw('من هو محافظ حمص؟');
    const edit = await h.emulator.waitForInteraction(interaction, isEditOriginal);
    assert.equal(edit.body.embeds.length, 3);
    assert.equal(h.emulator.requestsFor(interaction).filter(isCallback).length, 2);
  } finally {
    remove();
  }
});

test('a slow Discord (300 ms per request) is waited for', async () => {
  const remove = h.emulator.hook(null, /^\/(webhooks|interactions)\//, () => ({ delayMs: 300 }));
  try {
    const { edit } = await ask(h, { question: 'Who is the governor of Homs?' });
    assert.equal(edit.body.embeds.length, 3);
  } finally {
    remove();
  }
});

test('a gateway drop (close 4000) is resumed and interactions keep working', async () => {
  const identifies = h.emulator.identifies.length;
  h.emulator.closeGateway(4000);
  await new Promise((resolve) => setTimeout(resolve, 50));
  // Dispatch until the resumed connection delivers one (the client reconnects after ~0.5 s).
  const deadline = Date.now() + 20_000;
  let answered = false;
  while (!answered && Date.now() < deadline) {
    const interaction = askRaw('من هو محافظ حمص؟');
    answered = await h.emulator.waitForInteraction(interaction, isEditOriginal, 1000).then(
      () => true,
      () => false,
    );
  }
  assert.ok(answered);
  assert.equal(h.emulator.identifies.length, identifies, 'resumed, not re-identified');
  assert.ok(h.logs.some((line) => line.includes('"code":4000') || line.includes('gateway')));
});

test("REST request handlers (one per interaction token) are swept every minute, not kept for discord.js's default hour", async () => {
  const before = h.bot.client.rest.handlers.size;
  for (let i = 0; i < 3; i++) await ask(h, { question: 'من هو محافظ حمص؟' });
  assert.ok(h.bot.client.rest.handlers.size >= before + 3, 'each answered interaction leaves a handler behind');
  assert.equal(h.bot.client.rest.options.handlerSweepInterval, HANDLER_SWEEP_MS);
  assert.ok(HANDLER_SWEEP_MS <= 60_000);
  // What the sweeper does with them when it runs: idle handlers go.
  h.bot.client.rest.handlers.sweep((handler) => handler.inactive);
  assert.ok(h.bot.client.rest.handlers.size <= before, 'answered interactions leave nothing behind after a sweep');
});
