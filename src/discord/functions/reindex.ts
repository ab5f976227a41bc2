/**
 * /reindex: rebuild in the background, show progress by editing the (private) reply, keep
 * answering from the old index meanwhile (the engine swaps only when the new one is complete).
 * A second /reindex while one runs joins it: its reply follows the same rebuild.
 *
 * Long rebuilds: an interaction's token works for 15 minutes, a full rebuild of a large archive
 * takes hours. The reply is edited until a margin before the token runs out; then the progress
 * moves to a message of the bot's own (in the channel when it may post there, else a direct message
 * to the admin), the reply says where, and that message carries the progress and the summary. No
 * request is made with the token after that. Where neither can be posted, the reply says to run
 * /reindex again (it joins the running rebuild) and the summary is only in the log.
 *
 * Shutting down (SIGTERM) while a rebuild runs: the progress says it was interrupted; the index in
 * use is unchanged (a rebuild switches versions only once the new one is complete).
 */
import type { ChatInputCommandInteraction, Message } from 'discord.js';
import { MessageFlags } from 'discord.js';
import type { Logger } from 'pino';
import type { BotContext } from '../context.ts';
import { isUserError } from '../../errors.ts';
import type { BuildSummary } from '../../types.ts';
import { escapeMarkdown, truncate } from '../format.ts';
import { t, type UiLang } from '../i18n.ts';
import { interactionAccess } from '../presentation.ts';
import { textMessage } from '../render.ts';
import { editMessage, respond, sendMessage } from '../respond.ts';

/**
 * Edits a reply with the latest text, never more often than every `minIntervalMs` and never two
 * edits at once: progress can arrive far faster than Discord lets a message be edited, so only
 * the newest text is kept while an edit is under way.
 */
export class ProgressEditor {
  private pending: string | null = null;
  private inFlight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastSentAt = -Infinity;

  constructor(
    private readonly send: (text: string) => Promise<unknown>,
    private readonly minIntervalMs: number,
    private readonly now: () => number,
    private readonly log: Logger,
  ) {}

  push(text: string): void {
    this.pending = text;
    this.pump();
  }

  private pump(): void {
    if (this.inFlight || this.pending === null || this.timer) return;
    const wait = this.lastSentAt + this.minIntervalMs - this.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, wait);
      return;
    }
    const text = this.pending;
    this.pending = null;
    this.lastSentAt = this.now();
    this.inFlight = this.send(text)
      .then(() => undefined)
      .catch((error: unknown) => this.log.warn({ err: error }, 'could not edit the reindex progress'))
      .finally(() => {
        this.inFlight = null;
        this.pump();
      });
  }

  /** The last word: drops pending progress, waits for an edit under way, then sends `text`. */
  async finish(text: string): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
    while (this.inFlight) await this.inFlight;
    await this.send(text);
  }
}

/**
 * Where one /reindex shows its progress: the interaction's reply until `moveAt` (a margin before its
 * token runs out), then a message of the bot's own. Called by one ProgressEditor, so one at a time.
 */
class ProgressTarget {
  private moved: Message | null = null;
  /** Neither the channel nor a DM took the message: nothing more can be shown. */
  private nowhere = false;

  constructor(
    private readonly ctx: BotContext,
    private readonly interaction: ChatInputCommandInteraction,
    private readonly lang: UiLang,
    private readonly log: Logger,
    readonly moveAt: number,
  ) {}

  async show(text: string): Promise<void> {
    if (this.moved) {
      await editMessage(this.moved, textMessage(this.continued(text)));
    } else if (this.nowhere) {
      this.log.info({ progress: text.split('\n').at(-1) }, 'reindex progress (no message to show it in)');
    } else if (this.ctx.now() < this.moveAt) {
      await respond(this.interaction, textMessage(text), { private: true });
    } else {
      await this.move(text);
    }
  }

  private continued(text: string): string {
    return `${t(this.lang).reindexContinued(`<@${this.interaction.user.id}>`)}\n${text}`;
  }

  /** The reply's token is about to run out: post the progress elsewhere, then say where in the reply (its last edit). */
  private async move(text: string): Promise<void> {
    const s = t(this.lang);
    this.moved = (await this.postInChannel(text)) ?? (await this.postInDm(text));
    if (this.moved) {
      this.log.info(
        { channelId: this.moved.channelId, messageId: this.moved.id },
        'reindex progress moved to a message of its own before the interaction token expires',
      );
    } else {
      this.nowhere = true;
      this.log.warn(
        "reindex progress can no longer be shown: the interaction token is about to expire and neither the channel nor a DM takes the bot's messages",
      );
    }
    await respond(this.interaction, textMessage(this.moved ? s.reindexMoved(this.moved.url) : s.reindexMovedNowhere), { private: true }).catch(
      (error: unknown) => this.log.warn({ err: error }, 'could not say where the reindex progress moved'),
    );
  }

  private async postInChannel(text: string): Promise<Message | null> {
    const channel = this.interaction.channel;
    if (!this.interaction.inGuild() || !channel?.isSendable() || !interactionAccess(this.interaction).canPost) return null;
    return sendMessage(channel, textMessage(this.continued(text))).catch((error: unknown) => {
      this.log.warn({ err: error }, 'could not post the reindex progress in the channel');
      return null;
    });
  }

  private async postInDm(text: string): Promise<Message | null> {
    return sendMessage(this.interaction.user, textMessage(this.continued(text))).catch((error: unknown) => {
      this.log.warn({ err: error }, 'could not send the reindex progress as a direct message');
      return null;
    });
  }
}

function summaryText(lang: UiLang, summary: BuildSummary): string {
  const s = t(lang);
  const lines = [s.reindexDone(summary)];
  if (summary.skipped.length) {
    lines.push(s.reindexSkipped(summary.skipped.length));
    for (const skipped of summary.skipped.slice(0, 5)) lines.push(`• ${escapeMarkdown(truncate(`${skipped.origin}: ${skipped.reason}`, 150))}`);
  }
  return lines.join('\n');
}

type Outcome = { kind: 'done'; summary: BuildSummary } | { kind: 'failed'; error: unknown } | { kind: 'interrupted' };

/** The rebuild's outcome, or 'interrupted' as soon as the bot starts shutting down. */
function outcomeOf(rebuild: Promise<BuildSummary>, shutdown: AbortSignal): Promise<Outcome> {
  let onAbort: () => void = () => undefined;
  const interrupted = new Promise<Outcome>((resolve) => {
    onAbort = () => resolve({ kind: 'interrupted' });
    if (shutdown.aborted) onAbort();
    else shutdown.addEventListener('abort', onAbort, { once: true });
  });
  const settled = rebuild.then(
    (summary): Outcome => ({ kind: 'done', summary }),
    (error: unknown): Outcome => ({ kind: 'failed', error }),
  );
  return Promise.race([settled, interrupted]).finally(() => shutdown.removeEventListener('abort', onAbort));
}

/** What the progress says last, and the log line for it. */
function finalWord(ctx: BotContext, lang: UiLang, log: Logger, outcome: Outcome): string {
  const s = t(lang);
  if (outcome.kind === 'done') {
    log.info({ summary: { ...outcome.summary, skipped: outcome.summary.skipped.length } }, 'reindex finished');
    ctx.reindexAvailableAt = ctx.now() + ctx.config.reindexCooldownSec * 1000;
    return summaryText(lang, outcome.summary);
  }
  if (outcome.kind === 'interrupted') {
    log.warn('reindex interrupted: the bot is shutting down');
    return s.reindexInterrupted;
  }
  log.error({ err: outcome.error }, 'reindex failed');
  return isUserError(outcome.error) ? outcome.error.messageFor(lang) : s.reindexFailed;
}

export async function reindexCommand(ctx: BotContext, interaction: ChatInputCommandInteraction, lang: UiLang, log: Logger): Promise<void> {
  const s = t(lang);
  const receivedAt = ctx.now();
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const target = new ProgressTarget(ctx, interaction, lang, log, receivedAt + ctx.interactionLifetimeMs - ctx.interactionMarginMs);
  const editor = new ProgressEditor((text) => target.show(text), ctx.progressIntervalMs, ctx.now, log);
  const joined = ctx.engine.rebuildStatus() !== null;
  const header = joined ? s.reindexJoined : s.reindexStarted;
  const rebuild = ctx.engine.reindex();
  log.info({ joined }, joined ? 'joined the running reindex' : 'reindex started');
  // A rebuild that has reported progress shows it in the first edit (the engine delivers it at once).
  let latest = header;
  const stopFollowing = ctx.engine.onRebuildProgress((progress) => {
    latest = `${header}\n${s.reindexProgress(progress)}`;
    editor.push(latest);
  });
  if (latest === header) editor.push(header);
  // Move before the token runs out even when no progress comes meanwhile.
  const moveTimer = setTimeout(() => editor.push(latest), Math.max(0, target.moveAt - ctx.now()));
  const outcome = await outcomeOf(rebuild, ctx.shutdownSignal);
  clearTimeout(moveTimer);
  stopFollowing();
  const text = finalWord(ctx, lang, log, outcome);
  try {
    await editor.finish(text);
  } catch (error) {
    log.warn({ err: error, outcome: outcome.kind }, 'could not show the reindex outcome');
  }
}
