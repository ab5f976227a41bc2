/** The period stats cover: whole UTC days, `since` and `until` both included. */
import { DAY_MS } from '../data/answers.ts';
import { ErrorCodes, UserError } from '../errors.ts';

export { DAY_MS };
/** The default period: the last 30 days, today included. */
const DEFAULT_PERIOD_DAYS = 30;
const MAX_PERIOD_DAYS = 3660;

export interface Period {
  /** Start of the first day (ms, UTC midnight). */
  since: number;
  /** End of the last day, exclusive (ms, UTC midnight). */
  until: number;
}

function usage(en: string, ar: string): UserError {
  return new UserError(ErrorCodes.Usage, { en, ar });
}

/** Midnight (UTC, ms) of a YYYY-MM-DD day; a usage error naming the flag when it is not one. */
export function parseDay(name: string, value: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw usage(`${name} must be a date written YYYY-MM-DD (got "${value}")`, `يجب أن يكون ${name} تاريخاً بالشكل YYYY-MM-DD (وصل "${value}")`);
  }
  return ms;
}

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export function dayString(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * From optional YYYY-MM-DD bounds (inclusive); `until` defaults to today, `since` to 30 days before it.
 * `names` are what the messages call the bounds (the CLI's flags; /stats's option).
 */
export function resolvePeriod(
  bounds: { since?: string | undefined; until?: string | undefined },
  now: number,
  names: { since: string; until: string } = { since: '--since', until: '--until' },
): Period {
  const until = (bounds.until ? parseDay(names.until, bounds.until) : startOfDay(now)) + DAY_MS;
  const since = bounds.since ? parseDay(names.since, bounds.since) : until - DEFAULT_PERIOD_DAYS * DAY_MS;
  if (since >= until) throw usage(`${names.since} must not be after ${names.until}`, `يجب ألا يكون ${names.since} بعد ${names.until}`);
  if ((until - since) / DAY_MS > MAX_PERIOD_DAYS) {
    throw usage(`a period is at most ${MAX_PERIOD_DAYS} days`, `الحد الأقصى للفترة ${MAX_PERIOD_DAYS} يوماً`);
  }
  return { since, until };
}

/** The last `days` days, today included (the bot's /stats option). */
export function lastDays(days: number, now: number): Period {
  const until = startOfDay(now) + DAY_MS;
  return { since: until - Math.max(1, Math.min(days, MAX_PERIOD_DAYS)) * DAY_MS, until };
}
