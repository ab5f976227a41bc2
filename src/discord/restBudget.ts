/**
 * Discord's global rate limit (50 requests per second per bot) applies to requests made with the
 * bot token. Interaction responses and follow-ups (webhook calls with the interaction token) are
 * exempt: "Interaction endpoints are not bound to the bot's Global Rate Limit"
 * (https://discord.com/developers/docs/interactions/receiving-and-responding).
 *
 * @discordjs/rest cannot be told so: its `globalRequestsPerSecond` counts every request, so a burst
 * of /ask answers would queue behind it (50 askers could never get more than 50 answers a second).
 * The client's own budget is therefore lifted and the 50 per second applied again here, to
 * bot-token requests only (mentions, typing, /reindex progress messages).
 *
 * Where: in `makeRequest`, the function @discordjs/rest calls for every network attempt, after a
 * request has waited its turn in its route's queue, and again for each retry after a 429 or a 5xx.
 * A budget taken before the route queue (where it was) let a reply that then waited on its
 * channel's limit go out later in a burst with others, and let retries bypass it. Time spent waiting
 * here counts toward the request's timeout (15 s by default): only a backlog of some 750 bot-token
 * requests would reach it, and such a request is then retried like any other that timed out.
 */
import type { RESTOptions } from 'discord.js';

const DISCORD_GLOBAL_PER_SECOND = 50;
/** What the client's own (all-requests) budget is lifted to. */
export const UNBOUNDED_PER_SECOND = 1_000_000;

type MakeRequest = RESTOptions['makeRequest'];

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * A sliding window: the times of the last `limit` sends, oldest first. A send goes when the oldest
 * of them is a window old, so no span of one window ever holds more than `limit` (a fixed window
 * could let twice that through across its boundary). Waiters go first come, first served.
 */
class SlidingWindow {
  private readonly sent: number[] = [];
  private readonly waiting: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Resolves when a send may go; rejects if `signal` aborts first (the request's timeout), freeing its place. */
  take(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.waiting.indexOf(waiter);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(signal!.reason);
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiting.push(waiter);
      this.pump();
    });
  }

  private pump(): void {
    const now = Date.now();
    while (this.sent.length && now - this.sent[0]! >= this.windowMs) this.sent.shift();
    while (this.waiting.length && this.sent.length < this.limit) {
      const waiter = this.waiting.shift()!;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      this.sent.push(now);
      waiter.resolve();
    }
    if (this.waiting.length && !this.timer) {
      this.timer = setTimeout(
        () => {
          this.timer = null;
          this.pump();
        },
        this.sent[0]! + this.windowMs - now,
      );
    }
  }
}

function usesBotToken(init: Parameters<MakeRequest>[1]): boolean {
  const authorization = new Headers(init.headers as ConstructorParameters<typeof Headers>[0]).get('authorization');
  return !!authorization?.startsWith('Bot ');
}

/**
 * `send` (the REST client's makeRequest) with at most `perSecond` bot-token requests in any span of
 * `windowMs`; requests without the bot token (interaction answers) go at once.
 */
export function budgetedMakeRequest(send: MakeRequest, { perSecond = DISCORD_GLOBAL_PER_SECOND, windowMs = 1000 } = {}): MakeRequest {
  const window = new SlidingWindow(perSecond, windowMs);
  return async (url, init) => {
    if (usesBotToken(init)) await window.take(init.signal ?? undefined);
    return send(url, init);
  };
}
