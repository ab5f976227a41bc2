/**
 * What users type, made safe to use: questions from /ask and from mentions, autocomplete text and
 * ids. Filters run in this order, each for a reason:
 *   1–4. The core's sanitizer (retrieval/question.ts sanitizeQuestion), as for the CLI:
 *      1. Format characters (\p{Cf}: bidi overrides and isolates, zero-width spaces/joiners, BOM,
 *         soft hyphens) are removed: they are invisible, can reorder what the user sees, and a
 *         flood of them must not count towards the length limit. First, because one hidden inside
 *         a mention (`<@\u200b123>`) would otherwise survive step 5 and become `<@123>` after it.
 *      2. Control characters (\p{Cc}, tabs and newlines included) become spaces: a question is one line.
 *      3. Runs of more than 3 combining marks are cut to 3: Arabic needs at most shadda + haraka
 *         (+ tanween), longer runs are "zalgo" floods.
 *      4. Whitespace runs collapse to one space, ends are trimmed.
 *   5. Discord tokens (user/role/channel mentions, custom emoji, timestamps) are removed: they are
 *      not words. Then whitespace collapses again where a token was.
 * Then the core's validator (prepareQuestion: empty, too long, nothing to search for) judges what is
 * left, with the core's messages: Discord adds only its own token stripping.
 */
import { prepareQuestion, sanitizeQuestion } from '../retrieval/question.ts';

const DISCORD_TOKENS = /<(?:@[!&]?\d+|#\d+|a?:\w{1,32}:\d+|\/[^:>]{1,32}:\d+|t:-?\d+(?::[tTdDfFR])?)>/g;

/** The core's sanitizer first (so `<@0\u200b>` cannot turn into a live `<@0>`), then Discord's own tokens. */
export function neutralizeText(raw: string): string {
  return sanitizeQuestion(raw).replace(DISCORD_TOKENS, ' ').replace(/\s+/gu, ' ').trim();
}

/** A question ready for the engine, or the core's UserError (empty, too long, nothing to search for). */
export function readQuestion(raw: string | null | undefined, maxChars: number): string {
  return prepareQuestion(neutralizeText(raw ?? ''), maxChars);
}

/** The message text without the mentions of the bot (`<@id>` and the legacy `<@!id>`). */
export function stripBotMention(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ');
}
