import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { buildPassages, packSentences, parsePassageId, passageId } from '../../src/corpus/passages.ts';
import { splitSentences } from '../../src/text/sentences.ts';
import type { ArticleDocument } from '../../src/types.ts';

function documentOf(docId: string, text: string): ArticleDocument {
  return { docId, title: docId, text, origin: `${docId}.txt`, contentHash: 'x' };
}

test('packing: at most maxSentences, overlap of one, always advancing', () => {
  const spans = Array.from({ length: 7 }, (_, index) => ({ start: index * 10, end: index * 10 + 9 }));
  const groups = packSentences(spans, { maxChars: 1000, maxSentences: 3, overlapSentences: 1 });
  assert.deepEqual(
    groups.map((group) => group.map((span) => span.start / 10)),
    [
      [0, 1, 2],
      [2, 3, 4],
      [4, 5, 6],
    ],
  );
  const noProgress = packSentences(spans, { maxChars: 5, maxSentences: 3, overlapSentences: 2 });
  assert.equal(noProgress.length, 7, 'a sentence longer than maxChars still forms its own passage, and overlap never stalls');
});

test('every passage of every seed is an exact slice of the original text', () => {
  const dir = new URL('../../corpus/', import.meta.url);
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.txt'))) {
    const text = readFileSync(new URL(file, dir), 'utf8');
    const passages = buildPassages(documentOf(file, text));
    assert.ok(passages.length > 1, `${file} gives several passages`);
    for (const passage of passages) {
      const quote = text.slice(passage.span.start, passage.span.end);
      assert.equal(quote, quote.trim(), 'passages are trimmed');
      assert.ok(quote.length > 0);
      assert.equal(passage.sentences[0]!.start, passage.span.start);
      assert.equal(passage.sentences.at(-1)!.end, passage.span.end);
      for (const sentence of passage.sentences) {
        assert.ok(sentence.start >= passage.span.start && sentence.end <= passage.span.end);
      }
    }
    // Coverage: no sentence of the article is left out of every passage.
    const covered = new Set(passages.flatMap((passage) => passage.sentences.map((sentence) => sentence.start)));
    assert.deepEqual(
      [...covered].sort((a, b) => a - b),
      splitSentences(text).map((sentence) => sentence.start),
    );
  }
});

test('passage ids round-trip, including document ids that contain #', () => {
  assert.equal(passageId('001_abc', 0), '001_abc#1');
  assert.deepEqual(parsePassageId('001_abc#12'), { docId: '001_abc', ordinal: 11 });
  assert.deepEqual(parsePassageId('a#b#3'), { docId: 'a#b', ordinal: 2 });
  assert.equal(parsePassageId('no-hash'), undefined);
  assert.equal(parsePassageId('doc#0'), undefined);
});
