/**
 * Forum auto-reply: a new post (a thread created in a forum channel the server set for it, /settings,
 * by default FORUM_CHANNEL_IDS) is answered in its own thread, once: the post is recorded in the
 * database before it is answered, so a repeated THREAD_CREATE or a restart never answers it twice
 * (a crash between the two leaves it unanswered rather than answered twice). Its question is the
 * post's title and first message; without the Message Content intent Discord gives the bot no text of
 * a message that does not mention it, and the title alone is asked. Later messages in the post that
 * mention the bot (or reply to it) are follow-ups (message.ts). Posts by bots, the bot's own
 * included, are left alone.
 */
import { ChannelType, type AnyThreadChannel, type Message } from 'discord.js';
import type { Logger } from 'pino';
import { isUserError } from '../../errors.ts';
import type { BotContext } from '../context.ts';
import { answerAndRender, defaultResults, rememberAnswer } from '../functions/ask.ts';
import type { AskedBy } from '../functions/feedback.ts';
import { chooseUiLang, t, uiLangFromLocale, type UiLang } from '../i18n.ts';
import { neutralizeText, readQuestion, stripBotMention } from '../input.ts';
import { channelAccess, type ChannelAccess } from '../permissions.ts';
import { present } from '../presentation.ts';
import { textMessage, type OutgoingMessage } from '../render.ts';
import { sendMessage } from '../respond.ts';
import { serverLang } from '../serverSettings.ts';
import { requireIndex } from './preconditions.ts';

/** A post's question: its title, then as much of its first message as the question length allows, cut at a word. */
export function postQuestion(title: string, body: string, maxChars: number): string {
  const text = `${neutralizeText(title)} ${neutralizeText(body)}`.trim();
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  const cut = chars.slice(0, maxChars).join('');
  const space = cut.lastIndexOf(' ');
  return space > maxChars / 2 ? cut.slice(0, space) : cut;
}

/** The post's first message, or null when it cannot be read (then it is not answered: its author is unknown). */
async function openingMessage(thread: AnyThreadChannel, log: Logger): Promise<Message | null> {
  try {
    return await thread.fetchStarterMessage();
  } catch (error) {
    log.warn({ err: error }, "could not read a forum post's first message: not answered");
    return null;
  }
}

export async function handleThreadCreate(ctx: BotContext, thread: AnyThreadChannel, newlyCreated: boolean): Promise<void> {
  const botId = ctx.botUserId();
  if (!newlyCreated || !botId || thread.ownerId === botId || ctx.isShuttingDown()) return;
  if (thread.parent?.type !== ChannelType.GuildForum) return;
  const settings = ctx.settings.get(thread.guildId);
  if (!settings.forumChannelIds.includes(thread.parent.id)) return;
  const log = ctx.logger.child({ threadId: thread.id, channelId: thread.parentId, userId: thread.ownerId, guildId: thread.guildId });
  const me = thread.guild.members.me;
  const access = channelAccess(me ? thread.permissionsFor(me) : null, true);
  if (!access.canPost) {
    log.info({ missing: access.missing }, 'forum post where the bot may not post: not answered');
    return;
  }
  if (!ctx.conversations.claimForumPost(thread.id, thread.guildId)) {
    log.debug('forum post already taken on: not answered again');
    return;
  }
  const opening = await openingMessage(thread, log);
  if (!opening || opening.author.bot || opening.webhookId) return;
  const body = stripBotMention(opening.content, botId);
  const lang = serverLang(
    settings,
    chooseUiLang(`${thread.name} ${body}`, ctx.userLangs.get(opening.author.id), uiLangFromLocale(thread.guild.preferredLocale)),
  );
  await answerPost(ctx, { thread, opening, question: postQuestion(thread.name, body, ctx.config.maxQuestionChars), lang, access, log });
}

interface Post {
  thread: AnyThreadChannel;
  opening: Message;
  question: string;
  lang: UiLang;
  access: ChannelAccess;
  log: Logger;
}

async function answerPost(ctx: BotContext, { thread, opening, question: text, lang, access, log }: Post): Promise<void> {
  const started = ctx.now();
  const send = async (messages: OutgoingMessage[]) => {
    const sent: Message[] = [];
    for (const outgoing of present(messages, { plainText: !access.canEmbed, notice: null })) sent.push(await sendMessage(thread, outgoing));
    return sent;
  };
  try {
    const question = readQuestion(text, ctx.config.maxQuestionChars);
    const decision = ctx.rateLimiter.take(opening.author.id, thread.guildId);
    if (!decision.ok) {
      log.info({ scope: decision.scope }, 'forum post over the rate limit: not answered');
      return;
    }
    requireIndex(ctx);
    const asked: AskedBy = { via: 'forum', userId: opening.author.id, guildId: thread.guildId, channelId: thread.id, receivedAt: started };
    const { answer, messages } = await answerAndRender(
      ctx,
      { question, engineQuestion: question, k: defaultResults(ctx, thread.guildId), offset: 0, lang },
      asked,
    );
    const sent = await send(messages);
    const turn = { conversationId: thread.id, guildId: thread.guildId, channelId: thread.id, userId: opening.author.id, question, lang };
    rememberAnswer(ctx, turn, answer, sent, opening.author.id);
    log.info({ ms: ctx.now() - started }, 'forum post answered');
  } catch (error) {
    if (isUserError(error)) log.info({ code: error.code, context: error.context }, 'forum post refused');
    else log.error({ err: error }, 'forum post failed');
    const reason = isUserError(error) ? error.messageFor(lang) : t(lang).unexpected;
    await send([textMessage(reason)]).catch((sendError: unknown) => log.warn({ err: sendError }, 'could not answer the forum post'));
  }
}
