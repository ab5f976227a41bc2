/**
 * The bot-token request budget, where each attempt is sent (@discordjs/rest's makeRequest): at most
 * N in any window, in order; interaction answers exempt; retries counted; a request whose timeout
 * fires while it waits gives its place up.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DefaultRestOptions, REST, type RESTOptions } from 'discord.js';
import { budgetedMakeRequest } from '../../src/discord/restBudget.ts';
import { DiscordEmulator, ids, TOKEN } from '../../tools/emulator/discordEmulator.ts';

type MakeRequest = RESTOptions['makeRequest'];

function fakeSend() {
  const sent: Array<{ at: number; url: string }> = [];
  const send: MakeRequest = async (url) => {
    sent.push({ at: Date.now(), url });
    return new Response(null, { status: 204 });
  };
  return { send, sent };
}

const WINDOW_MS = 300;
const botInit = (signal?: AbortSignal) => ({ method: 'POST', headers: { Authorization: `Bot ${TOKEN}` }, ...(signal ? { signal } : {}) });

test('no more than 5 bot-token requests in any window, first come first served', async () => {
  const { send, sent } = fakeSend();
  const budgeted = budgetedMakeRequest(send, { perSecond: 5, windowMs: WINDOW_MS });
  await Promise.all(Array.from({ length: 12 }, (_, i) => budgeted(`/${i}`, botInit())));
  assert.deepEqual(
    sent.map((entry) => entry.url),
    Array.from({ length: 12 }, (_, i) => `/${i}`),
    'in the order asked',
  );
  for (let i = 5; i < sent.length; i++) {
    assert.ok(sent[i]!.at - sent[i - 5]!.at >= WINDOW_MS, `request ${i} went ${sent[i]!.at - sent[i - 5]!.at} ms after request ${i - 5}`);
  }
});

test('interaction answers (no bot token) never wait for the budget', async () => {
  const { send, sent } = fakeSend();
  const budgeted = budgetedMakeRequest(send, { perSecond: 1, windowMs: WINDOW_MS });
  await budgeted('/bot-0', botInit());
  const waiting = budgeted('/bot-1', botInit()); // waits for the window
  await Promise.all(Array.from({ length: 20 }, (_, i) => budgeted(`/webhook-${i}`, { method: 'PATCH', headers: {} })));
  assert.equal(sent.filter((entry) => entry.url.startsWith('/webhook-')).length, 20, 'twenty interaction answers went while a bot request waited');
  assert.ok(!sent.some((entry) => entry.url === '/bot-1'));
  const timeout = new AbortController();
  const given = budgeted('/bot-2', botInit(timeout.signal));
  timeout.abort();
  await assert.rejects(given, { name: 'AbortError' }, 'a request whose timeout fires while waiting gives up its place');
  await waiting;
  assert.deepEqual(
    sent.filter((entry) => entry.url.startsWith('/bot-')).map((entry) => entry.url),
    ['/bot-0', '/bot-1'],
  );
});

let emulator: DiscordEmulator;
before(async () => {
  emulator = await DiscordEmulator.start();
});
after(async () => {
  await emulator.close();
});

test('a retry after a 500 takes its own place in the budget (it used to bypass it)', async () => {
  const from = emulator.requests.length;
  // When each attempt is handed to the network: where the budget acts.
  const attempts: number[] = [];
  const send: MakeRequest = (url, init) => {
    attempts.push(Date.now());
    return DefaultRestOptions.makeRequest(url, init);
  };
  const removeFailure = emulator.hook('POST', /^\/channels\/\d+\/messages$/, () => ({ status: 500, body: { message: 'boom', code: 0 } }), 1);
  try {
    const rest = new REST({ api: emulator.restApi, makeRequest: budgetedMakeRequest(send, { perSecond: 2, windowMs: WINDOW_MS }) }).setToken(TOKEN);
    const post = (content: string) => rest.post(`/channels/${ids.channels.general}/messages`, { body: { content } });
    await Promise.all([post('one'), post('two')]);
    assert.equal(emulator.requests.slice(from).length, 3, 'two messages and one retry reached Discord');
    assert.equal(attempts.length, 3);
    assert.ok(attempts[2]! - attempts[0]! >= WINDOW_MS, `the third attempt waited for the window (${attempts[2]! - attempts[0]!} ms)`);
  } finally {
    removeFailure();
  }
});
