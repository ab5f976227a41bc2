/**
 * Where the benchmark and evaluation inputs live. They are not part of the repository: on our build
 * machines a read-only folder `../shared` beside the checkout holds real news articles, public
 * retrieval sets and stand-in models (research licences; never shipped in corpus/). A user who
 * clones the repository has none of it, so every tool that reads it says in one line what is
 * missing and which flag points at another copy, instead of failing with a stack trace.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../src/cli/run.ts';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

/** `../shared` beside the checkout, or SHARED_DIR. */
const sharedDir = path.resolve(repoRoot, process.env.SHARED_DIR ?? '../shared');

/** The stand-in models with random weights (never for quality): `../shared/models/_synthetic`. */
export const sharedModelsDir = path.join(sharedDir, 'models', '_synthetic');
export const sharedDataDir = path.join(sharedDir, 'data');

/** A tool's input is missing: the message is one line that names it and the flag to point elsewhere. */
class MissingInputError extends UsageError {
  constructor(what: string, where: string, flag: string) {
    super(
      `${what} not found at ${path.relative(process.cwd(), where) || where}: it is not part of the repository (see README, "Quality" and "Speed"); point ${flag} at a copy`,
    );
    this.name = 'MissingInputError';
  }
}

/** Throws MissingInputError unless every path exists. */
export function requireInputs(what: string, flag: string, ...paths: string[]): void {
  const missing = paths.find((candidate) => !existsSync(candidate));
  if (missing) throw new MissingInputError(what, missing, flag);
}
