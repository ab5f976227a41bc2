import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arabicSkeleton, englishSkeletons, SkeletonIndex } from '../../src/crosslingual/nameMatch.ts';

test('skeletons: letters English cannot tell apart share a class; vowels drop', () => {
  assert.equal(arabicSkeleton('حمص'), 'HMS');
  assert.equal(arabicSkeleton('همس'), 'HMS');
  assert.equal(arabicSkeleton('الرقه'), 'LRKH');
  assert.equal(arabicSkeleton('رقه'), 'RKH');
  assert.deepEqual(englishSkeletons('Homs'), ['HMS']);
  assert.deepEqual(englishSkeletons('Raqqah'), ['RKH']);
  assert.deepEqual(englishSkeletons('Baghdad'), ['BGD']);
  assert.deepEqual(englishSkeletons('Aleppo'), ['LB']);
  assert.ok(englishSkeletons('Gaza').includes('GZ'));
});

test('an English name finds the corpus spelling, most frequent first (Homs → حمص)', () => {
  const index = new SkeletonIndex([
    { term: 'حمص', documentFrequency: 40 },
    { term: 'همس', documentFrequency: 2 },
    { term: 'محافظ', documentFrequency: 30 },
    { term: 'تدمر', documentFrequency: 50 },
  ]);
  assert.deepEqual(
    index.match('Homs').map((entry) => entry.term),
    ['حمص', 'همس'],
  );
  assert.deepEqual(
    index.match('Tadmur').map((entry) => entry.term),
    ['تدمر'],
  );
  assert.deepEqual(index.match('Oslo'), [], 'short skeletons are not evidence');
});
