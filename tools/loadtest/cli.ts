/**
 * `npm run -s loadtest -- [--concurrency 50] [--seconds 60] [--channels 10] [--think-ms 0] [--reindex] [--distinct-askers N] [--no-recording] [--json]`
 *
 * Drives the real bot over the real engine (corpus/ in a temporary index, the configured embedding
 * model, or the repository's random-weight test model with --model tiny-xlmr-test) through the
 * loopback Discord emulator; see tools/loadtest/loadtest.ts.
 * Exit code 0 when every question was answered, 1 when any failed.
 */
import { runLoadTest, type LoadTestReport } from './loadtest.ts';
import { parseFlags, parsePositiveInt, runCli } from '../../src/cli/run.ts';

const USAGE =
  'Usage: npm run -s loadtest -- [--concurrency 50] [--seconds 60] [--channels 10] [--think-ms 0] [--reindex] [--distinct-askers N] [--no-recording] [--json] [--model ID (default EMBEDDING_MODEL; tiny-xlmr-test = the test model)] [--models-dir DIR]';

function describe(report: LoadTestReport): string {
  const { latencyMs: l, memory: m } = report;
  const lines = [
    `${report.concurrency} askers in ${report.channels} channel(s) for ${report.elapsedSeconds} s, ${report.mode} search (${report.model ?? 'no model'}), ${report.documents} documents / ${report.passages} passages`,
    `answered ${report.answered} of ${report.dispatched} (${report.viaSlashCommand} /ask, ${report.viaMention} mentions), ${report.answersPerSecond} answers/s (${report.mentionsPerSecond} mentions/s; think time ${report.thinkMs} ms)`,
    `errors: ${report.errors}${report.errors ? ` ${JSON.stringify(report.errorReasons)}` : ''}; error log lines: ${report.errorLogs}`,
    `latency ms: p50 ${l.p50}, p95 ${l.p95}, p99 ${l.p99}, max ${l.max}; event loop delay p99 ${report.eventLoopDelayMs.p99} ms`,
    `  /ask p50 ${report.latencyByKindMs.slashCommand.p50}, p95 ${report.latencyByKindMs.slashCommand.p95}; mentions p50 ${report.latencyByKindMs.mention.p50}, p95 ${report.latencyByKindMs.mention.p95}`,
    `memory: RSS ${m.before.rssMB} → ${m.after.rssMB} MB, heap ${m.before.heapUsedMB} → ${m.after.heapUsedMB} MB (${m.gcForced ? 'after GC' : 'no forced GC'}), heap trend ${m.heapSlopeMBPerMin} MB/min (second half ${m.heapSlopeSecondHalfMBPerMin}) over ${m.samples} samples`,
  ];
  if (report.distinctAskers !== null) {
    const c = report.caches;
    lines.push(
      `${report.distinctAskers} one-off askers: the bot holds ${c.rateLimitKeys} rate-limit keys, ${c.users} users, ${c.members} members, ${c.messages} messages`,
    );
  }
  if (report.recording) {
    const r = report.recording;
    lines.push(
      `recording: ${r.answersRecorded} answers recorded (warm-up included); ${r.flushes} batch writes on the main thread, p50 ${r.flushMs.p50} ms, p99 ${r.flushMs.p99} ms, max ${r.flushMs.max} ms${r.notices.length ? `; notices: ${r.notices.join(' | ')}` : ''}`,
    );
  } else lines.push('recording: off');
  if (report.reindex)
    lines.push(
      `reindex: ${report.reindex.runs} runs (mean ${report.reindex.meanSeconds} s, max ${report.reindex.maxSeconds} s), ${report.reindex.failed} failed`,
    );
  for (const notice of report.notices) lines.push(`note: ${notice}`);
  const goal = report.goal;
  lines.push(
    `goal (0 errors, p95 ≤ 500 ms, flat memory): ${goal.met ? 'met' : `not met (${[!goal.zeroErrors && 'errors', !goal.p95Within500ms && 'p95', !goal.memoryFlat && 'memory'].filter(Boolean).join(', ')})`}`,
  );
  return lines.join('\n');
}

await runCli(async () => {
  const { values } = parseFlags(
    {
      options: {
        concurrency: { type: 'string' },
        seconds: { type: 'string' },
        channels: { type: 'string' },
        'think-ms': { type: 'string' },
        reindex: { type: 'boolean', default: false },
        'distinct-askers': { type: 'string' },
        'no-recording': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        model: { type: 'string' },
        'models-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    },
    USAGE,
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const report = await runLoadTest({
    concurrency: parsePositiveInt('--concurrency', values.concurrency, 1, 1000) ?? 50,
    seconds: parsePositiveInt('--seconds', values.seconds, 1, 3600) ?? 60,
    channels: parsePositiveInt('--channels', values.channels, 1, 100) ?? 10,
    thinkMs: parsePositiveInt('--think-ms', values['think-ms'], 0, 60_000) ?? 0,
    reindex: values.reindex,
    recording: !values['no-recording'],
    ...(values['distinct-askers'] !== undefined ? { distinctAskers: parsePositiveInt('--distinct-askers', values['distinct-askers'], 1, 1_000_000) } : {}),
    ...(values.model !== undefined ? { model: values.model } : {}),
    ...(values['models-dir'] !== undefined ? { modelsDir: values['models-dir'] } : {}),
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : `${describe(report)}\n`);
  return report.errors === 0 && report.errorLogs === 0 ? 0 : 1;
});
