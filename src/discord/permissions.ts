/**
 * Who may administer this deployment, and what the bot itself may do in a channel.
 *
 * Administering (/reindex and every admin command to come) acts on what all servers share, the
 * index, so it is scoped to the deployment, not to whichever server the caller manages:
 * ADMIN_USER_IDS anywhere (any server, a DM); ADMIN_ROLE_IDS and Manage Server (Administrator
 * implies it) only in the home servers, GUILD_ID and ADMIN_GUILD_IDS. With no home server configured
 * only ADMIN_USER_IDS can administer. Checked on our side on every call: a command's
 * default_member_permissions and Discord's command permissions can be changed by any server's
 * admins and are not a security boundary for us.
 */
import { PermissionFlagsBits, type Interaction, type PermissionsBitField } from 'discord.js';
import type { BotConfig } from '../config.ts';

export interface Caller {
  userId: string;
  /** Permissions in the channel as Discord computed them (null outside a guild). */
  permissions: bigint | null;
  roleIds: readonly string[];
}

export function callerOf(interaction: Interaction): Caller {
  const member = interaction.member;
  let roleIds: string[] = [];
  if (member) {
    // A cached GuildMember has a role manager; an uncached one is the raw API object.
    roleIds = Array.isArray(member.roles) ? [...member.roles] : [...member.roles.cache.keys()];
  }
  return {
    userId: interaction.user.id,
    permissions: interaction.memberPermissions?.bitfield ?? null,
    roleIds,
  };
}

type AdminConfig = Pick<BotConfig, 'adminUserIds' | 'adminRoleIds' | 'guildId' | 'adminGuildIds'>;

/** The servers whose managers administer the deployment: GUILD_ID and ADMIN_GUILD_IDS. */
export function homeGuildIds(config: Pick<BotConfig, 'guildId' | 'adminGuildIds'>): string[] {
  return [...new Set([...(config.guildId ? [config.guildId] : []), ...config.adminGuildIds])];
}

/** Whether `caller`, acting in `guildId` (null: a DM), may administer this deployment. */
export function canAdminister(caller: Caller, guildId: string | null, config: AdminConfig): boolean {
  if (config.adminUserIds.includes(caller.userId)) return true;
  if (!guildId || !homeGuildIds(config).includes(guildId)) return false;
  if (caller.roleIds.some((role) => config.adminRoleIds.includes(role))) return true;
  if (caller.permissions === null) return false;
  const { Administrator, ManageGuild } = PermissionFlagsBits;
  return (caller.permissions & Administrator) === Administrator || (caller.permissions & ManageGuild) === ManageGuild;
}

/**
 * Whether `caller`, acting in `guildId`, may change that server's own settings (/settings): Manage
 * Server (or Administrator) in that server, or the deployment's administrators. Unlike administering
 * the deployment this is not limited to the home servers, since a server's settings are its own; it
 * is limited to the server the command is used in (a manager of another server has no say here).
 */
export function canChangeServerSettings(caller: Caller, guildId: string | null, config: AdminConfig): boolean {
  if (!guildId) return false;
  if (canAdminister(caller, guildId, config)) return true;
  if (caller.permissions === null) return false;
  const { Administrator, ManageGuild } = PermissionFlagsBits;
  return (caller.permissions & Administrator) === Administrator || (caller.permissions & ManageGuild) === ManageGuild;
}

/**
 * Whether the bot may answer in a channel: any channel when ALLOWED_CHANNEL_IDS is empty, else a
 * listed channel or a thread whose parent is listed.
 */
export function channelAllowed(config: Pick<BotConfig, 'allowedChannelIds'>, channelId: string | null, parentId: string | null = null): boolean {
  if (!config.allowedChannelIds.length) return true;
  return (!!channelId && config.allowedChannelIds.includes(channelId)) || (!!parentId && config.allowedChannelIds.includes(parentId));
}

/** What the bot may do in a channel, from its permissions there. */
export interface ChannelAccess {
  /** View Channel and Send Messages (Send Messages in Threads in a thread): it may post there. */
  canPost: boolean;
  /** Embed Links: answers as embeds; otherwise as plain text. */
  canEmbed: boolean;
  /** Read Message History: a reply may reference the user's message; otherwise it is a plain message. */
  canReply: boolean;
  /** The names of the permissions it lacks, for the log. */
  missing: string[];
}

const EVERYTHING: ChannelAccess = { canPost: true, canEmbed: true, canReply: true, missing: [] };

/**
 * The bot's access in a channel from its permissions there: an interaction's `app_permissions`, or
 * what discord.js computes from the cached server (roles and overwrites) for a message. null means
 * a DM, where Discord does not list Send Messages in `app_permissions` but the bot may always answer.
 */
export function channelAccess(permissions: Readonly<PermissionsBitField> | null, isThread: boolean): ChannelAccess {
  if (!permissions) return EVERYTHING;
  const send = isThread ? 'SendMessagesInThreads' : 'SendMessages';
  const missing = (['ViewChannel', send, 'EmbedLinks', 'ReadMessageHistory'] as const).filter((name) => !permissions.has(PermissionFlagsBits[name]));
  return {
    canPost: !missing.includes('ViewChannel') && !missing.includes(send),
    canEmbed: !missing.includes('EmbedLinks'),
    canReply: !missing.includes('ReadMessageHistory'),
    missing,
  };
}
