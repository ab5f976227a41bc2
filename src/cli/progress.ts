/** A progress bar on stderr for long builds (plain lines when stderr is not a terminal). */
import cliProgress from 'cli-progress';
import type { BuildProgress } from '../types.ts';

const LABELS: Record<BuildProgress['phase'], string> = {
  passages: 'cutting passages',
  lexical: 'lexical index',
  embed: 'embedding passages',
  write: 'writing index',
};

export function createProgressReporter(): { update(progress: BuildProgress): void; stop(): void } {
  const interactive = !!process.stderr.isTTY;
  let bar: cliProgress.SingleBar | null = null;
  let phase: BuildProgress['phase'] | null = null;
  let lastLine = Date.now();
  // A phase may report its last step twice (the loop's final step, then its closing report).
  let lastPrinted = '';
  return {
    update(progress) {
      if (interactive) {
        if (phase !== progress.phase) {
          bar?.stop();
          bar = new cliProgress.SingleBar(
            { format: `${LABELS[progress.phase].padEnd(20)} [{bar}] {percentage}% {value}/{total} eta {eta}s`, stream: process.stderr, hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(progress.total, progress.done);
          phase = progress.phase;
        } else {
          bar?.update(progress.done);
        }
      } else if (progress.done === progress.total || Date.now() - lastLine > 10_000) {
        // Logs and CI: one line when a phase completes, and a heartbeat on long phases.
        const line = `${LABELS[progress.phase]}: ${progress.done}/${progress.total}`;
        if (line !== lastPrinted) process.stderr.write(`${line}\n`);
        lastPrinted = line;
        lastLine = Date.now();
      }
    },
    stop() {
      bar?.stop();
    },
  };
}
