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
 */
import type { Message } from 'discord.js';
import { isUserError } from '../../errors.ts';
import type { BotContext } from '../context.ts';
import { defaultResults, answerQuestion } from '../functions/ask.ts';
import { chooseUiLang, detectUiLang, t, uiLangFromLocale } from '../i18n.ts';
import { keyTerms, neutralizeText, readQuestion, stripBotMention, withContext } from '../input.ts';
import { channelAllowed } from '../permissions.ts';
import { textMessage, type OutgoingMessage } from '../render.ts';
import { replyToMessage } from '../respond.ts';
import { userErrors } from '../userErrors.ts';

/** An answer ready sooner than this is sent without a typing indicator first. */
export const TYPING_AFTER_MS = 300;

export async function handleMessage(ctx: BotContext, message: Message): Promise<void> {
  const botId = ctx.botUserId();
  if (!botId || message.author.bot || message.author.id === botId || message.webhookId) return;
  if (!message.inGuild()) return;
  // Only an explicit mention of the bot (or a reply that pings it) — never @everyone / @here.
  if (!message.mentions.users.has(botId)) return;
  const parentId = message.channel.isThread() ? message.channel.parentId : null;
  const log = ctx.logger.child({ messageId: message.id, channelId: message.channelId, userId: message.author.id, guildId: message.guildId });
  if (!channelAllowed(ctx.config, message.channelId, parentId)) {
    log.debug('mention in a channel outside ALLOWED_CHANNEL_IDS: ignored');
    return;
  }
  if (ctx.isShuttingDown()) return;

  const raw = stripBotMention(message.content, botId);
  const visible = neutralizeText(raw);
  const lang = chooseUiLang(visible, ctx.userLangs.get(message.author.id), uiLangFromLocale(message.guild.preferredLocale));
  if (detectUiLang(visible)) ctx.userLangs.set(message.author.id, lang);
  const started = ctx.now();
  try {
    if (!visible) throw userErrors.mentionHowTo();
    const question = readQuestion(raw, ctx.config.maxQuestionChars);
    const decision = ctx.rateLimiter.take(message.author.id, message.guildId);
    if (!decision.ok) {
      const now = ctx.now();
      if ((ctx.mentionRefusals.get(message.author.id) ?? 0) > now) return;
      ctx.mentionRefusals.set(message.author.id, now + decision.retryAfterMs);
      throw userErrors.rateLimited(decision.scope, decision.retryAfterMs);
    }
    const earlier = message.reference?.messageId ? ctx.answers.get(message.reference.messageId) : undefined;
    const engineQuestion = earlier ? withContext(question, earlier.terms, ctx.config.maxQuestionChars) : question;
    // "typing…" only when the answer is slow to come: each indicator is a bot-token request, and
    // those share Discord's 50-per-second global limit with the replies themselves.
    const typing = setTimeout(() => void message.channel.sendTyping().catch(() => undefined), TYPING_AFTER_MS);
    let messages: OutgoingMessage[];
    try {
      messages = await answerQuestion(ctx, { question, engineQuestion, k: defaultResults(ctx), offset: 0, lang });
    } finally {
      clearTimeout(typing);
    }
    const sent = await replyToMessage(message, messages);
    if (sent[0]) ctx.answers.set(sent[0].id, { terms: keyTerms(engineQuestion) });
    log.info({ ms: ctx.now() - started, followUp: !!earlier }, 'mention answered');
  } catch (error) {
    if (isUserError(error)) log.info({ code: error.code, context: error.context }, 'refused');
    else log.error({ err: error }, 'mention failed');
    const text = isUserError(error) ? error.messageFor(lang) : t(lang).unexpected;
    await replyToMessage(message, textMessage(text)).catch((replyError: unknown) => log.warn({ err: replyError }, 'could not reply'));
  }
}
