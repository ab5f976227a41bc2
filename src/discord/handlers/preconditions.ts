/**
 * Checks applied before a command or button runs, outside the command code (like sapphire's
 * preconditions): each throws the UserError the user sees privately. Mentions use the same checks
 * through the plain functions below.
 */
import type { ButtonInteraction, ChatInputCommandInteraction, StringSelectMenuInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import { callerOf, canAdminister, canChangeServerSettings } from '../permissions.ts';
import { userErrors } from '../userErrors.ts';

export type Precondition = (ctx: BotContext, interaction: ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction) => void;

/** Questions cost a retrieval: per-user and per-guild sliding windows. */
export const rateLimited: Precondition = (ctx, interaction) => {
  ctx.rateLimiter.takeOrThrow(interaction.user.id, interaction.guildId);
};

/**
 * Administering the deployment (/reindex, and every admin command to come): ADMIN_USER_IDS
 * anywhere, ADMIN_ROLE_IDS and Manage Server in the home servers only; checked on every call.
 */
export const adminOnly: Precondition = (ctx, interaction) => {
  const command = interaction.isChatInputCommand() ? interaction.commandName : interaction.customId;
  if (!canAdminister(callerOf(interaction), interaction.guildId, ctx.config)) throw userErrors.adminOnly(command);
};

/** A server's own settings: its managers (Manage Server there) and the deployment's admins; checked on every call. */
export const serverManagersOnly: Precondition = (ctx, interaction) => {
  const command = interaction.isChatInputCommand() ? interaction.commandName : interaction.customId;
  if (!interaction.guildId) throw userErrors.serversOnly(command);
  if (!canChangeServerSettings(callerOf(interaction), interaction.guildId, ctx.config)) throw userErrors.serverManagersOnly(command);
};

/** A new rebuild waits REINDEX_COOLDOWN_SEC after the last successful one; joining a running one is always allowed. */
export const reindexCooldown: Precondition = (ctx) => {
  if (ctx.engine.rebuildStatus() !== null) return;
  const wait = ctx.reindexAvailableAt - ctx.now();
  if (wait > 0) throw userErrors.reindexCooldown(wait);
};

/** Throws when there is no index to search yet (the first build runs in the background, or failed). */
export function requireIndex(ctx: BotContext): void {
  if (ctx.engine.hasIndex()) return;
  const status = ctx.engine.rebuildStatus();
  throw userErrors.indexNotReady(status !== null, status?.progress ?? null);
}

/** Questions and lookups need an index. */
export const indexReady: Precondition = (ctx) => requireIndex(ctx);

export const notShuttingDown: Precondition = (ctx) => {
  if (ctx.isShuttingDown()) throw userErrors.shuttingDown();
};
