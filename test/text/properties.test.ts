/**
 * Property-based tests (fast-check) over the text pipeline and the answer renderer with arbitrary
 * Unicode: Arabic with diacritics floods, presentation forms, bidi controls, zero-width characters,
 * emoji and lone surrogates, control characters and every line-break mix, up to 100,000 characters.
 *
 * Invariants: nothing throws; paragraph, sentence and passage spans are valid, ordered slices of the
 * original; token offsets slice back into the original; the normalization map is monotone and
 * complete; sanitized questions carry no bidi controls, zero-width or control characters.
 * Generated strings are mostly short (fast); a handful of 100,000-character cases run once each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizeArabic, normalizeWithMap, originalSpan } from '../../src/text/normalize.ts';
import { isWhitespaceCode, paragraphSpans } from '../../src/text/repair.ts';
import { splitSentences } from '../../src/text/sentences.ts';
import { createAnalyzer } from '../../src/text/analyzer.ts';
import { buildPassages, parsePassageId } from '../../src/corpus/passages.ts';
import { prepareQuestion, sanitizeQuestion } from '../../src/retrieval/question.ts';
import { answerJson, markKeySentence, renderAnswerText } from '../../src/answer/renderText.ts';
import { neutralizeText } from '../../src/discord/input.ts';
import { isUserError } from '../../src/errors.ts';
import type { Answer, ArticleDocument, Span } from '../../src/types.ts';

// ------------------------------------------------------------------ generators

const range = (from: number, to: number) => fc.integer({ min: from, max: to }).map((code) => String.fromCharCode(code));
const oneOfChars = (chars: string) => fc.constantFrom(...Array.from(chars));

const arabicLetter = range(0x0621, 0x064a);
const diacritic = fc.oneof(range(0x064b, 0x0652), fc.constant('\u0670'), fc.constant('\u0640'));
const presentationForm = fc.oneof(range(0xfb50, 0xfdff), range(0xfe70, 0xfefc));
const bidiControl = oneOfChars('\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c');
const zeroWidth = oneOfChars('\u200b\u200c\u200d\u2060\ufeff\u00ad');
const control = fc.oneof(range(0x00, 0x1f), range(0x7f, 0x9f));
const lineBreak = fc.constantFrom('\n', '\r\n', '\r', '\n\n', '\r\n\r\n', '\u2028', '\u2029', '\u0085', '\f', '\v');
const space = fc.constantFrom(' ', '  ', '\t', '\u00a0', '\u3000', '\u202f');
const punctuation = oneOfChars('.!?؟…؛;۔،,:«»“”"\'()[]-—*_`~|>#@<');
const emoji = fc.constantFrom('😀', '👩‍👩‍👧', '🇸🇾', '❤️', '𝕏', '🏳️‍🌈');
const loneSurrogate = range(0xd800, 0xdfff);
const latinWord = fc.stringMatching(/^[A-Za-z]{1,12}$/);
const digits = fc.oneof(fc.stringMatching(/^[0-9]{1,6}$/), fc.stringMatching(/^[٠-٩]{1,4}$/));
const arabicWord = fc
  .array(fc.oneof({ arbitrary: arabicLetter, weight: 6 }, { arbitrary: diacritic, weight: 1 }), { minLength: 1, maxLength: 10 })
  .map((parts) => parts.join(''));
/** Zalgo-style: one letter and a run of combining marks. */
const markFlood = fc.tuple(arabicLetter, fc.array(diacritic, { minLength: 3, maxLength: 60 })).map(([letter, marks]) => letter + marks.join(''));
const anyCodePoint = fc.string({ unit: 'binary', maxLength: 4 });
/** A Discord mention token with invisible characters slipped inside (`<@\u200b123>`). */
const smuggledMention = fc
  .tuple(fc.constantFrom('<@', '<@!', '<@&', '<#'), fc.array(fc.oneof(oneOfChars('0123456789'), zeroWidth, bidiControl), { minLength: 1, maxLength: 8 }))
  .map(([open, inside]) => `${open}${inside.join('')}>`);

const fragment = fc.oneof(
  { arbitrary: arabicWord, weight: 12 },
  { arbitrary: space, weight: 8 },
  { arbitrary: punctuation, weight: 5 },
  { arbitrary: lineBreak, weight: 4 },
  { arbitrary: latinWord, weight: 3 },
  { arbitrary: digits, weight: 2 },
  { arbitrary: presentationForm, weight: 2 },
  { arbitrary: bidiControl, weight: 2 },
  { arbitrary: zeroWidth, weight: 2 },
  { arbitrary: control, weight: 1 },
  { arbitrary: emoji, weight: 1 },
  { arbitrary: loneSurrogate, weight: 1 },
  { arbitrary: markFlood, weight: 1 },
  { arbitrary: anyCodePoint, weight: 2 },
  { arbitrary: smuggledMention, weight: 1 },
);

/** Hostile text, up to a few thousand characters. */
const hostileText = fc.array(fragment, { maxLength: 400, size: 'max' }).map((parts) => parts.join(''));

/** 100,000 characters each: floods of one thing, and a long mixed text. */
function bigCases(): Array<[string, string]> {
  const sample = fc.sample(fc.array(fragment, { minLength: 300, maxLength: 300 }), { numRuns: 1, seed: 42 })[0]!.join('');
  const mixed = sample.repeat(Math.ceil(100_000 / sample.length)).slice(0, 100_000);
  return [
    ['mixed hostile text', mixed],
    ['one Arabic letter and 99,999 diacritics', `ب${'ً'.repeat(99_999)}`],
    ['zero-width and bidi flood', '\u200b\u202e\u2066'.repeat(33_334).slice(0, 100_000)],
    ['no whitespace or punctuation at all', 'محافظحمص'.repeat(12_500)],
    ['line breaks only, CR/LF mixed', '\r\n\n\r'.repeat(25_000)],
    ['sentence terminators only', '.؟!…'.repeat(25_000)],
    ['emoji (surrogate pairs)', '😀'.repeat(50_000)],
    ['lone surrogates', '\ud800a\udfff'.repeat(33_334).slice(0, 100_000)],
    ['hard-wrapped lines', ('قال المحافظ إن الأعمال ستبدأ قريبا في المدينة القديمة وما حولها' + '\n').repeat(1_600).slice(0, 100_000)],
  ];
}

const RUNS = 150;

// ------------------------------------------------------------------ invariants

function assertSpans(text: string, spans: Span[], what: string, { trimmed = true } = {}): void {
  let previousEnd = 0;
  for (const span of spans) {
    assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: integer offsets`);
    assert.ok(span.start >= previousEnd, `${what}: ordered, not overlapping (${span.start} < ${previousEnd})`);
    assert.ok(span.start < span.end && span.end <= text.length, `${what}: non-empty and inside the text`);
    if (trimmed) {
      assert.ok(!isWhitespaceCode(text.charCodeAt(span.start)), `${what}: starts with whitespace`);
      assert.ok(!isWhitespaceCode(text.charCodeAt(span.end - 1)), `${what}: ends with whitespace`);
    }
    previousEnd = span.end;
  }
}

function checkNormalization(text: string): void {
  const { text: normalized, map } = normalizeWithMap(text);
  assert.equal(normalized, normalizeArabic(text));
  assert.equal(map.length, normalized.length + 1);
  assert.equal(map[normalized.length], text.length);
  for (let i = 1; i < map.length; i++) assert.ok(map[i]! >= map[i - 1]!, 'the map never decreases');
  assert.ok(map.length === 1 || map[0]! >= 0);
  // Any normalized range maps back to an in-bounds original slice.
  for (const [a, b] of [
    [0, normalized.length],
    [0, Math.floor(normalized.length / 2)],
    [Math.floor(normalized.length / 3), normalized.length],
  ] as const) {
    const span = originalSpan(map, a, b);
    assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length);
  }
}

function checkSentencesAndPassages(text: string): void {
  assertSpans(text, paragraphSpans(text), 'paragraphs');
  const sentences = splitSentences(text);
  assertSpans(text, sentences, 'sentences');
  const from = Math.floor(text.length / 4);
  const to = Math.floor((text.length * 3) / 4);
  for (const sentence of splitSentences(text, { start: from, end: to })) {
    assert.ok(sentence.start >= from && sentence.end <= to, 'sentences of a range stay inside it');
  }
  const document: ArticleDocument = { docId: 'doc', title: 't', text, origin: 'doc.txt', contentHash: 'x' };
  const passages = buildPassages(document);
  let previousStart = -1;
  passages.forEach((passage, ordinal) => {
    assert.equal(passage.ordinal, ordinal);
    assert.deepEqual(parsePassageId(passage.passageId), { docId: 'doc', ordinal });
    assert.ok(passage.span.start > previousStart, 'passages advance');
    previousStart = passage.span.start;
    assert.ok(passage.sentences.length > 0);
    assert.equal(passage.span.start, passage.sentences[0]!.start);
    assert.equal(passage.span.end, passage.sentences.at(-1)!.end);
    assertSpans(text, passage.sentences, 'passage sentences');
  });
  if (sentences.length) {
    assert.equal(passages[0]!.span.start, sentences[0]!.start, 'the first passage starts at the first sentence');
    assert.equal(passages.at(-1)!.span.end, sentences.at(-1)!.end, 'nothing is lost at the end');
  }
}

const analyzer = createAnalyzer();

function checkTokens(text: string): void {
  const tokens = analyzer.tokens(text);
  let previousStart = -1;
  for (const token of tokens) {
    assert.ok(token.start >= 0 && token.start < token.end && token.end <= text.length, 'token offsets inside the text');
    assert.ok(token.start >= previousStart, 'tokens in order');
    previousStart = token.start;
    assert.ok(token.term.length > 0);
    assert.ok(text.slice(token.start, token.end).trim().length > 0, 'a token slices back to a written word');
  }
  assert.deepEqual(
    tokens.map((token) => token.term),
    analyzer.terms(text),
    'tokens carry the same terms',
  );
  const analysis = analyzer.analyze(text);
  assert.deepEqual(analysis.terms, analyzer.terms(text));
}

/** Characters a sanitized question must not contain. */
const FORBIDDEN_IN_QUESTIONS = /[\p{Cc}\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff]/u;

function checkQuestion(raw: string): void {
  const question = sanitizeQuestion(raw);
  assert.ok(!FORBIDDEN_IN_QUESTIONS.test(question), `forbidden character left in ${JSON.stringify(question.slice(0, 80))}`);
  assert.ok(!/\p{M}{4}/u.test(question), 'no combining-mark floods (more than shadda + haraka + tanween)');
  assert.equal(question, question.trim());
  assert.equal(sanitizeQuestion(question), question, 'idempotent');
  try {
    assert.equal(prepareQuestion(raw, 500), question);
  } catch (error) {
    assert.ok(isUserError(error), `only UserErrors: ${String(error)}`);
    assert.ok(['EMPTY_QUESTION', 'QUESTION_TOO_LONG', 'NO_SEARCHABLE_TEXT'].includes(error.code), error.code);
  }
  const visible = neutralizeText(raw);
  assert.ok(!/[\p{Cc}\p{Cf}]/u.test(visible), 'the bot leaves no control or format character');
  assert.ok(!/<(?:@[!&]?\d+|#\d+)>/.test(visible), 'no Discord mention token survives');
  assert.equal(neutralizeText(visible), visible, 'idempotent');
}

function answerFor(quote: string, sentence: Span, confident: boolean): Answer {
  return {
    question: quote.slice(0, 50),
    lang: 'ar',
    mode: 'lexical',
    confident,
    confidence: confident ? 0.9 : 0.1,
    notices: [],
    results: [
      {
        rank: 1,
        docId: 'doc',
        passageId: 'doc#1',
        title: quote.slice(0, 30),
        source: quote.slice(5, 20) || null,
        url: null,
        date: null,
        quote,
        sentence: quote.slice(sentence.start, sentence.end),
        sentenceSpan: sentence,
        bold: confident ? sentence : null,
        score: 1.5,
      },
    ],
  };
}

function checkRenderers(text: string): void {
  const sentences = splitSentences(text);
  const spans: Span[] = sentences.length ? [sentences[Math.floor(sentences.length / 2)]!] : [{ start: 0, end: text.length }];
  for (const span of spans) {
    for (const confident of [true, false]) {
      const answer = answerFor(text, span, confident);
      for (const color of [true, false]) {
        const rendered = renderAnswerText(answer, { color });
        assert.ok(rendered.includes(`passage: ${answer.results[0]!.passageId}`), 'the passage is cited');
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's escape sequences are what is removed
        const lines = rendered.replace(/\x1b\[\d+m/g, '').split('\n');
        const below = lines.slice(lines.findIndex((line) => line.startsWith('1. ')) + 1);
        assert.ok(
          below.length >= 2 && below.every((line) => line.startsWith('   ')),
          'the title and the citation are one line each; every line of the quote stays under the title',
        );
      }
      const json = answerJson(answer) as { results: Array<{ quote: string; sentence: string; sentenceStart: number; sentenceEnd: number }> };
      const [result] = json.results;
      assert.equal(result!.quote.slice(result!.sentenceStart, result!.sentenceEnd), result!.sentence);
      assert.deepEqual(JSON.parse(JSON.stringify(json)), json, '--json output survives the round trip, lone surrogates included');
      // Display changes spacing and kashida only: the words shown are the quote's own.
      const wordsOf = (text: string) => text.replace(/[\s\u0640]/g, '');
      assert.equal(wordsOf(markKeySentence(answer.results[0]!, (s) => s)), wordsOf(text));
    }
  }
}

// ------------------------------------------------------------------ properties

const property = (check: (text: string) => void, numRuns = RUNS) =>
  fc.assert(
    fc.property(hostileText, (text) => check(text)),
    { numRuns, seed: Number(process.env.FC_SEED ?? 20240601) },
  );

test('normalizeWithMap: a complete, monotone map back to the original, for any text', () => {
  property(checkNormalization);
});

test('paragraphSpans, splitSentences, buildPassages: valid, ordered, trimmed slices of the original', () => {
  property(checkSentencesAndPassages);
});

test("the analyzer's tokens slice back into the original and carry the same terms as terms()", () => {
  property(checkTokens);
});

test('sanitizeQuestion / prepareQuestion / neutralizeText: no bidi, zero-width or control characters; idempotent; only UserErrors', () => {
  property(checkQuestion, RUNS * 2);
  // Short inputs built only from the dangerous characters, where the rules interact most.
  fc.assert(
    fc.property(
      fc.array(fc.oneof(bidiControl, zeroWidth, control, diacritic, space, lineBreak, oneOfChars('<@&!#>0123456789')), { maxLength: 60, size: 'max' }),
      (parts) => checkQuestion(parts.join('')),
    ),
    { numRuns: RUNS * 2, seed: 7 },
  );
});

test('the text renderers (terminal and --json) never throw, and the key sentence stays an exact slice', () => {
  property(checkRenderers, 80);
});

test('100,000-character inputs: every stage keeps its invariants', () => {
  for (const [name, text] of bigCases()) {
    assert.ok(text.length > 90_000, name);
    checkNormalization(text);
    checkSentencesAndPassages(text);
    checkTokens(text);
    checkQuestion(text);
    checkRenderers(text);
  }
});

test('sanitizeQuestion removes every invisible format character, not only the listed bidi and zero-width ones', () => {
  // Arabic number signs (U+0600–0605, U+06DD, U+08E2) are format characters that render; they may stay.
  const invisible = /[\u180e\ufff9-\ufffb\u{e0000}-\u{e007f}]/u;
  fc.assert(
    fc.property(
      fc.array(fc.oneof(arabicWord, fc.constantFrom('\u{e0041}', '\u{e007f}', '\u180e', '\ufff9', '\ufffb')), { maxLength: 20, size: 'max' }),
      (parts) => {
        assert.ok(!invisible.test(sanitizeQuestion(parts.join(' '))));
      },
    ),
    { numRuns: 50, seed: 3 },
  );
});
