/**
 * One rebuild at a time. A reindex() while one runs joins it (the same promise), and anyone may
 * follow the progress: a follower that arrives late gets the latest report at once, so a second
 * /reindex, or a status line, shows where the running rebuild stands.
 */
import type { BuildProgress, BuildSummary, RebuildStatus } from '../types.ts';

type ProgressListener = (progress: BuildProgress) => void;

export class Rebuilds {
  private running: Promise<BuildSummary> | null = null;
  /** The running rebuild's latest progress report. */
  private latest: BuildProgress | null = null;
  private readonly listeners = new Set<ProgressListener>();

  constructor(private readonly rebuild: (onProgress: ProgressListener) => Promise<BuildSummary>) {}

  /** Starts a rebuild, or joins the one running. */
  start(): Promise<BuildSummary> {
    if (this.running) return this.running;
    this.latest = null;
    const running = this.rebuild((progress) => {
      this.latest = progress;
      for (const listener of this.listeners) listener(progress);
    }).finally(() => {
      if (this.running !== running) return;
      this.running = null;
      this.latest = null;
    });
    this.running = running;
    return running;
  }

  /** The running rebuild, or null when none runs. */
  status(): RebuildStatus | null {
    return this.running ? { progress: this.latest } : null;
  }

  /** Delivers the running rebuild's latest progress now, then every report until the returned function is called. */
  follow(listener: ProgressListener): () => void {
    this.listeners.add(listener);
    if (this.running && this.latest) listener(this.latest);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Resolves once no rebuild runs (whether the last one succeeded or not). */
  async settled(): Promise<void> {
    await this.running?.catch(() => undefined);
  }
}
