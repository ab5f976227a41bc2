/**
 * Per-user and per-guild sliding-window limits on questions (RATE_LIMIT_USER_PER_MINUTE,
 * RATE_LIMIT_GUILD_PER_MINUTE; 0 turns a limit off). A sliding log rather than fixed buckets: a
 * burst straddling a minute boundary cannot get twice the limit through.
 *
 * Memory follows the people asking now, not everyone ever seen: a key whose last question left the
 * window holds nothing, and idle keys are swept once a window (so a bot in many servers that
 * 50,000 strangers each asked once holds the last minute's askers, not 50,000 entries).
 *
 * Why not a library: rate-limiter-flexible and @sapphire/ratelimits count in fixed windows (the
 * boundary burst above) and read the wall clock themselves, while this log takes the bot's clock,
 * which the tests drive; what they add over it (stores shared between processes) is not needed by
 * one process holding one index.
 */
import { userErrors } from './userErrors.ts';

const WINDOW_MS = 60_000;

export type RateDecision = { ok: true } | { ok: false; scope: 'user' | 'guild'; retryAfterMs: number };

class SlidingLog {
  private readonly hits = new Map<string, number[]>();
  private nextSweepAt = -Infinity;

  constructor(private readonly limit: number) {}

  /** Keys with a question still in the window (or not swept yet). */
  get size(): number {
    return this.hits.size;
  }

  /** Milliseconds until a slot frees up for this key, or 0 when there is one now. */
  wait(key: string, now: number): number {
    if (this.limit <= 0) return 0;
    const times = this.prune(key, now);
    return times.length < this.limit ? 0 : times[0]! + WINDOW_MS - now;
  }

  record(key: string, now: number): void {
    if (this.limit <= 0) return;
    this.sweep(now);
    const times = this.prune(key, now);
    times.push(now);
    this.hits.set(key, times);
  }

  private prune(key: string, now: number): number[] {
    const times = this.hits.get(key) ?? [];
    let drop = 0;
    while (drop < times.length && times[drop]! <= now - WINDOW_MS) drop++;
    const kept = drop ? times.slice(drop) : times;
    if (kept.length) this.hits.set(key, kept);
    else this.hits.delete(key);
    return kept;
  }

  /** Drops every key whose newest question left the window; at most once a window, so O(1) per question on average. */
  private sweep(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + WINDOW_MS;
    for (const [key, times] of this.hits) if (times[times.length - 1]! <= now - WINDOW_MS) this.hits.delete(key);
  }
}

export class RateLimiter {
  private readonly users: SlidingLog;
  private readonly guilds: SlidingLog;

  constructor(
    limits: { userPerMinute: number; guildPerMinute: number },
    private readonly now: () => number = Date.now,
  ) {
    this.users = new SlidingLog(limits.userPerMinute);
    this.guilds = new SlidingLog(limits.guildPerMinute);
  }

  /** Takes a slot for the user (and guild) or says how long to wait. Refusals take no slot. */
  take(userId: string, guildId: string | null): RateDecision {
    const now = this.now();
    const userWait = this.users.wait(userId, now);
    if (userWait > 0) return { ok: false, scope: 'user', retryAfterMs: userWait };
    if (guildId) {
      const guildWait = this.guilds.wait(guildId, now);
      if (guildWait > 0) return { ok: false, scope: 'guild', retryAfterMs: guildWait };
      this.guilds.record(guildId, now);
    }
    this.users.record(userId, now);
    return { ok: true };
  }

  /** Like take() but throws the UserError (RATE_LIMITED) a handler shows privately. */
  takeOrThrow(userId: string, guildId: string | null): void {
    const decision = this.take(userId, guildId);
    if (!decision.ok) throw userErrors.rateLimited(decision.scope, decision.retryAfterMs);
  }

  /** Users and servers the limiter holds entries for (memory is bounded by recent askers). */
  trackedKeys(): number {
    return this.users.size + this.guilds.size;
  }
}
