import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LexicalIndexBuilder, LexicalIndex, topK } from '../../src/index/lexicalIndex.ts';

function indexOf(passages: Array<[string, string]>): LexicalIndex {
  const builder = new LexicalIndexBuilder();
  for (const [body, title] of passages) builder.add(body.split(' ').filter(Boolean), title.split(' ').filter(Boolean));
  return builder.build();
}

const single = (...terms: string[]) => terms.map((term) => ({ alternatives: [{ term, weight: 1 }], weight: 1 }));

test('BM25 scores match the formula computed by hand', () => {
  const index = indexOf([
    ['a b c', ''],
    ['a a d', ''],
    ['e f', ''],
  ]);
  index.setParams({ k1: 1.2, b: 0.75, titleWeight: 0 });
  const hits = index.search(single('a'), 10);
  const n = 3,
    df = 2,
    avg = 8 / 3;
  const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const bm25 = (tf: number, length: number) => (idf * tf * 2.2) / (tf + 1.2 * (1 - 0.75 + (0.75 * length) / avg));
  assert.deepEqual(
    hits.map((hit) => hit.passage),
    [1, 0],
  );
  assert.ok(Math.abs(hits[0]!.score - bm25(2, 3)) < 1e-9);
  assert.ok(Math.abs(hits[1]!.score - bm25(1, 3)) < 1e-9);
});

test('title terms count with their weight', () => {
  const index = indexOf([
    ['x y', 'homs'],
    ['homs z', ''],
  ]);
  index.setParams({ k1: 1.2, b: 0, titleWeight: 0 });
  assert.deepEqual(
    index.search(single('homs'), 10).map((hit) => hit.passage),
    [1],
  );
  index.setParams({ k1: 1.2, b: 0, titleWeight: 2 });
  assert.deepEqual(
    index.search(single('homs'), 10).map((hit) => hit.passage),
    [0, 1],
  );
});

test('alternatives of one query term are scored as one term (weighted tf and df)', () => {
  const index = indexOf([
    ['tank tank', ''],
    ['dabbaba', ''],
    ['other words here', ''],
    ['more filler', ''],
  ]);
  index.setParams({ k1: 1.2, b: 0, titleWeight: 0 });
  const group = [
    {
      alternatives: [
        { term: 'tank', weight: 0.5 },
        { term: 'dabbaba', weight: 0.5 },
      ],
      weight: 1,
    },
  ];
  const hits = index.search(group, 10);
  const idf = Math.log(1 + (4 - 1 + 0.5) / (1 + 0.5)); // df = 0.5·1 + 0.5·1
  const score = (tf: number) => (idf * tf * 2.2) / (tf + 1.2);
  assert.deepEqual(
    hits.map((hit) => hit.passage),
    [0, 1],
  );
  assert.ok(Math.abs(hits[0]!.score - score(1)) < 1e-9);
  assert.ok(Math.abs(hits[1]!.score - score(0.5)) < 1e-9);
  assert.ok(Math.abs(index.termIdf(group[0]!) - idf) < 1e-12);
});

test('scratch buffers are reset between searches (same query, same scores)', () => {
  const index = indexOf([
    ['a b', ''],
    ['b c', ''],
    ['c a', ''],
  ]);
  const first = index.search(single('a', 'b'), 10);
  index.search(single('c'), 10);
  assert.deepEqual(index.search(single('a', 'b'), 10), first);
});

test('serialize → deserialize gives identical results; damage is detected', () => {
  const index = indexOf([
    ['محافظ حمص طلال', 'حمص'],
    ['دبابات داعش', ''],
    ['تدمر', 'تدمر'],
  ]);
  const bytes = index.serialize();
  const copy = LexicalIndex.deserialize(bytes);
  for (const term of ['حمص', 'داعش', 'تدمر', 'absent']) {
    assert.deepEqual(copy.search(single(term), 5), index.search(single(term), 5));
  }
  assert.throws(() => LexicalIndex.deserialize(bytes.subarray(0, bytes.length - 7)), /truncated/);
  assert.throws(() => LexicalIndex.deserialize(Buffer.from('garbage!')), /not a lexical index/);
});

test('topK keeps the best k, ties broken by passage number', () => {
  const scores = new Float64Array([1, 5, 3, 5, 0.5, 4]);
  const candidates = Uint32Array.from([0, 1, 2, 3, 4, 5]);
  assert.deepEqual(topK(scores, candidates, 6, 3), [
    { passage: 1, score: 5 },
    { passage: 3, score: 5 },
    { passage: 5, score: 4 },
  ]);
  assert.deepEqual(topK(scores, candidates, 6, 0), []);
});

test('round trip with an odd posting count keeps title tfs and lengths (reader skipped padding by element size)', () => {
  // 3 postings: the Uint16 body tfs end 2 bytes past a 4-byte boundary, so the writer pads before
  // the Uint8 title tfs. The reader used to align Uint8 arrays to 1 byte and read them shifted.
  const index = indexOf([
    ['homs homs x', 'homs'],
    ['tadmur', ''],
  ]);
  index.setParams({ k1: 1.2, b: 0.75, titleWeight: 2 });
  const copy = LexicalIndex.deserialize(index.serialize());
  copy.setParams({ k1: 1.2, b: 0.75, titleWeight: 2 });
  for (const term of ['homs', 'x', 'tadmur']) assert.deepEqual(copy.search(single(term), 5), index.search(single(term), 5));
});

test('phrase terms get postings but leave BM25 lengths alone', () => {
  const plain = new LexicalIndexBuilder();
  plain.add(['a', 'b'], []);
  plain.add(['c', 'd', 'e'], []);
  const withPhrases = new LexicalIndexBuilder();
  withPhrases.add(['a', 'b'], [], ['a b'], []);
  withPhrases.add(['c', 'd', 'e'], [], ['c d', 'd e'], []);
  const [x, y] = [plain.build(), withPhrases.build()];
  assert.deepEqual(y.search(single('a'), 5), x.search(single('a'), 5));
  assert.deepEqual(
    y.search(single('d e'), 5).map((hit) => hit.passage),
    [1],
  );
});

test('neighbours: index terms one edit away (substitution, insertion, deletion, transposition), commonest first', () => {
  const index = indexOf([
    ['قائد موريتانيا بلجيكا', ''],
    ['قائد قاعد', ''],
    ['قائد', ''],
    ['~قائد abcd', ''],
  ]);
  assert.deepEqual(
    index.neighbours('قاءد').map((entry) => entry.term),
    ['قائد', 'قاعد'],
  ); // substitution
  assert.deepEqual(index.neighbours('قاءد', 1), [{ term: 'قائد', documentFrequency: 3 }]);
  assert.deepEqual(
    index.neighbours('موريطانيا').map((entry) => entry.term),
    ['موريتانيا'],
  );
  assert.deepEqual(
    index.neighbours('بلجيكيا').map((entry) => entry.term),
    ['بلجيكا'],
  ); // an extra letter
  assert.deepEqual(
    index.neighbours('بلجكا').map((entry) => entry.term),
    ['بلجيكا'],
  ); // a missing letter
  assert.deepEqual(
    index.neighbours('bacd').map((entry) => entry.term),
    ['abcd'],
  ); // transposition
  assert.deepEqual(
    index.neighbours('~قاءد').map((entry) => entry.term),
    ['~قائد'],
  ); // root terms keep their marker
  assert.deepEqual(
    index.neighbours('قائد').map((entry) => entry.term),
    ['قاعد'],
  ); // never the term itself
  assert.deepEqual(index.neighbours('xyzw'), []);
});
