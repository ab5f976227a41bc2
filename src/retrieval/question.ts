/**
 * Questions come from anyone: neutralize what could break matching or display before anything else
 * sees them, and turn unusable input into UserErrors with messages in the asker's language.
 */
import { questionErrors } from '../errors.ts';

/** Control characters (C0, C1, DEL): each becomes a space. */
const CONTROL_CHARS = /\p{Cc}/gu;
/**
 * Format characters: bidi embeddings, overrides and isolates, zero-width characters, BOM, soft hyphen,
 * Arabic letter mark, interlinear annotation marks, tag characters (invisible, used to smuggle text).
 * None carries meaning for a search, and several can disguise what a question displays.
 */
const FORMAT_CHARS = /\p{Cf}/gu;
/** Arabic needs at most shadda + haraka (+ tanween) on a letter; longer runs are "Zalgo" floods. */
const MARK_FLOOD = /(\p{M}{3})\p{M}+/gu;

/** The one sanitizer for questions, from the CLI and from Discord (which also strips its own tokens). */
export function sanitizeQuestion(raw: string): string {
  return raw.replace(FORMAT_CHARS, '').replace(CONTROL_CHARS, ' ').replace(MARK_FLOOD, '$1').replace(/\s+/gu, ' ').trim();
}

/** Something a search can use: a letter or digit in any script. */
function hasSearchableText(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

export function prepareQuestion(raw: string, maxChars: number): string {
  const question = sanitizeQuestion(raw);
  if (!question) throw questionErrors.empty();
  const length = [...question].length;
  if (length > maxChars) throw questionErrors.tooLong(length, maxChars);
  if (!hasSearchableText(question)) throw questionErrors.noSearchableText();
  return question;
}
