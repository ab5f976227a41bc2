/**
 * /reindex: rebuild in the background, show progress by editing the (private) reply, keep
 * answering from the old index meanwhile (the engine swaps only when the new one is complete).
 * A second /reindex while one runs joins it: its reply follows the same rebuild.
 */
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { Logger } from 'pino';
import type { BotContext } from '../context.ts';
import { isUserError } from '../../errors.ts';
import type { BuildProgress, BuildSummary, QaEngine } from '../../types.ts';
import { escapeMarkdown, truncate } from '../format.ts';
import { t, type UiLang } from '../i18n.ts';
import { textMessage } from '../render.ts';
import { respond } from '../respond.ts';

type ProgressListener = (progress: BuildProgress) => void;

interface RunningRebuild {
  promise: Promise<BuildSummary>;
  listeners: Set<ProgressListener>;
  last: BuildProgress | null;
}

/** One rebuild at a time; later callers join it and get its progress too. */
export class ReindexCoordinator {
  private running: RunningRebuild | null = null;

  constructor(private readonly engine: QaEngine) {}

  get isRunning(): boolean {
    return this.running !== null;
  }

  start(listener: ProgressListener): { promise: Promise<BuildSummary>; joined: boolean; last: BuildProgress | null } {
    if (this.running) {
      this.running.listeners.add(listener);
      return { promise: this.running.promise, joined: true, last: this.running.last };
    }
    const state: RunningRebuild = { listeners: new Set([listener]), last: null, promise: Promise.resolve(null as never) };
    const broadcast = (progress: BuildProgress) => {
      state.last = progress;
      for (const each of state.listeners) each(progress);
    };
    state.promise = Promise.resolve()
      .then(() => this.engine.reindex(broadcast))
      .finally(() => {
        if (this.running === state) this.running = null;
      });
    this.running = state;
    return { promise: state.promise, joined: false, last: null };
  }
}

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

export function summaryText(lang: UiLang, summary: BuildSummary): string {
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
  const editor = new ProgressEditor(
    (text) => respond(interaction, textMessage(text), { private: true }),
    ctx.progressIntervalMs,
    ctx.now,
    log,
  );
  let header = s.reindexStarted;
  const { promise, joined, last } = ctx.reindex.start((progress) => editor.push(`${header}\n${s.reindexProgress(progress)}`));
  if (joined) header = s.reindexJoined;
  log.info({ joined }, joined ? 'joined the running reindex' : 'reindex started');
  editor.push(last ? `${header}\n${s.reindexProgress(last)}` : header);
  try {
    const summary = await promise;
    log.info({ summary: { ...summary, skipped: summary.skipped.length } }, 'reindex finished');
    await editor.finish(summaryText(lang, summary));
  } catch (error) {
    log.error({ err: error }, 'reindex failed');
    await editor.finish(isUserError(error) ? error.messageFor(lang) : s.reindexFailed);
  }
}
