/**
 * Feedback on answers. Every answer to /ask, a mention or a follow-up is recorded (the recorder only
 * queues it; the batch is written after the answer has gone out) and carries 👍 / 👎 buttons whose
 * custom ids hold the recorded answer's key, so a press needs nothing kept in memory. One vote per
 * user per answer, a second press changes it; each press is acknowledged privately in the voter's
 * language, and a 👎's acknowledgement offers the reasons (VOTE_REASONS) in a select menu.
 * No key (recording off, its queue full, the database unavailable): no buttons.
 *
 * The buttons are components, so they are there on plain-text answers too (no Embed Links), and on
 * a private /ask. "More results" replaces an answer's content in place: the buttons stay, and still
 * rate the answer as first given (what was recorded), not the page shown.
 */
import { ButtonStyle, ComponentType, type ButtonInteraction, type Message, type StringSelectMenuInteraction } from 'discord.js';
import type { AskedVia } from '../../data/answers.ts';
import { isVoteReason, VOTE_REASON_LABELS, VOTE_REASONS, type VoteValue } from '../../data/votes.ts';
import type { Answer } from '../../types.ts';
import type { BotContext } from '../context.ts';
import { parseCustomId, voteId, whyId } from '../customIds.ts';
import { LIMITS, truncate } from '../format.ts';
import { t, type UiLang } from '../i18n.ts';
import { textMessage, type MessageRow, type OutgoingMessage } from '../render.ts';
import { respond, respondUpdate } from '../respond.ts';
import { userErrors } from '../userErrors.ts';

/** Who asked a question, how and where, and when it arrived (for the recorded latency). */
export interface AskedBy {
  via: AskedVia;
  userId: string;
  guildId: string | null;
  channelId: string | null;
  /** ctx.now() when the question reached the bot. */
  receivedAt: number;
}

const EMOJI: Record<VoteValue, string> = { 1: '👍', [-1]: '👎' };

function feedbackRow(answerKey: string, lang: UiLang): MessageRow {
  return {
    type: ComponentType.ActionRow,
    components: ([1, -1] as const).map((value) => ({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      custom_id: voteId(value, lang, answerKey),
      emoji: { name: EMOJI[value] },
    })),
  };
}

function isFeedbackRow(row: MessageRow): boolean {
  return row.components.some((component) => 'custom_id' in component && parseCustomId(component.custom_id)?.kind === 'vote');
}

/** The messages with `rows` under the first one's own (an answer's buttons all sit on its first message). */
function withRows(messages: OutgoingMessage[], rows: MessageRow[]): OutgoingMessage[] {
  if (!rows.length || !messages.length) return messages;
  const [first, ...rest] = messages;
  const own = (first!.components ?? []).filter((row) => !isFeedbackRow(row));
  return [{ ...first, components: [...own, ...rows].slice(0, LIMITS.actionRows) }, ...rest];
}

/**
 * Records the answer (latency: from the question's arrival to the answer ready to send; the send
 * itself cannot be included, since the answer's key goes into its buttons) and adds the feedback
 * buttons when it was recorded.
 */
export function recordWithFeedback(ctx: BotContext, answer: Answer, asked: AskedBy, lang: UiLang, messages: OutgoingMessage[]): OutgoingMessage[] {
  const answerKey = ctx.recorder.recordAnswer({
    answer,
    via: asked.via,
    userId: asked.userId,
    guildId: asked.guildId,
    channelId: asked.channelId,
    latencyMs: ctx.now() - asked.receivedAt,
  });
  return answerKey ? withRows(messages, [feedbackRow(answerKey, lang)]) : messages;
}

/** The new content of an answer's message keeps the 👍 / 👎 it had ("More results" in place). */
export function keepFeedback(message: Message, messages: OutgoingMessage[]): OutgoingMessage[] {
  const rows = message.components
    .map((component) => component.toJSON())
    .filter((row): row is MessageRow => row.type === ComponentType.ActionRow && isFeedbackRow(row as MessageRow));
  return withRows(messages, rows);
}

function reasonMenu(answerKey: string, lang: UiLang): MessageRow {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.StringSelect,
        custom_id: whyId(lang, answerKey),
        placeholder: truncate(t(lang).voteWhyPlaceholder, LIMITS.selectPlaceholder),
        min_values: 1,
        max_values: 1,
        options: VOTE_REASONS.map((reason) => ({ label: VOTE_REASON_LABELS[reason][lang], value: reason })),
      },
    ],
  };
}

/** 👍 / 👎 pressed: the vote, acknowledged privately; a 👎 also offers its reasons. */
export async function voteButton(ctx: BotContext, interaction: ButtonInteraction, value: VoteValue, answerKey: string, lang: UiLang): Promise<void> {
  const s = t(lang);
  const outcome = ctx.recorder.vote(answerKey, interaction.user.id, value);
  if (outcome === 'unknown-answer' || outcome === 'not-recorded') {
    await respond(interaction, textMessage(s.voteNotRecorded), { private: true });
    return;
  }
  const line = { recorded: s.voteThanks, changed: s.voteChanged, unchanged: s.voteUnchanged }[outcome](EMOJI[value]);
  const ack = value === 1 ? textMessage(line) : { ...textMessage(`${line}\n${s.voteWhy}`), components: [reasonMenu(answerKey, lang)] };
  await respond(interaction, ack, { private: true });
}

/** A reason picked for a 👎: recorded with it (a 👎 even if the vote was changed meanwhile), and the private message says so. */
export async function reasonSelected(ctx: BotContext, interaction: StringSelectMenuInteraction, answerKey: string, lang: UiLang): Promise<void> {
  const [reason] = interaction.values;
  if (!isVoteReason(reason)) throw userErrors.badButton(interaction.customId);
  const s = t(lang);
  const outcome = ctx.recorder.vote(answerKey, interaction.user.id, -1, reason);
  const text = outcome === 'unknown-answer' || outcome === 'not-recorded' ? s.voteNotRecorded : s.voteReasonNoted(VOTE_REASON_LABELS[reason][lang]);
  await respondUpdate(interaction, textMessage(text));
}
