/**
 * `npm run -s report -- [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--out report.png] [--lang en|ar] [--json]`:
 * the figures of the bot's /stats from the command line (text, or JSON, on stdout) and its chart (PNG).
 */
import { writeFile } from 'node:fs/promises';
import { loadDataConfig } from '../config.ts';
import { databasePath, openDatabase } from '../data/database.ts';
import { formatStatsText } from '../stats/format.ts';
import { resolvePeriod } from '../stats/period.ts';
import { buildStatsReport } from '../stats/report.ts';
import { parseFlags, runCli, UsageError } from './run.ts';

const USAGE = 'Usage: npm run -s report -- [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--out report.png] [--lang en|ar] [--json]';

await runCli(async () => {
  const { values } = parseFlags(
    {
      args: process.argv.slice(2),
      options: {
        since: { type: 'string' },
        until: { type: 'string' },
        out: { type: 'string' },
        lang: { type: 'string', default: 'en' },
        json: { type: 'boolean', default: false },
      },
    },
    USAGE,
  );
  if (values.lang !== 'en' && values.lang !== 'ar') throw new UsageError(`--lang must be en or ar\n${USAGE}`);
  const lang = values.lang;
  const period = resolvePeriod({ since: values.since, until: values.until }, Date.now());
  const config = loadDataConfig();
  const db = openDatabase(databasePath(config.dataDir), { mustExist: true, busyTimeoutMs: 5000 });
  try {
    const report = await buildStatsReport(db, period, { lang });
    process.stdout.write(values.json ? `${JSON.stringify(report.figures)}\n` : formatStatsText(report.figures, lang));
    if (values.out) {
      await writeFile(values.out, report.png);
      process.stderr.write(`Chart: ${values.out} (${report.width}×${report.height} PNG)\n`);
    }
  } finally {
    db.close();
  }
  return 0;
});
