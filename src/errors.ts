/**
 * Errors a user can cause are expected values with a stable code and a message in the user's language.
 * Anything else is unexpected: caught once at the boundary, logged, and shown as a short apology.
 */
import type { Lang } from './types.ts';

export const ErrorCodes = {
  EmptyQuestion: 'EMPTY_QUESTION',
  QuestionTooLong: 'QUESTION_TOO_LONG',
  NoSearchableText: 'NO_SEARCHABLE_TEXT',
  IndexMissing: 'INDEX_MISSING',
  IndexCorrupt: 'INDEX_CORRUPT',
  IndexMismatch: 'INDEX_MISMATCH',
  UnknownSource: 'UNKNOWN_SOURCE',
  NotAllowed: 'NOT_ALLOWED',
  RateLimited: 'RATE_LIMITED',
  ReindexFailed: 'REINDEX_FAILED',
  Usage: 'USAGE',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export class UserError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly messages: { en: string; ar: string },
    readonly context: Record<string, unknown> = {},
  ) {
    super(messages.en);
    this.name = 'UserError';
  }

  messageFor(lang: Lang): string {
    return lang === 'ar' ? this.messages.ar : this.messages.en;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
