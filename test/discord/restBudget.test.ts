/** The bot-token request budget: at most 50 in any one-second span, in order; interaction answers exempt. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { REST } from 'discord.js';
import { limitBotTokenRequests } from '../../src/discord/restBudget.ts';

type Request = Parameters<REST['queueRequest']>[0];

function fakeRest() {
  const sent: Array<{ at: number; id: number; auth: boolean }> = [];
  const rest = {
    async queueRequest(request: Request) {
      sent.push({ at: Date.now(), id: Number((request as { fullRoute: string }).fullRoute.slice(1)), auth: request.auth !== false });
      return {} as never;
    },
  };
  return { rest, sent };
}

const request = (id: number, auth = true) => ({ fullRoute: `/${id}`, method: 'POST', auth }) as unknown as Request;

test('no more than 10 (scaled down from 50) bot-token requests in any one-second span, first come first served', async () => {
  const { rest, sent } = fakeRest();
  limitBotTokenRequests(rest, 10);
  const started = Date.now();
  await Promise.all(Array.from({ length: 25 }, (_, id) => rest.queueRequest(request(id))));
  assert.deepEqual(
    sent.map((entry) => entry.id),
    Array.from({ length: 25 }, (_, id) => id),
    'in the order asked',
  );
  for (let i = 10; i < sent.length; i++) {
    assert.ok(sent[i]!.at - sent[i - 10]!.at >= 1000, `request ${i} went ${sent[i]!.at - sent[i - 10]!.at} ms after request ${i - 10}`);
  }
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 2000 && elapsed < 3500, `25 requests at 10/s took ${elapsed} ms`);
});

test('interaction answers (no bot token) never wait for the budget', async () => {
  const { rest, sent } = fakeRest();
  limitBotTokenRequests(rest, 2);
  const started = Date.now();
  const bot = Array.from({ length: 4 }, (_, id) => rest.queueRequest(request(id)));
  await Promise.all(Array.from({ length: 20 }, (_, id) => rest.queueRequest(request(100 + id, false))));
  assert.ok(Date.now() - started < 200, 'twenty interaction answers went at once');
  assert.equal(sent.filter((entry) => !entry.auth).length, 20);
  await Promise.all(bot);
});
