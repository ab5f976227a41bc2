/**
 * The CLI's boundary: loads .env, runs a command, and turns every failure into one clear line on
 * stderr with a meaningful exit code (2: usage or configuration, 1: anything else). Stack traces
 * only with LOG_LEVEL=debug.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import dotenv from 'dotenv';
import { ConfigError } from '../config.ts';
import { UserError, ErrorCodes } from '../errors.ts';

export class UsageError extends Error {}

function loadDotenv(): void {
  dotenv.config({ quiet: true });
}

export async function runCli(main: () => Promise<number | undefined>): Promise<void> {
  loadDotenv();
  try {
    const code = await main();
    process.exitCode = code ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof UserError) {
      process.stderr.write(`${error.messages.en}\n`);
      const usage: string[] = [ErrorCodes.EmptyQuestion, ErrorCodes.QuestionTooLong, ErrorCodes.NoSearchableText, ErrorCodes.Usage];
      process.exitCode = usage.includes(error.code) ? 2 : 1;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`Unexpected error: ${message}\n`);
      if (process.env.LOG_LEVEL === 'debug' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      process.exitCode = 1;
    }
  }
}

export function parsePositiveInt(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
  }
  return number;
}

/** node:util's parseArgs, with a bad flag reported as a usage error (exit 2) followed by the usage line. */
export function parseFlags<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
}
