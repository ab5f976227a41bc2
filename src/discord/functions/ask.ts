/** Answering a question: /ask, mentions and "More results" all come through answerQuestion(). */
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import { argumentsOf, AskCommand, MAX_RESULTS } from '../commands.ts';
import { questionKey } from '../customIds.ts';
import type { UiLang } from '../i18n.ts';
import { keyTerms, readQuestion } from '../input.ts';
import { channelAllowed } from '../permissions.ts';
import { renderAnswer, type OutgoingMessage } from '../render.ts';
import { respond } from '../respond.ts';
import { userErrors } from '../userErrors.ts';

export interface QuestionRequest {
  question: string;
  engineQuestion: string;
  k: number;
  offset: number;
  lang: UiLang;
}

export async function answerQuestion(ctx: BotContext, request: QuestionRequest): Promise<OutgoingMessage[]> {
  const answer = await ctx.engine.ask(request.engineQuestion, { k: request.k, offset: request.offset, langHint: request.lang });
  const key = questionKey(request.engineQuestion, request.k, request.lang);
  ctx.questions.set(key, { question: request.question, engineQuestion: request.engineQuestion, k: request.k, lang: request.lang });
  return renderAnswer(answer, { lang: request.lang, question: request.question, offset: request.offset, k: request.k, questionKey: key });
}

export function defaultResults(ctx: BotContext): number {
  return Math.min(ctx.config.defaultResults, MAX_RESULTS);
}

/** /ask question:<text> [results:<1-5>] [private:<bool>] — defer at once, then edit in the answer. */
export async function askCommand(ctx: BotContext, interaction: ChatInputCommandInteraction, lang: UiLang): Promise<void> {
  const args = argumentsOf(AskCommand, interaction);
  const question = readQuestion(args.question, ctx.config.maxQuestionChars);
  const channel = interaction.channel;
  const parentId = channel?.isThread() ? channel.parentId : null;
  // Outside ALLOWED_CHANNEL_IDS the answer is still given, but only to the asker.
  const isPrivate = (args.private ?? false) || (interaction.inGuild() && !channelAllowed(ctx.config, interaction.channelId, parentId));
  await interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {});
  const k = Math.min(Math.max(args.results ?? defaultResults(ctx), 1), MAX_RESULTS);
  const messages = await answerQuestion(ctx, { question, engineQuestion: question, k, offset: 0, lang });
  const sent = await respond(interaction, messages, { private: isPrivate });
  if (!isPrivate && sent[0]) ctx.answers.set(sent[0].id, { terms: keyTerms(question) });
}

/** "More results" / "Previous": the same question at another offset, replacing the message. */
export async function moreResultsButton(ctx: BotContext, interaction: ButtonInteraction, offset: number, key: string): Promise<void> {
  const remembered = ctx.questions.get(key);
  if (!remembered) throw userErrors.expiredButton();
  await interaction.deferUpdate();
  const messages = await answerQuestion(ctx, { ...remembered, offset });
  await respond(interaction, messages, { private: interaction.message.flags.has(MessageFlags.Ephemeral) });
}
