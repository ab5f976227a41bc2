/**
 * `node --import tsx tools/data/scale.ts [--rows 1000000] [--days 180] [--vote-share 0.08] [--questions F[,F]] [--dir D] [--json]`
 *
 * The bot's database at scale: fills a new database with `rows` answers spread over `days` days
 * (real questions from the eval sets, asked with a Zipf-like skew, 3 passages each, ~75% confident,
 * `vote-share` of them rated, 70% 👍), then measures the file size, the /stats queries and chart,
 * a recorder batch written on top, forgetting a user and a day of retention. Deterministic (seeded).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { parseFlags, parsePositiveInt, runCli } from '../../src/cli/run.ts';
import { dayNumber, insertAnswers, newAnswerKey, type AnswerRow } from '../../src/data/answers.ts';
import { databasePath, openDatabase } from '../../src/data/database.ts';
import { forgetUser, pruneExpired } from '../../src/data/privacy.ts';
import { FeedbackRecorder } from '../../src/data/recorder.ts';
import { VOTE_REASONS } from '../../src/data/votes.ts';
import { renderChart } from '../../src/stats/chart.ts';
import { computeFigures } from '../../src/stats/figures.ts';
import { DAY_MS, lastDays } from '../../src/stats/period.ts';
import { createAnalyzer } from '../../src/text/analyzer.ts';
import { requireInputs, sharedDataDir } from '../sharedData.ts';

const USAGE = 'Usage: node --import tsx tools/data/scale.ts [--rows 1000000] [--days 180] [--vote-share 0.08] [--questions F[,F]] [--dir D] [--json]';
const FILL_BATCH = 10_000;
const USERS = 20_000;
const NOW = Date.UTC(2026, 11, 1, 12);

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** Question texts from JSONL eval sets (`{"question"}` per line). */
function readQuestions(files: string[]): string[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => (JSON.parse(line) as { question: string }).question),
  );
}

interface FillOptions {
  rows: number;
  days: number;
  voteShare: number;
  questions: string[];
}

function fakeRow(random: () => number, options: FillOptions, index: number): AnswerRow {
  // Skewed: a few questions are asked very often, most rarely (as in real logs).
  const question = options.questions[Math.floor(options.questions.length * random() ** 3)]!;
  const askedAt = NOW - Math.floor(random() * options.days * DAY_MS);
  const doc = Math.floor(random() * 5000);
  return {
    answerKey: newAnswerKey(askedAt),
    askedAt,
    question,
    lang: /[a-z]/i.test(question) ? 'en' : 'ar',
    via: index % 4 === 0 ? 'mention' : index % 10 === 1 ? 'follow-up' : 'slash',
    guildId: String(900_000_000_000_000_000n + BigInt(index % 50)),
    channelId: String(910_000_000_000_000_000n + BigInt(index % 500)),
    userHash: (Math.floor(random() ** 2 * USERS) + 1).toString(16).padStart(32, '0'),
    confident: random() < 0.75,
    mode: 'hybrid',
    latencyMs: 5 + Math.floor(random() * 40),
    passages: [0, 1, 2].map((rank) => ({
      rank: rank + 1,
      passageId: `arcd-${String(doc + rank).padStart(4, '0')}-${String(rank).padStart(2, '0')}#${rank}`,
      docId: `arcd-${String(doc + rank).padStart(4, '0')}-${String(rank).padStart(2, '0')}`,
      score: Number((12 - rank * 2.5 - random()).toFixed(4)),
    })),
  };
}

function fill(db: Database, options: FillOptions): void {
  const random = seeded(14);
  const analyzer = createAnalyzer();
  const vote = db.prepare('INSERT OR REPLACE INTO votes (answer_id, user_hash, answer_day, lang, value, reason, voted_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (let start = 0; start < options.rows; start += FILL_BATCH) {
    const rows = Array.from({ length: Math.min(FILL_BATCH, options.rows - start) }, (_, offset) => fakeRow(random, options, start + offset));
    insertAnswers(db, analyzer, rows);
    const lastId = (db.prepare('SELECT max(id) AS id FROM answers').get() as { id: number }).id;
    db.transaction(() => {
      rows.forEach((row, offset) => {
        if (random() >= options.voteShare) return;
        const up = random() < (row.confident ? 0.78 : 0.35);
        const reason = up ? null : random() < 0.6 ? VOTE_REASONS[Math.floor(random() * VOTE_REASONS.length)]! : null;
        const voter = (Math.floor(random() * USERS) + 1).toString(16).padStart(32, '0');
        vote.run(lastId - rows.length + 1 + offset, voter, dayNumber(row.askedAt), row.lang, up ? 1 : -1, reason, row.askedAt + 60_000);
      });
    })();
    if ((start / FILL_BATCH) % 10 === 9) process.stderr.write(`filled ${start + rows.length}/${options.rows}\n`);
  }
}

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function measure(db: Database, file: string, options: FillOptions) {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = statSync(file).size;
  const counts = db.prepare('SELECT (SELECT count(*) FROM answers) AS answers, (SELECT count(*) FROM votes) AS votes').get() as {
    answers: number;
    votes: number;
  };
  const month = lastDays(30, NOW);
  const whole = lastDays(options.days, NOW);
  const statsFirst = timed(() => computeFigures(db, month));
  const statsMonth = median([0, 1, 2].map(() => timed(() => computeFigures(db, month)).ms));
  const statsWhole = timed(() => computeFigures(db, whole));
  const chartStarted = performance.now();
  await renderChart(statsFirst.value, 'ar');
  const chartFirstMs = performance.now() - chartStarted;
  const chartTimes: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    await renderChart(statsWhole.value, 'ar');
    chartTimes.push(performance.now() - started);
  }
  // A batch from the bot on top of a million rows: what the event loop pays per 200 answers.
  const recorder = new FeedbackRecorder(db, Buffer.from('scale'), {
    log: (line) => process.stderr.write(`${line}\n`),
    retentionDays: 0,
    flushDelayMs: 3_600_000,
  });
  const random = seeded(99);
  const flushTimes: number[] = [];
  for (let batch = 0; batch < 10; batch++) {
    for (let i = 0; i < 200; i++) {
      const row = fakeRow(random, options, i);
      recorder.recordAnswer({
        answer: {
          question: row.question,
          lang: row.lang,
          mode: 'hybrid',
          confident: row.confident,
          confidence: row.confident ? 0.9 : 0.1,
          notices: [],
          results: [],
        },
        via: 'slash',
        userId: String(i),
        guildId: null,
        channelId: null,
        latencyMs: 9,
      });
    }
    flushTimes.push(timed(() => recorder.flush()).ms);
  }
  const heavyUser = db.prepare('SELECT user_hash AS hash, count(*) AS n FROM answers GROUP BY user_hash ORDER BY n DESC LIMIT 1').get() as {
    hash: string;
    n: number;
  };
  const forget = timed(() => forgetUser(db, heavyUser.hash));
  db.pragma('secure_delete = OFF');
  const pruneStarted = performance.now();
  const pruned = await pruneExpired(db, options.days - 1, NOW);
  const pruneMs = performance.now() - pruneStarted;
  return {
    rows: counts.answers,
    votes: counts.votes,
    fileMB: Number((bytes / 1e6).toFixed(1)),
    bytesPerAnswer: Math.round(bytes / counts.answers),
    statsMonthFirstMs: Math.round(statsFirst.ms),
    statsMonthMedianMs: Math.round(statsMonth),
    statsWholePeriodMs: Math.round(statsWhole.ms),
    gapsInMonth: statsFirst.value.gaps.length,
    chartFirstMs: Math.round(chartFirstMs),
    chartMedianMs: Math.round(median(chartTimes)),
    flush200MedianMs: Number(median(flushTimes).toFixed(1)),
    flush200MaxMs: Number(Math.max(...flushTimes).toFixed(1)),
    forgetAnswers: forget.value.answers,
    forgetMs: Math.round(forget.ms),
    retentionDeleted: pruned,
    retentionMs: Math.round(pruneMs),
  };
}

await runCli(async () => {
  const { values } = parseFlags(
    {
      args: process.argv.slice(2),
      options: {
        rows: { type: 'string' },
        days: { type: 'string' },
        'vote-share': { type: 'string' },
        questions: { type: 'string' },
        dir: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    },
    USAGE,
  );
  const questionFiles = (
    values.questions ?? [path.join(sharedDataDir, 'arcd-retrieval/queries.ar.jsonl'), path.join(sharedDataDir, 'xquad-dev/queries.en.jsonl')].join(',')
  )
    .split(',')
    .filter(Boolean);
  requireInputs('the questions (eval sets)', '--questions', ...questionFiles);
  const options: FillOptions = {
    rows: parsePositiveInt('--rows', values.rows, 1, 100_000_000) ?? 1_000_000,
    days: parsePositiveInt('--days', values.days, 2, 3650) ?? 180,
    voteShare: values['vote-share'] === undefined ? 0.08 : Number(values['vote-share']),
    questions: readQuestions(questionFiles),
  };
  const dir = values.dir ?? mkdtempSync(path.join(tmpdir(), 'data-scale-'));
  const file = databasePath(dir);
  const db = openDatabase(file);
  try {
    const filled = timed(() => fill(db, options));
    const result = { ...(await measure(db, file, options)), fillSeconds: Number((filled.ms / 1000).toFixed(1)) };
    process.stdout.write(
      values.json
        ? `${JSON.stringify(result)}\n`
        : `${Object.entries(result)
            .map(([key, value]) => `  ${key.padEnd(20)} ${value}`)
            .join('\n')}\n`,
    );
  } finally {
    db.close();
    if (!values.dir) rmSync(dir, { recursive: true, force: true });
  }
  return 0;
});
