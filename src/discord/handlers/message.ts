/**
 * Dispatcher for messages: `@bot <question>` in a channel the bot may use (ALLOWED_CHANNEL_IDS, or
 * a thread under one) gets a reply to that message.
 *
 * Follow-ups: a message that replies to one of the bot's answers is asked with that answer's key
 * terms appended (input.ts withContext), so "and when was that?" keeps its subject. The context
 * lives in an in-memory LRU of the bot's recent answers; after a restart such a reply is simply a
 * new question.
 *
 * There is no private reply to a message, so refusals are short public replies; a rate-limited
 * user is told once per window, later messages in the window are ignored (no reply storms).
 *
 * Permissions: the bot's in the channel are computed from the cached server (roles, overwrites).
 * Where it may not post, the mention is ignored with one log line (a refusal could not be posted
 * either); without Embed Links the answer is plain text; without Read Message History (which a
 * reply needs) it is a message in the channel that names the asker.
 */
import type { Message } from 'discord.js';
import type { Logger } from 'pino';
import { isUserError } from '../../errors.ts';
import type { BotContext } from '../context.ts';
import { defaultResults, answerQuestion } from '../functions/ask.ts';
import { chooseUiLang, detectUiLang, t, uiLangFromLocale, type UiLang } from '../i18n.ts';
import { keyTerms, neutralizeText, readQuestion, stripBotMention, withContext } from '../input.ts';
import { channelAllowed, type ChannelAccess } from '../permissions.ts';
import { messageAccess, present } from '../presentation.ts';
import { textMessage, type OutgoingMessage } from '../render.ts';
import { replyToMessage } from '../respond.ts';
import { userErrors } from '../userErrors.ts';
import { requireIndex } from './preconditions.ts';

/** An answer ready sooner than this is sent without a typing indicator first. */
export const TYPING_AFTER_MS = 300;

/** Everything about a mention that decides how (and whether) it is answered. */
interface Mention {
  message: Message<true>;
  log: Logger;
  access: ChannelAccess;
  raw: string;
  visible: string;
  lang: UiLang;
  /** ctx.now() when it reached the bot (the recorded latency starts here). */
  receivedAt: number;
}

/** A mention of the bot that it may answer, or null (with the reason logged where one is worth a line). */
function readMention(ctx: BotContext, message: Message): Mention | null {
  const botId = ctx.botUserId();
  if (!botId || message.author.bot || message.author.id === botId || message.webhookId) return null;
  if (!message.inGuild()) return null;
  // Only an explicit mention of the bot (or a reply that pings it) — never @everyone / @here.
  if (!message.mentions.users.has(botId)) return null;
  const parentId = message.channel.isThread() ? message.channel.parentId : null;
  const log = ctx.logger.child({ messageId: message.id, channelId: message.channelId, userId: message.author.id, guildId: message.guildId });
  if (!channelAllowed(ctx.config, message.channelId, parentId)) {
    log.debug('mention in a channel outside ALLOWED_CHANNEL_IDS: ignored');
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
  const lang = chooseUiLang(visible, ctx.userLangs.get(message.author.id), uiLangFromLocale(message.guild.preferredLocale));
  if (detectUiLang(visible)) ctx.userLangs.set(message.author.id, lang);
  return { message, log, access, raw, visible, lang, receivedAt };
}

export async function handleMessage(ctx: BotContext, incoming: Message): Promise<void> {
  const mention = readMention(ctx, incoming);
  if (!mention) return;
  const { message, log, access, lang } = mention;
  const started = ctx.now();
  const send = (messages: OutgoingMessage[]) =>
    replyToMessage(message, present(messages, { plainText: !access.canEmbed, notice: null }), { asReply: access.canReply });
  try {
    const outcome = await answerMention(ctx, mention);
    if (!outcome) return;
    const sent = await send(outcome.messages);
    if (sent[0]) ctx.answers.set(sent[0].id, { terms: keyTerms(outcome.engineQuestion), askerId: message.author.id });
    log.info({ ms: ctx.now() - started, followUp: outcome.followUp }, 'mention answered');
  } catch (error) {
    if (isUserError(error)) log.info({ code: error.code, context: error.context }, 'refused');
    else log.error({ err: error }, 'mention failed');
    const text = isUserError(error) ? error.messageFor(lang) : t(lang).unexpected;
    await send([textMessage(text)]).catch((replyError: unknown) => log.warn({ err: replyError }, 'could not reply'));
  }
}

/** The answer to a mention, or null when a rate-limited user was already told; refusals are thrown as UserErrors. */
async function answerMention(
  ctx: BotContext,
  { message, raw, visible, lang, receivedAt }: Mention,
): Promise<{ messages: OutgoingMessage[]; engineQuestion: string; followUp: boolean } | null> {
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
  const earlier = message.reference?.messageId ? ctx.answers.get(message.reference.messageId) : undefined;
  const engineQuestion = earlier ? withContext(question, earlier.terms, ctx.config.maxQuestionChars) : question;
  // "typing…" only when the answer is slow to come: each indicator is a bot-token request, and
  // those share Discord's 50-per-second global limit with the replies themselves.
  const typing = setTimeout(() => void message.channel.sendTyping().catch(() => undefined), TYPING_AFTER_MS);
  try {
    const asked = {
      via: earlier ? 'follow-up' : 'mention',
      userId: message.author.id,
      guildId: message.guildId,
      channelId: message.channelId,
      receivedAt,
    } as const;
    const messages = await answerQuestion(ctx, { question, engineQuestion, k: defaultResults(ctx), offset: 0, lang }, asked);
    return { messages, engineQuestion, followUp: !!earlier };
  } finally {
    clearTimeout(typing);
  }
}
