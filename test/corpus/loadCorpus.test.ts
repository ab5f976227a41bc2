import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadCorpusDir, titleFromText } from '../../src/corpus/loadCorpus.ts';
import { seedCorpusDir } from '../support/fixtures.ts';

async function corpusWith(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'corpus-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

test('each supported format becomes a document with its metadata', async () => {
  const dir = await corpusWith({
    'plain.txt': 'عنوان الخبر القصير\n\nنص الخبر الأول. وهذه جملة ثانية.',
    'front.md': '---\ntitle: مقال بعنوان\nsource: جريدة المثال\nurl: https://example.com/a\ndate: 2016-03-27\nlang: ar\n---\nنص المقال هنا.',
    'page.html':
      '<html lang="ar"><head><title>صفحة</title><link rel="canonical" href="https://example.com/p"></head><body><nav>الرئيسية | أخبار | رياضة | اتصل بنا</nav><article><h1>عنوان الصفحة</h1><p>الفقرة الأولى من المقال طويلة بما يكفي لكي يعتبرها المستخرج محتوى حقيقيا وليس قائمة روابط في أعلى الصفحة.</p><p>الفقرة الثانية من المقال فيها معلومات إضافية عن الموضوع الذي يتحدث عنه هذا المثال اليوم.</p></article><footer>جميع الحقوق محفوظة</footer></body></html>',
    'many.jsonl': '{"id":"a-1","title":"أ","text":"نص أ."}\n{"id":"a-2","title":"ب","text":"نص ب.","source":"وكالة","date":"2017-01-20"}\n',
    'packed.jsonl.gz': gzipSync('{"id":"z-1","title":"ز","text":"نص ز."}\n'),
  });
  const { documents, skipped } = await loadCorpusDir(dir);
  assert.deepEqual(skipped, []);
  const byId = new Map(documents.map((document) => [document.docId, document]));
  assert.deepEqual([...byId.keys()].sort(), ['a-1', 'a-2', 'front', 'page', 'plain', 'z-1']);
  assert.equal(byId.get('plain')!.title, 'عنوان الخبر القصير');
  assert.equal(byId.get('plain')!.source, undefined, 'no publisher is invented for plain text');
  const front = byId.get('front')!;
  assert.deepEqual(
    [front.title, front.source, front.url, front.date, front.lang],
    ['مقال بعنوان', 'جريدة المثال', 'https://example.com/a', '2016-03-27', 'ar'],
  );
  assert.equal(front.text, 'نص المقال هنا.');
  const page = byId.get('page')!;
  assert.equal(page.url, 'https://example.com/p');
  assert.match(page.text, /^الفقرة الأولى/m);
  assert.match(page.text, /\n\nالفقرة الثانية/);
  assert.doesNotMatch(page.text, /اتصل بنا|الحقوق محفوظة/, 'navigation and footer boilerplate are dropped');
  assert.equal(byId.get('a-2')!.date, '2017-01-20');
});

test('unreadable, empty and non-UTF-8 files are skipped with a reason; the rest loads', async () => {
  const dir = await corpusWith({
    'good.txt': 'خبر جيد. فيه جملة.',
    'empty.txt': '   \n',
    'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0xff, 0xfe]),
    'notes.docx': 'binary',
    'bad.jsonl': '{"id":"ok","text":"نص."}\nnot json\n',
  });
  const { documents, skipped } = await loadCorpusDir(dir);
  assert.deepEqual(documents.map((document) => document.docId).sort(), ['good', 'ok']);
  const reasons = Object.fromEntries(skipped.map((entry) => [entry.origin, entry.reason]));
  assert.match(reasons['empty.txt']!, /empty/);
  assert.match(reasons['latin1.txt']!, /UTF-8/);
  assert.match(reasons['notes.docx']!, /unsupported/);
  assert.match(reasons['bad.jsonl']!, /line 2/);
});

test('a missing corpus folder is an empty corpus, not a crash', async () => {
  const result = await loadCorpusDir(path.join(tmpdir(), 'does-not-exist-corpus'));
  assert.deepEqual(result, { documents: [], skipped: [] });
});

test('content hash changes with the text and only with it', async () => {
  const first = (await loadCorpusDir(await corpusWith({ 'a.txt': 'نص. ثان.' }))).documents[0]!;
  const same = (await loadCorpusDir(await corpusWith({ 'a.txt': 'نص. ثان.' }))).documents[0]!;
  const changed = (await loadCorpusDir(await corpusWith({ 'a.txt': 'نص. ثالث.' }))).documents[0]!;
  assert.equal(first.contentHash, same.contentHash);
  assert.notEqual(first.contentHash, changed.contentHash);
});

test('seed titles come from headline lines, repaired for display, never invented', () => {
  assert.equal(titleFromText('\nكيــــف ســــقطت تــــدمر مــــرة أخــــرى في يــــد\nداعش؟\n\nنص', 'x'), 'كيف سقطت تدمر مرة أخرى في يد داعش؟');
  assert.equal(titleFromText('عنوان قصير\nنص طويل.', 'x'), 'عنوان قصير');
  const long =
    'وبدت التطورات الأخيرة في تدمر، جزءاً ولو غير معلن، من التفاهمات الروسية ـ الأميركية، التي تقتضي في تركيز الجهد على محاربة التنظيم، على الرغم من تبادل التصريحات.';
  assert.match(titleFromText(long, 'x'), /^وبدت التطورات الأخيرة في تدمر، .*…$/);
});

test("the seed corpus loads with article 003's swapped lines repaired, mapped back to the file, the others as read", async () => {
  const { documents } = await loadCorpusDir(seedCorpusDir);
  for (const document of documents) {
    const asRead = (await readFile(path.join(seedCorpusDir, `${document.docId}.txt`), 'utf8')).replace(/\r\n?/g, '\n');
    if (document.docId !== '003_28e187cefc1c6878') {
      assert.equal(document.text, asRead, document.docId);
      assert.equal(document.sourceMap, undefined);
      continue;
    }
    assert.notEqual(document.text, asRead);
    assert.match(document.text, /معركة الموصل باتجاه سوريا، يتيح لهم إنشاء تشكيلات ومجموعات كبيرة نسبيًا في الأراضي السورية،/);
    const rebuilt = document.sourceMap!.map((segment) => asRead.slice(segment.source, segment.source + segment.end - segment.start)).join('');
    assert.equal(rebuilt, document.text, 'the source map rebuilds the repaired text from the file');
  }
});
