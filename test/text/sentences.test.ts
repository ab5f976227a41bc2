import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { MAX_SENTENCE_CHARS, splitSentences } from '../../src/text/sentences.ts';

const corpusDir = new URL('../../corpus/', import.meta.url);
const seeds = readdirSync(corpusDir)
  .filter((name) => name.endsWith('.txt'))
  .map((name) => ({ name, text: readFileSync(new URL(name, corpusDir), 'utf8') }));
const pdfArticle = seeds.find((seed) => seed.name.startsWith('003_'))!.text;

function sentences(text: string): string[] {
  return splitSentences(text).map((span) => text.slice(span.start, span.end));
}

test('every seed sentence is a trimmed, non-empty, ordered, non-overlapping slice under the cap', () => {
  for (const { name, text } of seeds) {
    let previousEnd = 0;
    for (const span of splitSentences(text)) {
      const slice = text.slice(span.start, span.end);
      assert.ok(slice.length > 0, name);
      assert.equal(slice, slice.trim(), name);
      assert.ok(span.start >= previousEnd, `${name}: overlap at ${span.start}`);
      assert.ok(slice.length <= MAX_SENTENCE_CHARS, `${name}: ${slice.length} chars`);
      previousEnd = span.end;
    }
  }
});

test('seed 003: a PDF hard-wrapped sentence is not split at line ends', () => {
  const wrapped = sentences(pdfArticle).find((s) => s.startsWith('بدأ هجوم تنظيم الدولة'));
  assert.ok(wrapped);
  assert.ok(wrapped.includes('بمنطقة\nالصوامع'), wrapped);
  assert.ok(sentences(pdfArticle).includes('كيــــف ســــقطت تــــدمر مــــرة أخــــرى في يــــد\nداعش؟'));
});

test('seed 003: a full stop after a closing quote ends the sentence there', () => {
  const all = sentences(pdfArticle);
  assert.ok(all.some((s) => s.startsWith('وأضـاف أن هجـوم') && s.endsWith('“داعش”.')));
  assert.ok(all.some((s) => s.startsWith('مؤكدًا أن روسيا') && s.endsWith('“محاربة الإرهاب”.')));
});

test('seed 004: single-newline paragraphs never share a sentence', () => {
  const web = seeds.find((seed) => seed.name.startsWith('004_'))!.text;
  for (const sentence of sentences(web)) assert.ok(!sentence.includes('\n'), sentence);
});

test('Arabic question mark ؟ ends a sentence', () => {
  assert.deepEqual(sentences('كيف سقطت تدمر؟ سيطر التنظيم على المدينة.'), ['كيف سقطت تدمر؟', 'سيطر التنظيم على المدينة.']);
});

test('agency credits أ.ب and أ.ف.ب and the doctor abbreviation د. do not end a sentence', () => {
  assert.deepEqual(sentences('قال د. محمد لوكالة أ.ب إن الوضع خطير. وأضاف لوكالة أ.ف.ب أنه سيغادر.'), [
    'قال د. محمد لوكالة أ.ب إن الوضع خطير.',
    'وأضاف لوكالة أ.ف.ب أنه سيغادر.',
  ]);
  assert.equal(sentences('العنوان ص.ب 123 في عمان. ثم').length, 2);
});

test('decimals, URLs and e-mails keep their dots', () => {
  assert.deepEqual(sentences('بلغ النمو 3.5 بالمئة. راجع example.com/a?b=1 أو info@site.org للمزيد.'), [
    'بلغ النمو 3.5 بالمئة.',
    'راجع example.com/a?b=1 أو info@site.org للمزيد.',
  ]);
});

test('a year with the era letter (2016م.) ends the sentence', () => {
  assert.equal(sentences('وقع الهجوم عام 2016م. ثم انسحب التنظيم.').length, 2);
});

test('closing quotes and brackets stay inside the sentence they close', () => {
  assert.deepEqual(sentences('قال: «انتهى الأمر.» ثم غادر. (وهذا مؤكد.) "Done." Next'), ['قال: «انتهى الأمر.»', 'ثم غادر.', '(وهذا مؤكد.)', '"Done."', 'Next']);
});

test('an ellipsis inside quotes or before a lower-case word does not break', () => {
  assert.equal(sentences('قال «كنا ننتظر... ثم جاء الخبر» وغادر.').length, 1);
  assert.equal(sentences('He said... and then left. Then it rained.').length, 2);
});

test('a dot glued to the next Arabic word still breaks, except in site names like الجزيرة.نت', () => {
  assert.equal(sentences('سيطر التنظيم على المدينة.وقال المرصد إن المعارك مستمرة.').length, 2);
  assert.equal(sentences('نشر موقع الجزيرة.نت التقرير.').length, 1);
});

test('semicolons ؛ and ; end sentences', () => {
  assert.equal(sentences('انسحب الجيش؛ وتقدم التنظيم; ثم هدأت المعارك.').length, 3);
});

test('a long comma-chained sentence is split at commas into near-even pieces under the cap', () => {
  const clause = 'وأضاف المتحدث أن القوات النظامية تقدمت في محيط المدينة بعد معارك عنيفة';
  const text = `${Array.from({ length: 12 }, () => clause).join('، ')}.`;
  assert.ok(text.length > 2 * MAX_SENTENCE_CHARS);
  const pieces = sentences(text);
  assert.ok(pieces.length >= 3);
  for (const piece of pieces) assert.ok(piece.length <= MAX_SENTENCE_CHARS, `${piece.length}`);
  for (const piece of pieces.slice(0, -1)) assert.ok(piece.endsWith('،'), piece);
  const lengths = pieces.map((piece) => piece.length);
  assert.ok(Math.max(...lengths) - Math.min(...lengths) <= clause.length + 2, `${lengths}`);
});

test('a range limits sentences to it, in document coordinates', () => {
  const text = 'الأولى هنا. الثانية هنا. الثالثة هنا.';
  const start = text.indexOf('الثانية');
  const spans = splitSentences(text, { start, end: text.length });
  assert.deepEqual(
    spans.map((s) => text.slice(s.start, s.end)),
    ['الثانية هنا.', 'الثالثة هنا.'],
  );
  assert.equal(spans[0]!.start, start);
});

test('whitespace-only or empty input gives no sentences', () => {
  assert.deepEqual(splitSentences(''), []);
  assert.deepEqual(splitSentences(' \n\n  '), []);
});
