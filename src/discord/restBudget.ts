/**
 * Discord's global rate limit (50 requests per second per bot) applies to requests made with the
 * bot token. Interaction responses and follow-ups (webhook calls with the interaction token) are
 * exempt: "Interaction endpoints are not bound to the bot's Global Rate Limit"
 * (https://discord.com/developers/docs/interactions/receiving-and-responding).
 *
 * discord.js counts every request against one client-side budget of `globalRequestsPerSecond`, so
 * a burst of /ask answers queued behind it: 50 askers could never get more than 50 answers a
 * second, each waiting for the next second's budget. Here the client's own budget is lifted and
 * the 50 per second is applied again, to bot-token requests only (mentions, typing, /sources pages
 * sent as messages). Per-route limits and Discord's 429 answers are still handled by discord.js.
 */
import type { REST } from 'discord.js';

const DISCORD_GLOBAL_PER_SECOND = 50;
/** What the client's own (all-requests) budget is lifted to. */
export const UNBOUNDED_PER_SECOND = 1_000_000;

type QueueRequest = REST['queueRequest'];

export function limitBotTokenRequests(rest: Pick<REST, 'queueRequest'>, perSecond = DISCORD_GLOBAL_PER_SECOND): void {
  const queueRequest: QueueRequest = rest.queueRequest.bind(rest);
  // A sliding window: the times of the last `perSecond` requests let through, oldest first. A request
  // goes when the oldest of them is a second old, so no span of one second ever holds more than
  // `perSecond` (a fixed window could let twice that through across its boundary).
  const sent: number[] = [];
  let waiting: Promise<void> = Promise.resolve();
  const takeSlot = (): Promise<void> => {
    const slot = waiting.then(async () => {
      for (;;) {
        const now = Date.now();
        while (sent.length && now - sent[0]! >= 1000) sent.shift();
        if (sent.length < perSecond) {
          sent.push(now);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 1000 - (now - sent[0]!)));
      }
    });
    waiting = slot; // first come, first served
    return slot;
  };
  rest.queueRequest = async (request) => {
    if (request.auth !== false) await takeSlot();
    return queueRequest(request);
  };
}
