/** A progress bar on stderr for long builds (plain lines when stderr is not a terminal). */
import cliProgress from 'cli-progress';
import type { BuildProgress } from '../types.ts';

const LABELS: Record<BuildProgress['phase'], string> = {
  load: 'reading corpus',
  passages: 'cutting passages',
  lexical: 'lexical index',
  embed: 'embedding passages',
  write: 'writing index',
};

export function createProgressReporter(): { update(progress: BuildProgress): void; stop(): void } {
  const interactive = !!process.stderr.isTTY;
  let bar: cliProgress.SingleBar | null = null;
  let phase: BuildProgress['phase'] | null = null;
  let lastLine = 0;
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
      } else if (phase !== progress.phase || Date.now() - lastLine > 5000 || progress.done === progress.total) {
        if (phase !== progress.phase || progress.done !== progress.total || Date.now() - lastLine > 0) {
          process.stderr.write(`${LABELS[progress.phase]}: ${progress.done}/${progress.total}\n`);
        }
        phase = progress.phase;
        lastLine = Date.now();
      }
    },
    stop() {
      bar?.stop();
    },
  };
}
