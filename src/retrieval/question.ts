/**
 * Questions come from anyone: neutralize what could break matching or display before anything else
 * sees them, and turn unusable input into UserErrors with messages in the asker's language.
 */
import { UserError, ErrorCodes } from '../errors.ts';

/** C0/C1 controls except tab and newline (which become spaces below). */
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/**
 * Bidi embeddings/overrides/isolates, zero-width characters, BOM, Arabic letter mark, Mongolian vowel
 * separator, interlinear annotation marks and tag characters (invisible, used to smuggle text).
 */
const INVISIBLES = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\u061C\uFEFF\u00AD\u180E\uFFF9-\uFFFB]|[\u{E0000}-\u{E007F}]/gu;
/** More than two combining marks in a row is never real Arabic or Latin text ("Zalgo" floods). */
const MARK_FLOOD = /(\p{M}{2})\p{M}+/gu;

export function sanitizeQuestion(raw: string): string {
  return raw
    .replace(CONTROLS, ' ')
    .replace(INVISIBLES, '')
    .replace(MARK_FLOOD, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Something a search can use: a letter or digit in any script. */
export function hasSearchableText(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

export function prepareQuestion(raw: string, maxChars: number): string {
  const question = sanitizeQuestion(raw);
  if (!question) {
    throw new UserError(ErrorCodes.EmptyQuestion, {
      en: 'Please write a question, e.g. "Who is the governor of Homs?"',
      ar: 'اكتب سؤالاً، مثلاً: «من هو محافظ حمص؟»',
    });
  }
  if ([...question].length > maxChars) {
    throw new UserError(
      ErrorCodes.QuestionTooLong,
      {
        en: `That question is too long (${[...question].length} characters; the limit is ${maxChars}). Please shorten it.`,
        ar: `السؤال طويل جداً (${[...question].length} حرفاً، والحد ${maxChars}). اختصره من فضلك.`,
      },
      { length: question.length, maxChars },
    );
  }
  if (!hasSearchableText(question)) {
    throw new UserError(ErrorCodes.NoSearchableText, {
      en: 'That question has no words to search for. Please ask in Arabic or English.',
      ar: 'لا يحتوي السؤال على كلمات يمكن البحث عنها. اسأل بالعربية أو الإنجليزية.',
    });
  }
  return question;
}
