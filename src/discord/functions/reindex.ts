/**
 * /reindex: rebuild in the background, show progress by editing the (private) reply, keep
 * answering from the old index meanwhile (the engine swaps only when the new one is complete).
 * A second /reindex while one runs joins it: its reply follows the same rebuild.
 */
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { Logger } from 'pino';
import type { BotContext } from '../context.ts';
import { isUserError } from '../../errors.ts';
import type { BuildSummary } from '../../types.ts';
import { escapeMarkdown, truncate } from '../format.ts';
import { t, type UiLang } from '../i18n.ts';
import { textMessage } from '../render.ts';
import { respond } from '../respond.ts';

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

function summaryText(lang: UiLang, summary: BuildSummary): string {
  const s = t(lang);
  const lines = [s.reindexDone(summary)];
  if (summary.skipped.length) {
    lines.push(s.reindexSkipped(summary.skipped.length));
    for (const skipped of summary.skipped.slice(0, 5)) lines.push(`• ${escapeMarkdown(truncate(`${skipped.origin}: ${skipped.reason}`, 150))}`);
  }
  return lines.join('\n');
}

export async function reindexCommand(ctx: BotContext, interaction: ChatInputCommandInteraction, lang: UiLang, log: Logger): Promise<void> {
  const s = t(lang);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const editor = new ProgressEditor((text) => respond(interaction, textMessage(text), { private: true }), ctx.progressIntervalMs, ctx.now, log);
  const joined = ctx.engine.rebuildStatus() !== null;
  const header = joined ? s.reindexJoined : s.reindexStarted;
  const rebuild = ctx.engine.reindex();
  log.info({ joined }, joined ? 'joined the running reindex' : 'reindex started');
  // A rebuild that has reported progress shows it in the first edit (the engine delivers it at once).
  let shownProgress = false;
  const stopFollowing = ctx.engine.onRebuildProgress((progress) => {
    shownProgress = true;
    editor.push(`${header}\n${s.reindexProgress(progress)}`);
  });
  if (!shownProgress) editor.push(header);
  try {
    const summary = await rebuild.finally(stopFollowing);
    log.info({ summary: { ...summary, skipped: summary.skipped.length } }, 'reindex finished');
    await editor.finish(summaryText(lang, summary));
  } catch (error) {
    log.error({ err: error }, 'reindex failed');
    await editor.finish(isUserError(error) ? error.messageFor(lang) : s.reindexFailed);
  }
}
