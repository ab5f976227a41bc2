/**
 * Dispatcher for messages: `@bot <question>` in a channel the bot may use (the server's answer
 * channels, /settings, by default ALLOWED_CHANNEL_IDS; a thread under one; a post of a forum it
 * answers) gets an answer: a reply to that message, or, in a server set to `thread` mode, an answer in
 * a public thread opened on it (thread.ts; without the permissions for that, a reply, with one log line).
 *
 * Follow-ups: a message in a thread, or one replying to an answer of the bot (mentioning it, or with
 * the Message Content intent, just replying), continues that conversation (conversations.ts): it is
 * asked with the conversation's earlier questions and the passages already shown (AskOptions.context),
 * stored in the database, so that a restart does not lose them.
 *
 * There is no private reply to a message, so refusals are short public replies; a rate-limited
 * user is told once per window, later messages in the window are ignored (no reply storms).
 *
 * Permissions: the bot's in the channel are computed from the cached server (roles, overwrites).
 * Where it may not post, the mention is ignored with one log line (a refusal could not be posted
 * either); without Embed Links the answer is plain text; without Read Message History (which a
 * reply needs) it is a message in the channel that names the asker.
 */
import { ChannelType, ThreadAutoArchiveDuration, type Message } from 'discord.js';
import type { Logger } from 'pino';
import { isUserError } from '../../errors.ts';
import type { Answer } from '../../types.ts';
import type { BotContext } from '../context.ts';
import type { Conversation } from '../conversations.ts';
import { answerAndRender, defaultResults, rememberAnswer } from '../functions/ask.ts';
import type { AskedBy } from '../functions/feedback.ts';
import { chooseUiLang, detectUiLang, t, uiLangFromLocale, type UiLang } from '../i18n.ts';
import { neutralizeText, readQuestion, stripBotMention } from '../input.ts';
import { channelAccess, channelAllowed, type ChannelAccess } from '../permissions.ts';
import { messageAccess, present } from '../presentation.ts';
import { textMessage, type OutgoingMessage } from '../render.ts';
import { replyToMessage, sendMessage } from '../respond.ts';
import { serverLang, type ServerSettings } from '../serverSettings.ts';
import { missingThreadPermissions, threadName } from '../threads.ts';
import { userErrors } from '../userErrors.ts';
import { requireIndex } from './preconditions.ts';

/** An answer ready sooner than this is sent without a typing indicator first. */
export const TYPING_AFTER_MS = 300;

/** Everything about a mention that decides how (and whether) it is answered. */
interface Mention {
  message: Message<true>;
  log: Logger;
  access: ChannelAccess;
  settings: ServerSettings;
  raw: string;
  visible: string;
  lang: UiLang;
  /** ctx.now() when it reached the bot (the recorded latency starts here). */
  receivedAt: number;
}

/** Where an answer goes, and the conversation it belongs to (null: a new chain of replies, named after its first answer). */
interface AnswerPlace {
  conversationId: string | null;
  channelId: string;
  send(messages: OutgoingMessage[]): Promise<Message[]>;
}

/** Whether a message is for the bot: it mentions it (a reply that pings it does), or it replies to it with text the bot can read. */
function addressesBot(message: Message, botId: string): boolean {
  if (message.mentions.users.has(botId)) return true;
  // Without the Message Content intent a reply that does not mention the bot arrives without its text.
  return message.mentions.repliedUser?.id === botId && message.content.trim() !== '';
}

/** The opening message of a post in a forum the bot answers: the post itself is answered (forumPost.ts). */
function opensAnsweredForumPost(message: Message<true>, settings: ServerSettings): boolean {
  const channel = message.channel;
  return channel.isThread() && message.id === channel.id && !!channel.parentId && settings.forumChannelIds.includes(channel.parentId);
}

/** A mention of the bot that it may answer, or null (with the reason logged where one is worth a line). */
function readMention(ctx: BotContext, message: Message): Mention | null {
  const botId = ctx.botUserId();
  if (!botId || message.author.bot || message.author.id === botId || message.webhookId) return null;
  if (!message.inGuild()) return null;
  // Only the bot, mentioned or replied to — never @everyone / @here.
  if (!addressesBot(message, botId)) return null;
  const parentId = message.channel.isThread() ? message.channel.parentId : null;
  const log = ctx.logger.child({ messageId: message.id, channelId: message.channelId, userId: message.author.id, guildId: message.guildId });
  const settings = ctx.settings.get(message.guildId);
  if (opensAnsweredForumPost(message, settings)) return null;
  const inAnsweredForum = !!parentId && settings.forumChannelIds.includes(parentId);
  if (!inAnsweredForum && !channelAllowed({ allowedChannelIds: settings.answerChannelIds }, message.channelId, parentId)) {
    log.debug("mention in a channel outside the server's answer channels: ignored");
    return null;
  }
  // Unknown (its own member not cached): try, as before this check existed.
  const access = messageAccess(message) ?? { canPost: true, canEmbed: true, canReply: true, missing: [] };
  if (!access.canPost) {
    log.info({ missing: access.missing }, 'mention in a channel where the bot may not post: ignored');
    return null;
  }
  if (ctx.isShuttingDown()) return null;
  const receivedAt = ctx.now();
  const raw = stripBotMention(message.content, botId);
  const visible = neutralizeText(raw);
  const lang = serverLang(settings, chooseUiLang(visible, ctx.userLangs.get(message.author.id), uiLangFromLocale(message.guild.preferredLocale)));
  if (detectUiLang(visible)) ctx.userLangs.set(message.author.id, lang);
  return { message, log, access, settings, raw, visible, lang, receivedAt };
}

export async function handleMessage(ctx: BotContext, incoming: Message): Promise<void> {
  const mention = readMention(ctx, incoming);
  if (!mention) return;
  const { message, log, access, lang } = mention;
  const started = ctx.now();
  const reply = (messages: OutgoingMessage[]) =>
    replyToMessage(message, present(messages, { plainText: !access.canEmbed, notice: null }), { asReply: access.canReply });
  try {
    const conversation = ctx.conversations.continuedBy(message);
    const outcome = await answerMention(ctx, mention, conversation);
    if (!outcome) return;
    const place = await answerPlace(mention, conversation, outcome.question);
    const sent = await place.send(outcome.messages);
    const turn = {
      conversationId: place.conversationId,
      guildId: message.guildId,
      channelId: place.channelId,
      userId: message.author.id,
      question: outcome.question,
      lang,
    };
    rememberAnswer(ctx, turn, outcome.answer, sent, message.author.id);
    log.info({ ms: ctx.now() - started, via: outcome.via, conversationId: place.conversationId ?? sent[0]?.id }, 'mention answered');
  } catch (error) {
    if (isUserError(error)) log.info({ code: error.code, context: error.context }, 'refused');
    else log.error({ err: error }, 'mention failed');
    const text = isUserError(error) ? error.messageFor(lang) : t(lang).unexpected;
    await reply([textMessage(text)]).catch((replyError: unknown) => log.warn({ err: replyError }, 'could not reply'));
  }
}

interface MentionOutcome {
  question: string;
  answer: Answer;
  messages: OutgoingMessage[];
  via: 'mention' | 'follow-up';
}

/** The answer to a mention, or null when a rate-limited user was already told; refusals are thrown as UserErrors. */
async function answerMention(
  ctx: BotContext,
  { message, raw, visible, lang, receivedAt }: Mention,
  conversation: Conversation | null,
): Promise<MentionOutcome | null> {
  if (!visible) throw userErrors.mentionHowTo();
  const question = readQuestion(raw, ctx.config.maxQuestionChars);
  const decision = ctx.rateLimiter.take(message.author.id, message.guildId);
  if (!decision.ok) {
    const now = ctx.now();
    if ((ctx.mentionRefusals.get(message.author.id) ?? 0) > now) return null;
    ctx.mentionRefusals.set(message.author.id, now + decision.retryAfterMs);
    throw userErrors.rateLimited(decision.scope, decision.retryAfterMs);
  }
  requireIndex(ctx);
  const context = conversation?.context ?? undefined;
  const via = context ? 'follow-up' : 'mention';
  // "typing…" only when the answer is slow to come: each indicator is a bot-token request, and
  // those share Discord's 50-per-second global limit with the replies themselves.
  const typing = setTimeout(() => void message.channel.sendTyping().catch(() => undefined), TYPING_AFTER_MS);
  try {
    const k = defaultResults(ctx, message.guildId);
    const asked: AskedBy = { via, userId: message.author.id, guildId: message.guildId, channelId: message.channelId, receivedAt };
    const { answer, messages } = await answerAndRender(ctx, { question, engineQuestion: question, k, offset: 0, lang, ...(context ? { context } : {}) }, asked);
    return { question, answer, messages, via };
  } finally {
    clearTimeout(typing);
  }
}

/**
 * Where the answer goes: in a thread, there; in a server set to `thread` mode, a new question opens a
 * public thread on its message (the bot needs Create Public Threads and Send Messages in Threads:
 * without them, and for a reply to an earlier answer, it replies in the channel).
 */
async function answerPlace(mention: Mention, conversation: Conversation | null, question: string): Promise<AnswerPlace> {
  const { message, access, log, lang } = mention;
  const replyPlace: AnswerPlace = {
    conversationId: conversation?.id ?? null,
    channelId: message.channelId,
    send: (messages) => replyToMessage(message, present(messages, { plainText: !access.canEmbed, notice: null }), { asReply: access.canReply }),
  };
  if (mention.settings.replyMode !== 'thread' || conversation || message.channel.isThread()) return replyPlace;
  if (message.channel.type !== ChannelType.GuildText && message.channel.type !== ChannelType.GuildAnnouncement) return replyPlace;
  const me = message.guild.members.me;
  const missing = missingThreadPermissions(me ? message.channel.permissionsFor(me) : null);
  if (missing.length) {
    log.info({ missing }, 'thread mode, but the bot may not open a thread here: answered with a reply');
    return replyPlace;
  }
  try {
    const thread = await message.startThread({ name: threadName(question, t(lang).threadFallbackName), autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
    const inThread = channelAccess(me ? thread.permissionsFor(me) : null, true);
    return {
      conversationId: thread.id,
      channelId: thread.id,
      send: async (messages) => {
        const sent: Message[] = [];
        for (const outgoing of present(messages, { plainText: !inThread.canEmbed, notice: null })) sent.push(await sendMessage(thread, outgoing));
        return sent;
      },
    };
  } catch (error) {
    log.warn({ err: error }, 'could not open a thread on the question: answered with a reply');
    return replyPlace;
  }
}
