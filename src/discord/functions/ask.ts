/** Answering a question: /ask, mentions and "More results" all come through answerQuestion(). */
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type Message } from 'discord.js';
import type { Answer, ConversationContext } from '../../types.ts';
import type { BotContext } from '../context.ts';
import type { AnsweredTurn } from '../conversations.ts';
import { argumentsOf, AskCommand, MAX_RESULTS } from '../commands.ts';
import { questionKey } from '../customIds.ts';
import type { UiLang } from '../i18n.ts';
import { readQuestion } from '../input.ts';
import { interactionPresentation, present } from '../presentation.ts';
import { renderAnswer, type OutgoingMessage } from '../render.ts';
import { respond } from '../respond.ts';
import { userErrors } from '../userErrors.ts';
import { keepFeedback, recordWithFeedback, type AskedBy } from './feedback.ts';

export interface QuestionRequest {
  question: string;
  engineQuestion: string;
  k: number;
  offset: number;
  lang: UiLang;
  /** A follow-up in a conversation (thread, chain of replies): asked with its context. */
  context?: ConversationContext;
}

/**
 * The engine's answer and its messages; with `asked` (a new question, not another page of one) the
 * answer is recorded and its messages get 👍 / 👎.
 */
export async function answerAndRender(ctx: BotContext, request: QuestionRequest, asked?: AskedBy): Promise<{ answer: Answer; messages: OutgoingMessage[] }> {
  const { context } = request;
  const answer = await ctx.engine.ask(request.engineQuestion, {
    k: request.k,
    offset: request.offset,
    langHint: request.lang,
    ...(context ? { context } : {}),
  });
  // A follow-up's pages are its own: the same words asked in another conversation rank differently.
  const key = questionKey(context ? `${request.engineQuestion}\u0000${JSON.stringify(context)}` : request.engineQuestion, request.k, request.lang);
  ctx.questions.set(key, {
    question: request.question,
    engineQuestion: request.engineQuestion,
    k: request.k,
    lang: request.lang,
    ...(context ? { context } : {}),
  });
  const messages = renderAnswer(answer, { lang: request.lang, question: request.question, offset: request.offset, k: request.k, questionKey: key });
  return { answer, messages: asked ? recordWithFeedback(ctx, answer, asked, request.lang, messages) : messages };
}

async function answerQuestion(ctx: BotContext, request: QuestionRequest): Promise<OutgoingMessage[]> {
  return (await answerAndRender(ctx, request)).messages;
}

/** Results per answer in a server (its setting, else DEFAULT_RESULTS), within what /ask allows. */
export function defaultResults(ctx: BotContext, guildId: string | null): number {
  return Math.min(ctx.settings.get(guildId).defaultResults, MAX_RESULTS);
}

/**
 * /ask question:<text> [results:<1-5>] [private:<bool>] — defer at once, then edit in the answer.
 * Private when asked, outside ALLOWED_CHANNEL_IDS, or where the bot may not post (with a note
 * saying so); plain text where it may not embed links.
 */
export async function askCommand(ctx: BotContext, interaction: ChatInputCommandInteraction, lang: UiLang): Promise<void> {
  const receivedAt = ctx.now();
  const args = argumentsOf(AskCommand, interaction);
  const question = readQuestion(args.question, ctx.config.maxQuestionChars);
  const presentation = interactionPresentation(ctx, interaction, lang, args.private ?? ctx.settings.get(interaction.guildId).answersPrivate);
  await interaction.deferReply(presentation.private ? { flags: MessageFlags.Ephemeral } : {});
  const k = Math.min(Math.max(args.results ?? defaultResults(ctx, interaction.guildId), 1), MAX_RESULTS);
  const asked: AskedBy = { via: 'slash', userId: interaction.user.id, guildId: interaction.guildId, channelId: interaction.channelId, receivedAt };
  const { answer, messages } = await answerAndRender(ctx, { question, engineQuestion: question, k, offset: 0, lang }, asked);
  const sent = await respond(interaction, present(messages, presentation), { private: presentation.private });
  if (presentation.private) return;
  // A reply to a public answer in a server is a follow-up: the answer starts a conversation.
  const turn = { guildId: interaction.guildId, channelId: interaction.channelId, userId: interaction.user.id, question, lang };
  rememberAnswer(ctx, interaction.inGuild() ? turn : null, answer, sent, interaction.user.id);
}

/**
 * After an answer is sent: its first message remembers who asked (their 👍 / 👎 and "More results"),
 * and the question joins its conversation (`turn`; null: none, as in direct messages), by default
 * one that the answer's first message starts. Nothing sent, nothing remembered.
 */
export function rememberAnswer(
  ctx: BotContext,
  turn: (Omit<AnsweredTurn, 'conversationId' | 'shownPassageIds' | 'answerMessageIds'> & { conversationId?: string | null }) | null,
  answer: Answer,
  sent: readonly Message[],
  askerId: string,
): void {
  const first = sent[0];
  if (!first) return;
  ctx.answers.set(first.id, { askerId });
  if (!turn) return;
  ctx.conversations.record({
    ...turn,
    conversationId: turn.conversationId ?? first.id,
    shownPassageIds: answer.results.map((result) => result.passageId),
    answerMessageIds: sent.map((message) => message.id),
  });
}

/** Who asked the question a public answer answers: the bot's record of it, else Discord's note on an interaction's answer. */
function askerOf(ctx: BotContext, interaction: ButtonInteraction): string | null {
  return ctx.answers.get(interaction.message.id)?.askerId ?? interaction.message.interactionMetadata?.user.id ?? null;
}

/**
 * "More results" / "Previous": the same question at another offset. The asker's own answer (or a
 * private one) is replaced in place; someone else pressing a public answer's button gets a private
 * copy, so nobody can change what everyone sees under another person's question.
 */
export async function moreResultsButton(ctx: BotContext, interaction: ButtonInteraction, offset: number, key: string, lang: UiLang): Promise<void> {
  const remembered = ctx.questions.get(key);
  if (!remembered) throw userErrors.expiredButton();
  const isPrivate = interaction.message.flags.has(MessageFlags.Ephemeral);
  const presentation = interactionPresentation(ctx, interaction, lang);
  if (!isPrivate && askerOf(ctx, interaction) !== interaction.user.id) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const messages = await answerQuestion(ctx, { ...remembered, offset });
    await respond(interaction, present(messages, { plainText: presentation.plainText, notice: null }), { private: true });
    return;
  }
  await interaction.deferUpdate();
  const messages = keepFeedback(interaction.message, await answerQuestion(ctx, { ...remembered, offset }));
  await respond(interaction, present(messages, { plainText: presentation.plainText, notice: null }), { private: isPrivate });
}
