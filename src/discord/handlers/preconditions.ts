/**
 * Checks applied before a command or button runs, outside the command code (like sapphire's
 * preconditions): each throws the UserError the user sees privately.
 */
import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import { callerOf, canReindex } from '../permissions.ts';
import { userErrors } from '../userErrors.ts';

export type Precondition = (ctx: BotContext, interaction: ChatInputCommandInteraction | ButtonInteraction) => void;

/** Questions cost a retrieval: per-user and per-guild sliding windows. */
export const rateLimited: Precondition = (ctx, interaction) => {
  ctx.rateLimiter.takeOrThrow(interaction.user.id, interaction.guildId);
};

/** /reindex: Manage Server, or ADMIN_USER_IDS / ADMIN_ROLE_IDS; checked on every call. */
export const reindexAllowed: Precondition = (ctx, interaction) => {
  if (!canReindex(callerOf(interaction), ctx.config)) throw userErrors.reindexNotAllowed();
};

export const notShuttingDown: Precondition = (ctx) => {
  if (ctx.isShuttingDown()) throw userErrors.shuttingDown();
};
