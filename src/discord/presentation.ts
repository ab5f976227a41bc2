/**
 * How an answer is shown where it was asked: to everyone or privately, as embeds or as plain text.
 * Public only in a channel the bot may use (the server's answer channels, /settings, by default
 * ALLOWED_CHANNEL_IDS; threads under one) and may post
 * in (View Channel, Send Messages); embeds only where it may embed links. Interactions say the bot's
 * permissions in their channel (`app_permissions`); for a mention they are computed from the cached
 * server (roles and overwrites).
 */
import type { Message, RepliableInteraction } from 'discord.js';
import type { BotContext } from './context.ts';
import { t, type UiLang } from './i18n.ts';
import { channelAccess, channelAllowed, type ChannelAccess } from './permissions.ts';
import { asPlainText } from './plainText.ts';
import type { OutgoingMessage } from './render.ts';

export interface Presentation {
  private: boolean;
  plainText: boolean;
  /** Said to the user at the top of the answer: why it is private when they did not ask for that. */
  notice: string | null;
}

/** The bot's access where an interaction was used (everything in a DM). */
export function interactionAccess(interaction: RepliableInteraction): ChannelAccess {
  if (!interaction.inGuild()) return channelAccess(null, false);
  return channelAccess(interaction.appPermissions, interaction.channel?.isThread() ?? false);
}

/**
 * For an interaction: private when asked for, outside the server's answer channels, or where the bot may not
 * post (the user is told why); plain text where it may not embed links.
 */
export function interactionPresentation(ctx: BotContext, interaction: RepliableInteraction, lang: UiLang, requestedPrivate = false): Presentation {
  const access = interactionAccess(interaction);
  const channel = interaction.channel;
  const parentId = channel?.isThread() ? channel.parentId : null;
  const answerChannels = { allowedChannelIds: ctx.settings.get(interaction.guildId).answerChannelIds };
  const outsideAllowed = interaction.inGuild() && !channelAllowed(answerChannels, interaction.channelId, parentId);
  return {
    private: requestedPrivate || outsideAllowed || !access.canPost,
    plainText: !access.canEmbed,
    notice: !access.canPost && !requestedPrivate ? t(lang).cannotPostHere : null,
  };
}

/** The bot's access in the channel of a message in a server, from the cached server (null when its own member is not cached). */
export function messageAccess(message: Message<true>): ChannelAccess | null {
  const me = message.guild.members.me;
  const permissions = me ? message.channel.permissionsFor(me) : null;
  return permissions ? channelAccess(permissions, message.channel.isThread()) : null;
}

/** The messages as the presentation wants them: plain text if so, with the notice on top. */
export function present(messages: OutgoingMessage[], presentation: Pick<Presentation, 'plainText' | 'notice'>): OutgoingMessage[] {
  const shaped = presentation.plainText ? asPlainText(messages) : messages;
  if (!presentation.notice || !shaped.length) return shaped;
  const [first, ...rest] = shaped;
  const content = first!.content ? `-# ${presentation.notice}\n${first!.content}` : `-# ${presentation.notice}`;
  return [{ ...first, content }, ...rest];
}
