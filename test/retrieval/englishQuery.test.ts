import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMapDictionary } from '../../src/crosslingual/dictionary.ts';
import { EnglishQueryBuilder } from '../../src/retrieval/englishQuery.ts';
import { analyzer, index } from './seedIndex.ts';

const dictionary = createMapDictionary([
  ['governor', ['محافظ', 'حاكم']],
  ['ruler', ['حاكم']],
]);
const english = new EnglishQueryBuilder(index.lexical, analyzer, dictionary);

test('each translated word is one query term, its best translation at weight 1', () => {
  const terms = english.terms('Who is the governor?');
  assert.equal(terms.length, 1);
  assert.deepEqual(
    terms[0]!.alternatives.map((alternative) => alternative.term),
    [analyzer.term('محافظ'), analyzer.term('حاكم')],
  );
  assert.equal(terms[0]!.alternatives[0]!.weight, 1);
  assert.ok(terms[0]!.alternatives[1]!.weight < 1);
});

test('two English words with the same translations count once', () => {
  assert.equal(english.terms('governor ruler').filter((term) => term.alternatives.some((alternative) => alternative.term === analyzer.term('حاكم'))).length, 2);
  assert.equal(
    new EnglishQueryBuilder(
      index.lexical,
      analyzer,
      createMapDictionary([
        ['chief', ['حاكم']],
        ['ruler', ['حاكم']],
      ]),
    ).terms('chief ruler').length,
    1,
  );
});

test('a name the rules cannot spell as the corpus does is matched by consonant skeleton (Homs → حمص)', async () => {
  await english.warmUp();
  const homs = english.terms('Who is the governor of Homs?').find((term) => term.alternatives.some((alternative) => alternative.term === analyzer.term('حمص')));
  assert.ok(homs, 'حمص among the alternatives of Homs');
});
