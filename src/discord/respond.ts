/**
 * The one way the bot speaks. Safe output is the default here, not a habit each handler must
 * remember: no mention can ping (allowed_mentions with nothing to parse, no replied-user ping),
 * every payload is clamped to Discord's limits as a last resort (renderers already split), each
 * call fully replaces content/embeds/components, and errors go to the user privately.
 */
import {
  MessageFlags,
  type Message,
  type MessageComponentInteraction,
  type MessageMentionOptions,
  type RepliableInteraction,
  type SendableChannels,
  type User,
} from 'discord.js';
import { isUserError } from '../errors.ts';
import { embedLength, LIMITS, truncate } from './format.ts';
import { t, type UiLang } from './i18n.ts';
import { textMessage, type OutgoingMessage } from './render.ts';

export const SAFE_MENTIONS: MessageMentionOptions = { parse: [], repliedUser: false };

/** Problems with a message against Discord's limits (empty = fine). Used by tests and clamp(). */
export function limitProblems(message: OutgoingMessage): string[] {
  const problems: string[] = [];
  if ((message.content ?? '').length > LIMITS.content) problems.push('content > 2000');
  const embeds = message.embeds ?? [];
  if (embeds.length > LIMITS.embedsPerMessage) problems.push('more than 10 embeds');
  let total = 0;
  for (const embed of embeds) {
    total += embedLength(embed as Parameters<typeof embedLength>[0]);
    if ((embed.title ?? '').length > LIMITS.embedTitle) problems.push('embed title > 256');
    if ((embed.description ?? '').length > LIMITS.embedDescription) problems.push('embed description > 4096');
    if ((embed.fields ?? []).length > LIMITS.fieldsPerEmbed) problems.push('more than 25 fields');
    for (const field of embed.fields ?? []) {
      if (field.name.length > LIMITS.fieldName) problems.push('field name > 256');
      if (field.value.length > LIMITS.fieldValue) problems.push('field value > 1024');
    }
    if ((embed.footer?.text ?? '').length > LIMITS.footerText) problems.push('footer > 2048');
  }
  if (total > LIMITS.embedsTotal) problems.push('embeds total > 6000');
  const rows = message.components ?? [];
  if (rows.length > LIMITS.actionRows) problems.push('more than 5 action rows');
  for (const row of rows) if (row.components.length > LIMITS.buttonsPerRow) problems.push('more than 5 buttons in a row');
  if ((message.files ?? []).length > LIMITS.filesPerMessage) problems.push('more than 10 files');
  if (!(message.content ?? '').length && !embeds.length) problems.push('empty message');
  return problems;
}

/** Last line of defence: cut whatever is still too long (the renderers should have split it). */
function clamp(message: OutgoingMessage): OutgoingMessage {
  if (!limitProblems(message).length) return message;
  let total = 0;
  const embeds = (message.embeds ?? []).slice(0, LIMITS.embedsPerMessage).flatMap((embed) => {
    const copy = {
      ...embed,
      ...(embed.title ? { title: truncate(embed.title, LIMITS.embedTitle) } : {}),
      ...(embed.description ? { description: truncate(embed.description, LIMITS.embedDescription) } : {}),
      ...(embed.fields
        ? {
            fields: embed.fields
              .slice(0, LIMITS.fieldsPerEmbed)
              .map((f) => ({ ...f, name: truncate(f.name, LIMITS.fieldName), value: truncate(f.value, LIMITS.fieldValue) })),
          }
        : {}),
    };
    total += embedLength(copy as Parameters<typeof embedLength>[0]);
    return total <= LIMITS.embedsTotal ? [copy] : [];
  });
  const content = truncate(message.content ?? '', LIMITS.content) || (embeds.length ? '' : '…');
  const components = (message.components ?? [])
    .slice(0, LIMITS.actionRows)
    .map((row) => ({ ...row, components: row.components.slice(0, LIMITS.buttonsPerRow) }));
  const files = message.files?.slice(0, LIMITS.filesPerMessage);
  return { content, embeds, components, ...(files ? { files } : {}) };
}

function payload(message: OutgoingMessage) {
  const safe = clamp(message);
  // discord.js sends a message with files as multipart/form-data (the JSON in payload_json).
  const files = safe.files?.length ? { files: safe.files.map((file) => ({ attachment: file.data, name: file.name })) } : {};
  return { content: safe.content ?? '', embeds: safe.embeds ?? [], components: safe.components ?? [], allowedMentions: SAFE_MENTIONS, ...files };
}

/** Interactions whose reply already holds an answer: a later error must not replace it. */
const answered = new WeakSet<RepliableInteraction>();

const ephemeral = (isPrivate: boolean | undefined) => (isPrivate ? MessageFlags.Ephemeral : undefined);

/**
 * Answer an interaction with one or more messages: the first replies (or edits the deferred /
 * earlier reply), the others follow up. Returns the messages Discord created when it says.
 */
export async function respond(
  interaction: RepliableInteraction,
  messages: OutgoingMessage | OutgoingMessage[],
  options: { private?: boolean } = {},
): Promise<Message[]> {
  const [first = textMessage('…'), ...rest] = Array.isArray(messages) ? messages : [messages];
  const sent: Message[] = [];
  if (interaction.deferred || interaction.replied) {
    sent.push(await interaction.editReply(payload(first)));
  } else {
    await interaction.reply({ ...payload(first), flags: ephemeral(options.private) });
  }
  answered.add(interaction);
  for (const message of rest) {
    sent.push(await interaction.followUp({ ...payload(message), flags: ephemeral(options.private || interaction.ephemeral === true) }));
  }
  return sent;
}

/** Replace the message a button is on (type 7, or an edit after deferUpdate); more messages follow it, privately. */
export async function respondUpdate(interaction: MessageComponentInteraction, messages: OutgoingMessage | OutgoingMessage[]): Promise<void> {
  const [first = textMessage('…'), ...rest] = Array.isArray(messages) ? messages : [messages];
  if (interaction.deferred || interaction.replied) await interaction.editReply(payload(first));
  else await interaction.update(payload(first));
  for (const message of rest) await interaction.followUp({ ...payload(message), flags: MessageFlags.Ephemeral });
}

/** A short private message in the user's language: the UserError's text, or an apology. */
export async function respondError(interaction: RepliableInteraction, lang: UiLang, error: unknown): Promise<void> {
  const message = textMessage(isUserError(error) ? error.messageFor(lang) : t(lang).unexpected);
  const privately = { ...payload(message), flags: MessageFlags.Ephemeral as const };
  const placeholder = interaction.deferred && !interaction.replied && !answered.has(interaction) && !interaction.isMessageComponent();
  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply(privately);
  } else if (placeholder && interaction.ephemeral) {
    await interaction.editReply(payload(message));
  } else if (placeholder) {
    // A public "thinking…" placeholder: remove it so the error is seen by the asker alone.
    await interaction.deleteReply().catch(() => undefined);
    await interaction.followUp(privately);
  } else {
    await interaction.followUp(privately);
  }
}

/**
 * Answer a user's message (mentions), never pinging anyone: each message a reply to it, or, where
 * the bot may not read the channel's history (which a reply needs), plain messages in the channel
 * that name the asker first (a mention that does not ping).
 */
export async function replyToMessage(message: Message, messages: OutgoingMessage | OutgoingMessage[], { asReply = true } = {}): Promise<Message[]> {
  const sent: Message[] = [];
  for (const [index, outgoing] of (Array.isArray(messages) ? messages : [messages]).entries()) {
    if (asReply) sent.push(await message.reply({ ...payload(outgoing), failIfNotExists: false }));
    else {
      const named = index === 0 ? { ...outgoing, content: `<@${message.author.id}> ${outgoing.content ?? ''}`.trimEnd() } : outgoing;
      if (!message.channel.isSendable()) throw new Error(`channel ${message.channelId} does not take messages`);
      sent.push(await message.channel.send(payload(named)));
    }
  }
  return sent;
}

/** A message of the bot's own, not tied to an interaction's token: in a channel, or to a user (a DM). */
export async function sendMessage(target: SendableChannels | User, message: OutgoingMessage): Promise<Message> {
  return target.send(payload(message));
}

/** Edit a message of the bot's own (sendMessage's). */
export async function editMessage(message: Message, outgoing: OutgoingMessage): Promise<Message> {
  return message.edit(payload(outgoing));
}
