/** Rendering stays within Discord's limits whatever the core hands over. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { metadataLines, renderAnswer, renderHelp, renderPassage, renderSourcesPage } from '../../src/discord/render.ts';
import { limitProblems } from '../../src/discord/respond.ts';
import type { Answer, AnswerResult, DocumentInfo } from '../../src/types.ts';

const view = { lang: 'ar' as const, question: 'سؤال', offset: 0, k: 5, questionKey: '0123456789abcdef' };

function result(rank: number, quote: string, span = { start: 0, end: Math.min(20, quote.length) }, extra: Partial<AnswerResult> = {}): AnswerResult {
  return {
    rank,
    docId: `d${rank}`,
    passageId: `d${rank}#0`,
    title: 'عنوان',
    source: 'مصدر',
    url: 'https://example.com/x',
    date: '2016-01-01',
    quote,
    sentence: quote.slice(span.start, span.end),
    sentenceSpan: span,
    bold: span,
    score: 1,
    ...extra,
  };
}

function answer(results: AnswerResult[], confident = true): Answer {
  return { question: 'q', lang: 'ar', mode: 'lexical', confident, confidence: confident ? 0.9 : 0.1, results, notices: [] };
}

const shown = (markdown: string) => markdown.replace(/\*\*/g, '').replace(/\\(.)/g, '$1');

test('five huge quotes: several messages, each within every limit, nothing lost, buttons on the first only', () => {
  const quote = Array.from({ length: 150 }, (_, i) => `جملة طويلة رقم ${i} تتحدث عن الأحداث في المدينة.`).join(' ');
  const results = [1, 2, 3, 4, 5].map((rank) => result(rank, quote, { start: 3000, end: 3100 }));
  const messages = renderAnswer(answer(results), view);
  assert.ok(messages.length >= 5);
  for (const message of messages) assert.deepEqual(limitProblems(message), []);
  assert.ok(messages[0]!.components!.length === 2);
  assert.ok(messages.slice(1).every((m) => !m.components?.length));
  const fields = messages.flatMap((m) => m.embeds!.flatMap((e) => e.fields ?? []));
  assert.deepEqual(
    fields.map((f) => f.name),
    ['المصدر 1', 'المصدر 2', 'المصدر 3', 'المصدر 4', 'المصدر 5'],
  );
  const descriptions = messages.flatMap((m) => m.embeds!.map((e) => e.description!));
  const perResult = descriptions.length / 5;
  assert.equal(shown(descriptions.slice(0, perResult).join(' ')), quote);
});

test('oversized metadata is shortened to fit a field: title, source, url and id', () => {
  const value = metadataLines('en', {
    title: 'عنوان '.repeat(1000),
    source: '*'.repeat(3000),
    date: '2016-01-01T00:00:00Z',
    url: `https://example.com/${'a'.repeat(3000)}`,
    id: 'x'.repeat(300),
  });
  assert.ok(value.length <= 1024);
  assert.match(value, /2016-01-01/);
  assert.doesNotMatch(value, /T00:00/);
});

test('a huge question with markdown keeps the content under 2000 characters, escaped', () => {
  const [message] = renderAnswer(answer([result(1, 'نص قصير.')]), { ...view, question: '**x** '.repeat(1000) });
  assert.ok(message!.content!.length <= 2000);
  assert.doesNotMatch(message!.content!.split('\n')[0]!.slice(12), /(?<!\\)\*\*x/);
});

test('no results: a plain line, no embeds, no "more" button; past the end: "no more results" and a way back', () => {
  const [none] = renderAnswer(answer([], false), view);
  assert.equal(none!.content, '**السؤال:** \u2068سؤال\u2069\nلا شيء في المقالات يطابق هذا السؤال.');
  assert.deepEqual(none!.embeds, []);
  assert.deepEqual(none!.components, []);
  const [past] = renderAnswer(answer([], false), { ...view, offset: 10 });
  assert.match(past!.content!, /لا توجد نتائج أخرى/);
  assert.deepEqual(
    past!.components![0]!.components.map((c) => (c as { custom_id: string }).custom_id),
    ['more:9:0123456789abcdef'],
  );
});

test('a passage with no text still renders a valid message', () => {
  const messages = renderPassage(
    { passageId: 'p', docId: 'd', ordinal: 0, text: '', document: { docId: 'd', title: 't', source: null, url: null, date: null, passages: 1 } },
    'en',
  );
  assert.deepEqual(limitProblems(messages[0]!), []);
});

test('/sources with giant titles and ids stays within limits', () => {
  const documents: DocumentInfo[] = Array.from({ length: 35 }, (_, i) => ({
    docId: `${'id'.repeat(100)}${i}`,
    title: `${'*_'.repeat(500)}${i}`,
    source: '`'.repeat(500),
    url: null,
    date: '2016-01-01',
    passages: 1,
  }));
  for (const page of [1, 2, 4, 99]) assert.deepEqual(limitProblems(renderSourcesPage(documents, page, 'en')), []);
  assert.deepEqual(
    limitProblems(renderHelp({ documents: 1, passages: 1, model: 'm'.repeat(5000), mode: 'hybrid', dateRange: null, builtAt: null }, ['n'.repeat(5000)], 'ar')),
    [],
  );
});

test('property: any quote, any key-sentence span — within limits, markdown balanced, the reader sees the original', () => {
  const quoteChars = fc.constantFrom('ا', 'ب', 'ت', ' ', ' ', '.', '؟', '\n', '*', '_', '`', '|', '~', '<', '>', '@', '#', '-', '\\', '[', ']', '1');
  fc.assert(
    fc.property(
      fc.array(quoteChars, { minLength: 1, maxLength: 9000 }).map((chars) => chars.join('')),
      fc.nat(),
      fc.nat(),
      (quote, a, b) => {
        const start = a % (quote.length + 1);
        const end = start + (b % (quote.length - start + 1));
        const messages = renderAnswer(answer([result(1, quote, { start, end })]), view);
        for (const message of messages) assert.deepEqual(limitProblems(message), []);
        const descriptions = messages.flatMap((m) => m.embeds!.map((e) => e.description!));
        for (const d of descriptions) assert.equal((d.replace(/\\\\/g, '').replace(/\\\*/g, '').match(/\*\*/g) ?? []).length % 2, 0);
        const squash = (s: string) => s.replace(/\s+/g, '');
        if (squash(quote)) assert.equal(squash(shown(descriptions.join(''))), squash(quote));
      },
    ),
    { seed: 20240601, numRuns: 150 },
  );
});
