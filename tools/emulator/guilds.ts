/**
 * The emulator's world: ids, users, and two servers with roles that carry permissions and channels
 * with permission overwrites, as GUILD_CREATE sends them. The bot's permissions in a channel are
 * computed from the same data the way Discord computes them (base = @everyone | the member's roles,
 * then the channel's @everyone, role and member overwrites, then the implicit rules), so
 * `app_permissions` on interactions, what the emulator accepts from the bot, and what discord.js
 * computes from its cache all agree.
 */
import { PermissionFlagsBits as P } from 'discord.js';

export const ids = {
  application: '1000000000000000001',
  bot: '1000000000000000001',
  /** The home server (GUILD_ID in the tests); on shard 1 of 2. */
  guild: '1100000000000000001',
  /** Another server the bot was added to; on shard 0 of 2 ((id >> 22) % 2). */
  otherGuild: '1100000000004194305',
  channels: {
    general: '1200000000000000001',
    offTopic: '1200000000000000002',
    /** A thread whose parent is `general`. */
    thread: '1200000000000000003',
    /** @everyone may not send messages (announcements): neither may the bot. */
    readOnly: '1200000000000000004',
    /** @everyone may not embed links: the bot's embeds would be dropped. */
    noEmbeds: '1200000000000000005',
    /** @everyone may not read message history: the bot cannot reply to a message. */
    noHistory: '1200000000000000006',
    /** Only moderators see it; the bot does not. */
    staffOnly: '1200000000000000007',
    /** @everyone may not create public threads: neither may the bot (thread mode falls back to replies). */
    noThreads: '1200000000000000008',
    /** A forum channel (type 15): its posts are threads with a starter message. */
    forum: '1200000000000000009',
    /** A forum where @everyone may not send messages in threads: the bot cannot answer its posts. */
    lockedForum: '1200000000000000010',
    /** The other server's only channel. */
    elsewhere: '1200000000000000101',
    /** A forum of the other server. */
    elsewhereForum: '1200000000000000102',
  },
  roles: {
    moderator: '1300000000000000001',
    regular: '1300000000000000002',
    /** The bot's managed role in the home server, with the permissions of the invite link. */
    bot: '1300000000000000003',
    /** The bot's managed role in the other server. */
    botElsewhere: '1300000000000000103',
    /** A role of the other server that has Manage Server. */
    otherManager: '1300000000000000104',
  },
  users: {
    member: '1400000000000000001',
    manager: '1400000000000000002',
    listedAdmin: '1400000000000000003',
    roleAdmin: '1400000000000000004',
    other: '1400000000000000005',
    otherBot: '1400000000000000006',
  },
} as const;

/** Permission bit strings as Discord sends them in interactions (the member's, in the channel). */
export const permissions = {
  member: String(P.ViewChannel | P.SendMessages),
  manager: String(P.ViewChannel | P.SendMessages | P.ManageGuild),
} as const;

/** What a default @everyone role may do (a subset of Discord's defaults that matters here). */
const EVERYONE =
  P.ViewChannel |
  P.SendMessages |
  P.SendMessagesInThreads |
  P.CreatePublicThreads |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.AddReactions |
  P.UseApplicationCommands;
/** The permissions the README's invite link grants the bot (its managed role). */
const BOT_INVITE_PERMISSIONS = P.ViewChannel | P.SendMessages | P.SendMessagesInThreads | P.CreatePublicThreads | P.EmbedLinks | P.ReadMessageHistory;
/** What Discord puts in `app_permissions` for an interaction in a DM with the bot. */
export const DM_APP_PERMISSIONS = P.AttachFiles | P.EmbedLinks | P.MentionEveryone | P.UseExternalEmojis;
const ALL_PERMISSIONS = Object.values(P).reduce((all, bit) => all | bit, 0n);

export interface UserFixture {
  id: string;
  username: string;
  global_name: string;
  discriminator: string;
  avatar: null;
  bot?: boolean;
}

export function makeUser(id: string, username: string, bot = false): UserFixture {
  return { id, username, global_name: username, discriminator: '0', avatar: null, ...(bot ? { bot: true } : {}) };
}

export const users = {
  bot: makeUser(ids.bot, 'NewsQA', true),
  member: makeUser(ids.users.member, 'member'),
  manager: makeUser(ids.users.manager, 'manager'),
  listedAdmin: makeUser(ids.users.listedAdmin, 'listed-admin'),
  roleAdmin: makeUser(ids.users.roleAdmin, 'role-admin'),
  other: makeUser(ids.users.other, 'other'),
  otherBot: makeUser(ids.users.otherBot, 'another-bot', true),
} as const;

interface Overwrite {
  id: string;
  /** 0 = role, 1 = member. */
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

/** Discord's channel types used here. */
export const CHANNEL_TYPES = { text: 0, publicThread: 11, forum: 15 } as const;

export interface ChannelSpec {
  id: string;
  name: string;
  overwrites: Overwrite[];
  /** A channel's type (CHANNEL_TYPES; default text; threads are public threads). */
  type?: number;
  /** Set for a thread: the channel it belongs to (threads take their parent's overwrites). */
  parentId?: string;
  /** A thread's creator (default: the `member` user). */
  ownerId?: string;
  /** A thread's members other than its creator (ids), for member_count. */
  memberIds?: string[];
}

interface RoleSpec {
  id: string;
  name: string;
  permissions: bigint;
  managed?: boolean;
}

export interface GuildSpec {
  id: string;
  name: string;
  ownerId: string;
  roles: RoleSpec[];
  /** The bot's roles in this server. */
  botRoleIds: string[];
  channels: ChannelSpec[];
  threads: ChannelSpec[];
}

/** The id of the i-th extra text channel of the home server (EmulatorOptions.extraChannels). */
export function extraChannelId(i: number): string {
  return String(1200000000000010000n + BigInt(i));
}

/** The id of the i-th extra server (EmulatorOptions.extraGuilds), spread over shards like real ids. */
export function extraGuildId(i: number): string {
  return String(1100000000100000000n + (BigInt(i) << 22n));
}

const everyoneDenies = (guildId: string, deny: bigint): Overwrite => ({ id: guildId, type: 0, allow: 0n, deny });

export function homeGuild(extraChannels = 0): GuildSpec {
  const channel = (id: string, name: string, overwrites: Overwrite[] = []): ChannelSpec => ({ id, name, overwrites });
  return {
    id: ids.guild,
    name: 'Emulated newsroom',
    ownerId: ids.users.manager,
    roles: [
      { id: ids.guild, name: '@everyone', permissions: EVERYONE },
      { id: ids.roles.moderator, name: 'moderator', permissions: EVERYONE },
      { id: ids.roles.regular, name: 'regular', permissions: EVERYONE },
      { id: ids.roles.bot, name: 'NewsQA', permissions: BOT_INVITE_PERMISSIONS, managed: true },
    ],
    botRoleIds: [ids.roles.bot],
    channels: [
      channel(ids.channels.general, 'general'),
      channel(ids.channels.offTopic, 'off-topic'),
      channel(ids.channels.readOnly, 'announcements', [everyoneDenies(ids.guild, P.SendMessages | P.SendMessagesInThreads)]),
      channel(ids.channels.noEmbeds, 'no-previews', [everyoneDenies(ids.guild, P.EmbedLinks)]),
      channel(ids.channels.noHistory, 'no-history', [everyoneDenies(ids.guild, P.ReadMessageHistory)]),
      channel(ids.channels.staffOnly, 'staff', [
        everyoneDenies(ids.guild, P.ViewChannel),
        { id: ids.roles.moderator, type: 0, allow: P.ViewChannel, deny: 0n },
      ]),
      channel(ids.channels.noThreads, 'no-threads', [everyoneDenies(ids.guild, P.CreatePublicThreads)]),
      { ...channel(ids.channels.forum, 'help-forum'), type: CHANNEL_TYPES.forum },
      { ...channel(ids.channels.lockedForum, 'locked-forum', [everyoneDenies(ids.guild, P.SendMessagesInThreads)]), type: CHANNEL_TYPES.forum },
      ...Array.from({ length: extraChannels }, (_, i) => channel(extraChannelId(i), `load-${i}`)),
    ],
    threads: [{ id: ids.channels.thread, name: 'a thread', overwrites: [], parentId: ids.channels.general }],
  };
}

export function otherGuild(id: string = ids.otherGuild, name = 'Another server'): GuildSpec {
  const elsewhere = id === ids.otherGuild ? ids.channels.elsewhere : String(BigInt(id) + 100n);
  return {
    id,
    name,
    ownerId: ids.users.other,
    roles: [
      { id, name: '@everyone', permissions: EVERYONE },
      { id: ids.roles.otherManager, name: 'managers', permissions: EVERYONE | P.ManageGuild },
      { id: ids.roles.botElsewhere, name: 'NewsQA', permissions: BOT_INVITE_PERMISSIONS, managed: true },
    ],
    botRoleIds: [ids.roles.botElsewhere],
    channels: [
      { id: elsewhere, name: 'general', overwrites: [] },
      ...(id === ids.otherGuild ? [{ id: ids.channels.elsewhereForum, name: 'questions', overwrites: [], type: CHANNEL_TYPES.forum }] : []),
    ],
    threads: [],
  };
}

/**
 * A member's permissions in a channel, as Discord computes them: the owner and Administrator have
 * all; otherwise @everyone's and the member's roles' permissions, then the channel's overwrites
 * (@everyone, then the roles' together, then the member's own), each deny before allow. Without
 * View Channel nothing else counts; in a text channel without Send Messages, neither do the
 * permissions that only qualify a message (Embed Links, Attach Files, Mention Everyone, TTS).
 */
export function permissionsIn(guild: GuildSpec, channelId: string, memberId: string, memberRoleIds: readonly string[]): bigint {
  if (guild.ownerId === memberId) return ALL_PERMISSIONS;
  const roleIds = new Set([guild.id, ...memberRoleIds]);
  let base = 0n;
  for (const role of guild.roles) if (roleIds.has(role.id)) base |= role.permissions;
  if (base & P.Administrator) return ALL_PERMISSIONS;
  const thread = guild.threads.find((t) => t.id === channelId);
  const channel = guild.channels.find((c) => c.id === (thread?.parentId ?? channelId));
  if (!channel) return 0n;
  let perms = base;
  const everyone = channel.overwrites.find((o) => o.type === 0 && o.id === guild.id);
  if (everyone) perms = (perms & ~everyone.deny) | everyone.allow;
  let roleAllow = 0n;
  let roleDeny = 0n;
  for (const o of channel.overwrites) {
    if (o.type === 0 && o.id !== guild.id && roleIds.has(o.id)) {
      roleAllow |= o.allow;
      roleDeny |= o.deny;
    }
  }
  perms = (perms & ~roleDeny) | roleAllow;
  const own = channel.overwrites.find((o) => o.type === 1 && o.id === memberId);
  if (own) perms = (perms & ~own.deny) | own.allow;
  if (!(perms & P.ViewChannel)) return 0n;
  if (!thread && !(perms & P.SendMessages)) perms &= ~(P.EmbedLinks | P.AttachFiles | P.MentionEveryone | P.SendTTSMessages);
  return perms;
}

const ISO = '2024-01-01T00:00:00.000000+00:00';

/** What a forum channel's payload carries besides a text channel's. */
const FORUM_FIELDS = {
  available_tags: [],
  default_reaction_emoji: null,
  default_sort_order: null,
  default_forum_layout: 0,
  default_thread_rate_limit_per_user: 0,
};

function channelPayload(guildId: string, spec: ChannelSpec, position: number) {
  const type = spec.type ?? CHANNEL_TYPES.text;
  return {
    id: spec.id,
    type,
    ...(type === CHANNEL_TYPES.forum ? FORUM_FIELDS : {}),
    guild_id: guildId,
    name: spec.name,
    position,
    permission_overwrites: spec.overwrites.map((o) => ({ id: o.id, type: o.type, allow: String(o.allow), deny: String(o.deny) })),
    parent_id: null,
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
  };
}

export function threadPayload(guildId: string, spec: ChannelSpec) {
  return {
    id: spec.id,
    type: CHANNEL_TYPES.publicThread,
    guild_id: guildId,
    parent_id: spec.parentId,
    owner_id: spec.ownerId ?? ids.users.member,
    name: spec.name,
    last_message_id: null,
    message_count: 0,
    member_count: 1 + (spec.memberIds?.length ?? 0),
    rate_limit_per_user: 0,
    flags: 0,
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: ISO, locked: false },
  };
}

/** A server as GUILD_CREATE sends it: roles with their permissions, channels with their overwrites, the bot's member. */
export function guildPayload(spec: GuildSpec) {
  return {
    id: spec.id,
    name: spec.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: spec.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: spec.roles.map((role, position) => ({
      id: role.id,
      name: role.name,
      color: 0,
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position,
      permissions: String(role.permissions),
      managed: role.managed ?? false,
      mentionable: false,
      flags: 0,
      ...(role.managed ? { tags: { bot_id: ids.bot } } : {}),
    })),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: ISO,
    large: false,
    unavailable: false,
    member_count: 6,
    voice_states: [],
    members: [{ user: users.bot, roles: [...spec.botRoleIds], joined_at: ISO, deaf: false, mute: false, flags: 0 }],
    channels: spec.channels.map((channel, position) => channelPayload(spec.id, channel, position)),
    threads: spec.threads.map((thread) => threadPayload(spec.id, thread)),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
