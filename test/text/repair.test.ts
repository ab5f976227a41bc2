import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { displayText, paragraphSpans } from '../../src/text/repair.ts';

const pdfArticle = readFileSync(new URL('../../corpus/003_28e187cefc1c6878.txt', import.meta.url), 'utf8');
const webArticle = readFileSync(new URL('../../corpus/004_ae0401a271bd997a.txt', import.meta.url), 'utf8');

function paragraphTexts(text: string): string[] {
  return paragraphSpans(text).map((span) => text.slice(span.start, span.end));
}

test('paragraph spans are trimmed, non-empty, ordered slices of the original', () => {
  for (const text of [pdfArticle, webArticle]) {
    let previousEnd = 0;
    for (const span of paragraphSpans(text)) {
      const slice = text.slice(span.start, span.end);
      assert.ok(slice.length > 0);
      assert.equal(slice, slice.trim());
      assert.ok(span.start >= previousEnd);
      previousEnd = span.end;
    }
  }
});

test('seed 004: a single newline separates paragraphs in a web article', () => {
  const lines = webArticle.split('\n').filter((line) => line.trim() !== '');
  assert.deepEqual(
    paragraphTexts(webArticle),
    lines.map((line) => line.trim()),
  );
});

test('seed 003: hard-wrapped PDF lines are joined into one paragraph', () => {
  const paragraphs = paragraphTexts(pdfArticle);
  const joined = paragraphs.find((p) => p.startsWith('وبحسب الرواية النظامية'));
  assert.ok(joined, 'paragraph found');
  // Four PDF lines, one paragraph, ending where the sentence ends.
  assert.equal(joined.split('\n').length, 4);
  assert.ok(joined.endsWith('على أجزاء من\nالمدينة.'));
});

test('seed 003: the kashida-stretched title joins its wrapped last word', () => {
  assert.equal(displayText(paragraphTexts(pdfArticle)[0]!), 'كيف سقطت تدمر مرة أخرى في يد داعش؟');
});

test('seed 003: a short heading line stays its own paragraph', () => {
  assert.ok(paragraphTexts(pdfArticle).includes('الرواية الروسية تلقي باللوم على الولايات المتحدة'));
});

test('a blank line always separates paragraphs, even mid-sentence in hard-wrapped text', () => {
  const text = [
    'the first line of a wrapped paragraph goes on',
    'and the second line of the same paragraph too',
    'while the third line still has not ended it',
    '',
    'and this line, after a page break, ends it.',
  ].join('\n');
  assert.deepEqual(
    paragraphSpans(text).map((span) => text.slice(span.start, span.end).split('\n').length),
    [3, 1],
  );
});

test('a web article with an unpunctuated short heading keeps single-newline paragraphs', () => {
  const text = [
    'عنوان فرعي قصير',
    'وقال المتحدث إن القوات النظامية بدأت هجوما واسعا على المدينة منذ صباح الأحد بعد أيام من المعارك العنيفة.',
    'وأضاف أن المعارك ما زالت مستمرة في محيط المدينة، وأن الطيران الروسي شن عشرات الغارات على مواقع التنظيم.',
  ].join('\n');
  assert.equal(paragraphSpans(text).length, 3);
});

test('displayText collapses kashida between letters: كيــــف ســــقطت → كيف سقطت', () => {
  assert.equal(displayText('كيــــف ســــقطت'), 'كيف سقطت');
});

test('displayText keeps a word-final tatweel (هـ after a Hijri year)', () => {
  assert.equal(displayText('عام 1438 هـ'), 'عام 1438 هـ');
});

test('displayText turns soft line breaks and space runs into single spaces, keeps sentence-end breaks', () => {
  assert.equal(displayText('  مرة   أخرى في يد\nداعش؟\nوقال  '), 'مرة أخرى في يد داعش؟\nوقال');
  assert.equal(displayText('الأولى.\n\n\nالثانية'), 'الأولى.\nالثانية');
});
