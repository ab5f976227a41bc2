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

export const DISCORD_GLOBAL_PER_SECOND = 50;
/** What the client's own (all-requests) budget is lifted to. */
export const UNBOUNDED_PER_SECOND = 1_000_000;

type QueueRequest = REST['queueRequest'];

export function limitBotTokenRequests(rest: REST, perSecond = DISCORD_GLOBAL_PER_SECOND): void {
  const queueRequest: QueueRequest = rest.queueRequest.bind(rest);
  let windowStart = 0;
  let used = 0;
  const takeSlot = async (): Promise<void> => {
    for (;;) {
      const now = Date.now();
      if (now >= windowStart + 1000) {
        windowStart = now;
        used = 0;
      }
      if (used < perSecond) {
        used++;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, windowStart + 1000 - now));
    }
  };
  rest.queueRequest = async (request) => {
    if (request.auth !== false) await takeSlot();
    return queueRequest(request);
  };
}
