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
  /** The engine is up but its first index is still being built (the bot logs in before building). */
  IndexBuilding: 'INDEX_BUILDING',
  UnknownSource: 'UNKNOWN_SOURCE',
  NotAllowed: 'NOT_ALLOWED',
  RateLimited: 'RATE_LIMITED',
  ReindexFailed: 'REINDEX_FAILED',
  DataUnavailable: 'DATA_UNAVAILABLE',
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

/**
 * The errors a question can cause, with their one wording, wherever it is asked (CLI, Discord, the
 * engine's API): retrieval/question.ts prepareQuestion is the one validator that throws them.
 */
export const questionErrors = {
  empty: () =>
    new UserError(ErrorCodes.EmptyQuestion, {
      en: 'Please write a question, e.g. "Who is the governor of Homs?"',
      ar: 'اكتب سؤالاً، مثلاً: «من هو محافظ حمص؟»',
    }),
  /** `length` and `maxChars` in characters (code points), as the user counts them. */
  tooLong: (length: number, maxChars: number) =>
    new UserError(
      ErrorCodes.QuestionTooLong,
      {
        en: `That question is too long (${length} characters; the limit is ${maxChars}). Please shorten it.`,
        ar: `السؤال طويل جداً (${length} حرفاً، والحد ${maxChars}). اختصره من فضلك.`,
      },
      { length, maxChars },
    ),
  noSearchableText: () =>
    new UserError(ErrorCodes.NoSearchableText, {
      en: 'That question has no words to search for. Please ask in Arabic or English.',
      ar: 'لا يحتوي السؤال على كلمات يمكن البحث عنها. اسأل بالعربية أو الإنجليزية.',
    }),
};
