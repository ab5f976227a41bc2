/** `npm run ask -- [--json] [--k N] [--mode hybrid|lexical|dense] "question"` */
import { loadCoreConfig } from '../config.ts';
import { MISSING_DICTIONARY_NOTICE } from '../crosslingual/dictionary.ts';
import { prepareQuestion } from '../retrieval/question.ts';
import { parseFlags, parsePositiveInt, runCli, UsageError } from './run.ts';
import { detectLanguage } from '../text/language.ts';
import type { SearchMode } from '../types.ts';

const USAGE = 'Usage: npm run ask -- [--json] [--k N] [--mode hybrid|lexical|dense] "your question"';

await runCli(async () => {
  const { values, positionals } = parseFlags(
    {
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        k: { type: 'string' },
        mode: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    },
    USAGE,
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const question = positionals.join(' ');
  if (!question.trim()) throw new UsageError(`Please give a question.\n${USAGE}`);
  const k = parsePositiveInt('--k', values.k, 1, 10);
  const mode = values.mode as SearchMode | undefined;
  if (mode && !['hybrid', 'lexical', 'dense'].includes(mode)) throw new UsageError(`--mode must be hybrid, lexical or dense.\n${USAGE}`);

  const config = loadCoreConfig();
  // A question that cannot be asked is refused before the index and the models are loaded.
  const prepared = prepareQuestion(question, config.maxQuestionChars);
  const [{ createEngine }, { answerJson, renderAnswerText }, { createProgressReporter }] = await Promise.all([
    import('../engine.ts'),
    import('../answer/renderText.ts'),
    import('./progress.ts'),
  ]);
  const progress = createProgressReporter();
  // The dictionary serves English questions only: an Arabic one does not wait for it to be read.
  const english = detectLanguage(prepared) === 'en';
  const engine = await createEngine(config, { buildIfMissing: true, onBuildProgress: progress.update, dictionary: english });
  progress.stop();
  try {
    if (engine.lastBuild) {
      const build = engine.lastBuild;
      process.stderr.write(`Built the index first: ${build.documents} documents, ${build.passages} passages in ${build.seconds.toFixed(1)} s.\n`);
    }
    const answer = await engine.ask(question, { k, mode });
    // The dictionary matters to English questions only: an Arabic one is not told it is missing.
    const startup = engine.notices.filter((notice) => answer.lang === 'en' || notice !== MISSING_DICTIONARY_NOTICE);
    const notices = [...new Set([...startup, ...answer.notices])];
    for (const notice of notices) process.stderr.write(`Note: ${notice}\n`);
    if (values.json) process.stdout.write(`${JSON.stringify({ ...answerJson(answer), notices })}\n`);
    else process.stdout.write(`${renderAnswerText(answer, { color: !!process.stdout.isTTY })}\n`);
  } finally {
    await engine.close();
  }
});
