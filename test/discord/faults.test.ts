/**
 * Faults Discord can throw at a running bot, injected by the emulator: a gateway session that cannot
 * be resumed (close 4009, op 9 INVALID_SESSION d=false, a RESUME the server refuses), a REST call
 * that hangs past the client's timeout, and an interaction answered after its token expired
 * (404 Unknown Webhook, 401 Invalid Webhook Token). Each time the bot stays up and keeps answering.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strings } from '../../src/discord/i18n.ts';
import type { DispatchedInteraction } from '../../tools/emulator/discordEmulator.ts';
import { harnessForFile, isCallback, isEditOriginal, isFollowUp } from './harness.ts';

/** Short so a hang is given up quickly: 2 attempts of 1 s each. */
const REST_TIMEOUT_MS = 1000;

const h = await harnessForFile({ rest: { timeout: REST_TIMEOUT_MS, retries: 1 }, noIdentifyWait: true });

function askRaw(question: string): DispatchedInteraction {
  return h.emulator.chatCommand({ name: 'ask', options: [{ name: 'question', type: 3, value: question }] });
}

/**
 * Interactions sent while the gateway is down are lost (as on Discord): dispatch until one is
 * answered on the new connection.
 */
async function askUntilAnswered(question: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const interaction = askRaw(question);
    const answered = await h.emulator.waitForInteraction(interaction, isEditOriginal, 1000).then(
      () => true,
      () => false,
    );
    if (answered) return;
  }
  assert.fail(`no answer within ${timeoutMs} ms after the gateway fault`);
}

const parsedLogs = () => h.logs.map((line) => JSON.parse(line) as Record<string, unknown>);

test('gateway closes with 4009 (session timed out, not resumable): the bot identifies again and keeps answering', async () => {
  const identifies = h.emulator.identifies.length;
  const reconnects = parsedLogs().filter((line) => line.msg === 'gateway reconnecting').length;
  h.emulator.closeGateway(4009);
  await askUntilAnswered('من هو محافظ حمص؟');
  // discord.js first tries to RESUME after 4009; the emulator, like Discord, refuses (op 9 d=false).
  assert.equal(h.emulator.identifies.length, identifies + 1, 'a fresh IDENTIFY');
  assert.ok(parsedLogs().filter((line) => line.msg === 'gateway reconnecting').length > reconnects, 'the reconnect is logged');
});

test('op 9 INVALID_SESSION with d=false: the bot identifies again and keeps answering', async () => {
  const identifies = h.emulator.identifies.length;
  h.emulator.invalidateSession(false);
  await askUntilAnswered('Who is the governor of Homs?');
  assert.equal(h.emulator.identifies.length, identifies + 1);
});

test('a resumable close (4000) whose session the server has forgotten: RESUME refused with op 9, then IDENTIFY', async () => {
  const identifies = h.emulator.identifies.length;
  h.emulator.closeGateway(4000, { resumable: false });
  await askUntilAnswered('من هو محافظ حمص؟');
  assert.equal(h.emulator.identifies.length, identifies + 1);
});

test('REST hangs past the timeout once: the client retries and the answer still arrives', async () => {
  let hung = 0;
  const remove = h.emulator.hook(
    'PATCH',
    /\/messages\/@original$/,
    () => {
      hung++;
      return { hang: true };
    },
    1,
  );
  try {
    const interaction = askRaw('من هو محافظ حمص؟');
    const first = await h.emulator.waitForInteraction(interaction, isEditOriginal, 5000);
    const retry = await h.emulator.waitForInteraction(interaction, (r) => isEditOriginal(r) && r.seq > first.seq, 5000);
    assert.equal(hung, 1);
    assert.ok(retry.seq > first.seq);
    assert.equal(retry.body.embeds.length, 3, 'the retry carries the full answer');
    assert.equal(h.emulator.originalOf(interaction)?.embeds.length, 3);
  } finally {
    remove();
  }
});

test('REST hangs on every attempt to edit in the answer: the user gets a short private apology, the bot stays up', async () => {
  const interaction = askRaw('من هو محافظ حمص؟');
  const remove = h.emulator.hook('PATCH', new RegExp(`/${interaction.token}/messages/@original$`), () => ({ hang: true }));
  try {
    const started = Date.now();
    const apology = await h.emulator.waitForInteraction(interaction, isFollowUp, 10_000);
    assert.equal(apology.body.content, strings.ar.unexpected);
    assert.equal(apology.body.flags, 64, 'private');
    assert.ok(Date.now() - started >= REST_TIMEOUT_MS, 'after the client gave up');
    assert.ok(
      h.emulator.requestsFor(interaction).some((r) => r.method === 'DELETE'),
      'the public "thinking…" placeholder is removed',
    );
    const failed = parsedLogs().find((line) => line.msg === 'interaction failed' && line.interactionId === interaction.id);
    assert.ok(failed, 'logged with the interaction id');
  } finally {
    remove();
  }
  // And the next question is answered normally.
  const next = askRaw('Who is the governor of Homs?');
  const edit = await h.emulator.waitForInteraction(next, isEditOriginal, 10_000);
  assert.equal(edit.body.embeds.length, 3);
});

for (const [kind, status, code] of [
  ['unknown-webhook', 404, 10015],
  ['invalid-token', 401, 50027],
] as const) {
  test(`an interaction answered after its token expired (${status} ${code}): logged as a warning, no crash, no retry storm`, async () => {
    h.engine.askDelayMs = 300;
    try {
      const interaction = askRaw('من هو محافظ حمص؟');
      await h.emulator.waitForInteraction(interaction, isCallback);
      // The token expires while the engine is still working on the answer.
      h.emulator.expire(interaction, kind);
      const refused = await h.emulator.waitForInteraction(interaction, isEditOriginal, 10_000);
      const deadline = Date.now() + 5000;
      let warning: Record<string, unknown> | undefined;
      while (!warning && Date.now() < deadline) {
        warning = parsedLogs().find((line) => line.interactionId === interaction.id && line.msg === 'interaction expired before the answer was sent');
        if (!warning) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.ok(warning, 'logged');
      assert.equal(warning.code, code);
      assert.equal(warning.level, 40, 'a warning, not an error with a stack');
      const after = h.emulator.requestsFor(interaction).filter((r) => r.seq > refused.seq);
      assert.deepEqual(after, [], 'no apology attempted on a dead token');
      assert.ok(!h.logs.join('\n').includes(interaction.token), 'the interaction token is not logged');
    } finally {
      h.engine.askDelayMs = 0;
    }
    // A 401 on a webhook must not make discord.js drop the bot token: the next answer still works,
    // and so does a bot-authenticated call (a mention is answered with POST /channels/…/messages).
    const next = askRaw('Who is the governor of Homs?');
    assert.equal((await h.emulator.waitForInteraction(next, isEditOriginal, 10_000)).body.embeds.length, 3);
    const from = h.emulator.requests.length;
    h.emulator.message({ content: `<@${h.bot.client.user!.id}> من هو محافظ حمص؟` });
    const reply = await h.emulator.waitFor((r) => r.method === 'POST' && /\/channels\/\d+\/messages$/.test(r.path), { from, timeoutMs: 10_000 });
    assert.equal(reply.authorization, `Bot ${h.emulator.token}`);
  });
}

test('the bot process is still healthy after every fault: no handler left running', async () => {
  const deadline = Date.now() + 5000;
  while (h.bot.inFlight() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(h.bot.inFlight(), 0);
  assert.ok(h.bot.client.isReady());
});
