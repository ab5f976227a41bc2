/**
 * The errors a Discord user can cause, as UserError values with stable codes (src/errors.ts) and
 * their text in both interface languages (src/discord/i18n.ts). Errors in a question itself are the
 * core's (errors.ts questionErrors), the same as the CLI's.
 */
import { ErrorCodes, UserError, type ErrorCode } from '../errors.ts';
import type { BuildProgress } from '../types.ts';
import { escapeMarkdown, truncate } from './format.ts';
import { strings, type UiStrings } from './i18n.ts';

function both(pick: (s: UiStrings) => string): { en: string; ar: string } {
  return { en: pick(strings.en), ar: pick(strings.ar) };
}

function make(code: ErrorCode, pick: (s: UiStrings) => string, context: Record<string, unknown> = {}): UserError {
  return new UserError(code, both(pick), context);
}

export const userErrors = {
  /** A mention with nothing after it: someone finding out how to ask gets the how-to (questions are validated by the core). */
  mentionHowTo: () => make(ErrorCodes.EmptyQuestion, (s) => s.mentionHowTo),
  rateLimited: (scope: 'user' | 'guild', retryAfterMs: number) => {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return make(ErrorCodes.RateLimited, (s) => (scope === 'user' ? s.rateLimitedUser(seconds) : s.rateLimitedGuild(seconds)), {
      scope,
      retryAfterMs,
    });
  },
  /** Not an administrator of this deployment (permissions.ts canAdminister). */
  adminOnly: (command: string) => make(ErrorCodes.NotAllowed, (s) => s.adminOnly, { command }),
  /** Not allowed to change this server's settings (permissions.ts canChangeServerSettings). */
  serverManagersOnly: (command: string) => make(ErrorCodes.NotAllowed, (s) => s.serverManagersOnly, { command }),
  /** A server command used outside a server. */
  serversOnly: (command: string) => make(ErrorCodes.Usage, (s) => s.settingsServersOnly, { command }),
  reindexCooldown: (retryAfterMs: number) =>
    make(ErrorCodes.RateLimited, (s) => s.reindexCooldown(Math.max(1, Math.ceil(retryAfterMs / 1000))), { scope: 'reindex', retryAfterMs }),
  /** The id as the user typed it, shown escaped (it is echoed inside the message). */
  unknownSource: (id: string) => make(ErrorCodes.UnknownSource, (s) => s.unknownSource(escapeMarkdown(truncate(id, 100))), { id }),
  /** No index yet: being built (with its progress, when it has reported some), or its first build failed. */
  indexNotReady: (building: boolean, progress: BuildProgress | null) =>
    make(building ? ErrorCodes.IndexBuilding : ErrorCodes.IndexMissing, (s) => (building ? s.indexBuilding(progress) : s.indexUnavailable), {
      progress,
    }),
  expiredButton: () => make(ErrorCodes.Usage, (s) => s.expiredButton, { reason: 'expired' }),
  badButton: (customId: string) => make(ErrorCodes.Usage, (s) => s.badButton, { customId }),
  unknownCommand: (name: string) => make(ErrorCodes.Usage, (s) => s.unknownCommand, { command: name }),
  shuttingDown: () => make(ErrorCodes.Usage, (s) => s.shuttingDown, { reason: 'shutting down' }),
};
