/**
 * Who may run /reindex: members with Manage Server (Administrator implies it), or users and roles
 * listed in ADMIN_USER_IDS / ADMIN_ROLE_IDS. Checked on our side on every call: Discord's command
 * permissions can be changed by any server admin and are not a security boundary for us.
 */
import { PermissionFlagsBits, type Interaction } from 'discord.js';
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

export function canReindex(caller: Caller, config: Pick<BotConfig, 'adminUserIds' | 'adminRoleIds'>): boolean {
  if (config.adminUserIds.includes(caller.userId)) return true;
  if (caller.roleIds.some((role) => config.adminRoleIds.includes(role))) return true;
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
