/**
 * The one place unexpected errors are caught for interactions: a UserError is an expected outcome
 * (logged at info with its code), anything else is logged with its stack and the interaction id;
 * either way the user gets a short private message in their language.
 */
import { DiscordAPIError, RESTJSONErrorCodes, type RepliableInteraction } from 'discord.js';
import type { Logger } from 'pino';
import { isUserError } from '../../errors.ts';
import type { BotContext } from '../context.ts';
import type { UiLang } from '../i18n.ts';
import { respondError } from '../respond.ts';

/**
 * Discord's answers once an interaction's token is no longer valid (15 minutes after it was
 * created, or revoked): nothing more can be sent for it, so there is no one to apologise to.
 */
const EXPIRED_INTERACTION_CODES: ReadonlySet<number | string> = new Set([
  RESTJSONErrorCodes.UnknownWebhook, // 10015
  RESTJSONErrorCodes.UnknownInteraction, // 10062
  RESTJSONErrorCodes.InvalidWebhookToken, // 50027
]);

function isExpiredInteraction(error: unknown): boolean {
  return error instanceof DiscordAPIError && EXPIRED_INTERACTION_CODES.has(error.code);
}

export function interactionLogger(ctx: BotContext, interaction: RepliableInteraction, extra: Record<string, unknown> = {}): Logger {
  return ctx.logger.child({ interactionId: interaction.id, userId: interaction.user.id, guildId: interaction.guildId, ...extra });
}

export async function withBoundary(interaction: RepliableInteraction, lang: UiLang, log: Logger, now: () => number, work: () => Promise<void>): Promise<void> {
  const started = now();
  try {
    await work();
    log.info({ ms: now() - started }, 'interaction handled');
  } catch (error) {
    if (isExpiredInteraction(error)) {
      log.warn(
        { code: (error as DiscordAPIError).code, status: (error as DiscordAPIError).status, ms: now() - started },
        'interaction expired before the answer was sent',
      );
      return;
    }
    if (isUserError(error)) log.info({ code: error.code, context: error.context, ms: now() - started }, 'refused');
    else log.error({ err: error, ms: now() - started }, 'interaction failed');
    try {
      await respondError(interaction, lang, error);
    } catch (reportError) {
      log.warn({ err: reportError }, 'could not tell the user about the error');
    }
  }
}
