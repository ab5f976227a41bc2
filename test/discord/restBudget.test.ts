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
/** Lets every promise that can settle settle (setImmediate is not among the mocked timers). */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

// The clock and the budget's timer are mocked: each send is stamped with the time the budget let it
// go, and the test moves time itself (no test here waits on, or measures, the real clock).
test('no more than 5 bot-token requests in any window, first come first served', async (t) => {
  t.mock.timers.enable({ apis: ['Date', 'setTimeout'], now: 0 });
  const { send, sent } = fakeSend();
  const budgeted = budgetedMakeRequest(send, { perSecond: 5, windowMs: WINDOW_MS });
  const all = Promise.all(Array.from({ length: 12 }, (_, i) => budgeted(`/${i}`, botInit())));
  await settle();
  assert.equal(sent.length, 5, 'five go at once');
  t.mock.timers.tick(WINDOW_MS - 1);
  await settle();
  assert.equal(sent.length, 5, 'none more before the first five are a window old');
  t.mock.timers.tick(1);
  await settle();
  assert.equal(sent.length, 10, 'five more when the first five are a window old');
  t.mock.timers.tick(WINDOW_MS);
  await all;
  assert.deepEqual(
    sent.map((entry) => entry.url),
    Array.from({ length: 12 }, (_, i) => `/${i}`),
    'in the order asked',
  );
  assert.deepEqual(
    sent.map((entry) => entry.at),
    [0, 0, 0, 0, 0, 300, 300, 300, 300, 300, 600, 600],
  );
});

test('interaction answers (no bot token) never wait for the budget', async (t) => {
  t.mock.timers.enable({ apis: ['Date', 'setTimeout'], now: 0 });
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
  t.mock.timers.tick(WINDOW_MS);
  await waiting;
  assert.deepEqual(
    sent.filter((entry) => entry.url.startsWith('/bot-')).map((entry) => [entry.url, entry.at]),
    [
      ['/bot-0', 0],
      ['/bot-1', 300],
    ],
  );
});

let emulator: DiscordEmulator;
before(async () => {
  emulator = await DiscordEmulator.start();
});
after(async () => {
  await emulator.close();
});

test('a retry after a 500 waits for its own place in the budget (it used to bypass it)', async () => {
  const from = emulator.requests.length;
  // Each attempt as it is handed to the network: where the budget acts.
  const attempts: string[] = [];
  const send: MakeRequest = (url, init) => {
    attempts.push(url);
    return DefaultRestOptions.makeRequest(url, init);
  };
  const removeFailure = emulator.hook('POST', /^\/channels\/\d+\/messages$/, () => ({ status: 500, body: { message: 'boom', code: 0 } }), 1);
  try {
    // Two sends a minute: the two first attempts use the budget up, so the retry of the one that
    // failed has to wait for a place, and its 250 ms timeout ends it there, unsent.
    const budgeted = budgetedMakeRequest(send, { perSecond: 2, windowMs: 60_000 });
    const rest = new REST({ api: emulator.restApi, makeRequest: budgeted, retries: 1, timeout: 250 }).setToken(TOKEN);
    const post = (content: string) => rest.post(`/channels/${ids.channels.general}/messages`, { body: { content } });
    const [one, two] = await Promise.allSettled([post('one'), post('two')]);
    const outcomes = [one, two].map((outcome) => (outcome.status === 'fulfilled' ? 'sent' : (outcome.reason as Error).name)).sort();
    assert.deepEqual(outcomes, ['AbortError', 'sent'], 'the message that failed gave up waiting for its retry; the other went');
    assert.equal(attempts.length, 2, 'the retry was never handed to the network');
    assert.equal(emulator.requests.slice(from).length, 2, 'Discord saw the two first attempts only');
  } finally {
    removeFailure();
  }
});
