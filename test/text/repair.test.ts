import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { corpusVocabulary, displayText, paragraphSpans, repairSwappedLines, sourceSpans } from '../../src/text/repair.ts';

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

// ---------------------------------------------------------------- swapped line halves

const seeds = ['000_ad0a4181cb12e396', '001_c36be99214f2191f', '002_34f23a83167b2840', '003_28e187cefc1c6878', '004_ae0401a271bd997a'].map((name) =>
  readFileSync(new URL(`../../corpus/${name}.txt`, import.meta.url), 'utf8'),
);
const seedVocabulary = corpusVocabulary(seeds);
const repaired003 = repairSwappedLines(pdfArticle, seedVocabulary)!;
const lineOf = (text: string, start: string) => text.split('\n').find((line) => line.startsWith(start));

test('seed 003: a line whose runs extraction reversed is put back in order, its split words joined', () => {
  // «ية، يا، يتيح … الأراضي السور معركة الموصل باتجاه سور»
  assert.equal(lineOf(repaired003.text, 'معركة الموصل'), 'معركة الموصل باتجاه سوريا، يتيح لهم إنشاء تشكيلات ومجموعات كبيرة نسبيًا في الأراضي السورية،');
  // Five runs, four words split before a kashida-stretched ending.
  assert.equal(
    lineOf(repaired003.text, 'الــذي نجحــوا'),
    'الــذي نجحــوا مــن خلالــه في اســتعادة المدينــة، مــا شكــل ضربــة مفاجئــة للــروس والنظــام الســوري',
  );
});

test("seed 003: with one split word the line's true start is unknown; the word is joined and the rest left in order", () => {
  // The line «ية، بعد اشتباكات عنيفة سارت سيطر تنظيم … تدمر السور».
  assert.equal(lineOf(repaired003.text, 'بعد اشتباكات'), 'بعد اشتباكات عنيفة سارت سيطر تنظيم الدولة الإسلامية “داعش” على مدينة تدمر السورية،');
  assert.equal(lineOf(repaired003.text, 'أخرى مثل'), 'أخرى مثل حلب؟ النظام السوري عليها الذي يتقدم حاليا في جبهات سورية');
  assert.equal(lineOf(repaired003.text, 'يتيح لهم إنشاء تشكيلات الخروج'), 'يتيح لهم إنشاء تشكيلات الخروج من العراق بعد معركة الموصل باتجاه سوريا،');
  assert.doesNotMatch(repaired003.text, /^ية، /m);
});

test('seed 003: a join the corpus cannot confirm leaves its line as it is («الضرور|ية» is no word elsewhere)', () => {
  assert.ok(lineOf(repaired003.text, 'يــة يــة النظاميــة'));
});

test('the repaired text maps back to the file: every piece is an exact slice of the text as read', () => {
  let covered = 0;
  for (const segment of repaired003.sourceMap) {
    assert.equal(segment.start, covered, 'pieces cover the text without gaps');
    assert.equal(repaired003.text.slice(segment.start, segment.end), pdfArticle.slice(segment.source, segment.source + segment.end - segment.start));
    covered = segment.end;
  }
  assert.equal(covered, repaired003.text.length);
  // A span across a repaired line comes back as its pieces in the file, which joined are the span.
  const start = repaired3Index('بعد اشتباكات');
  const span = { start, end: start + 80 };
  const pieces = sourceSpans(repaired003.sourceMap, span);
  assert.ok(pieces.length >= 2);
  assert.equal(pieces.map((piece) => pdfArticle.slice(piece.start, piece.end)).join(''), repaired003.text.slice(span.start, span.end));
  assert.deepEqual(sourceSpans(undefined, span), [span], 'an unrepaired text is its own map');
});

function repaired3Index(start: string): number {
  return repaired003.text.indexOf(start);
}

test('ordinary text stays as it is: the other seeds, lines opening with a short word, a typo at a line start', () => {
  for (const [index, text] of seeds.entries()) if (index !== 3) assert.equal(repairSwappedLines(text, seedVocabulary), null);
  const vocabulary = corpusVocabulary(['قالت الحكومة السورية إن المدينة سقطت.', 'بدأت المعارك في سورية والعراق.']);
  for (const text of [
    'يا، أيها الناس هذه أخبار من سور\nالمدينة القديمة.', // «سوريا» is no word of this corpus: nothing confirms the join
    'في المدينة السور\nثم انسحب.', // a function word, no punctuation glued to it
    'قالت الحكومة في بيان\nإن المدينة سقطت.',
  ]) {
    assert.equal(repairSwappedLines(text, vocabulary), null, text);
  }
});
