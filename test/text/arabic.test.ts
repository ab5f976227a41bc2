import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  countsAsArabicLetter,
  FOLDED_ARABIC_ALPHABET,
  foldArabicLetters,
  isArabicLetter,
  isIndexedArabicLetter,
  isKashidaNeighbour,
  isSentenceLetter,
  stripArabicMarks,
} from '../../src/text/arabic.ts';

test('folding: hamza forms, alef wasla, alef maqsura, ta marbuta and Persian look-alikes; hamza on waw or ya kept', () => {
  assert.equal(foldArabicLetters('أحمد إلى آخر ٱلله ٲ ٳ'), 'احمد الي اخر الله ا ا');
  assert.equal(foldArabicLetters('مدرسة کتاب علی'), 'مدرسه كتاب علي');
  assert.equal(foldArabicLetters('مؤتمر قائد سماء'), 'مؤتمر قائد سماء');
  assert.equal(FOLDED_ARABIC_ALPHABET.join(''), 'ءؤئابتثجحخدذرزسشصضطظعغفقكلمنهوي');
});

test('stripArabicMarks removes harakat, the superscript alef, Quranic marks and tatweel; honorific signs only when asked', () => {
  assert.equal(stripArabicMarks('كَتَبَ هٰذا كيــف'), 'كتب هذا كيف');
  assert.equal(stripArabicMarks('محمد\u0610'), 'محمد\u0610');
  assert.equal(stripArabicMarks('محمد\u0610', { honorificSigns: true }), 'محمد');
});

/** Code points (hex ranges) where `variant` and `reference` disagree. */
function disagreements(variant: (c: number) => boolean, reference: (c: number) => boolean): string {
  const ranges: string[] = [];
  let start = -1;
  for (let c = 0; c <= 0x10000; c++) {
    const differs = c < 0x10000 && variant(c) !== reference(c);
    if (differs && start < 0) start = c;
    if (!differs && start >= 0) {
      const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
      ranges.push(start === c - 1 ? hex(start) : `${hex(start)}-${hex(c - 1)}`);
      start = -1;
    }
  }
  return ranges.join(' ');
}

test("where each filter draws the line differently from isArabicLetter (pinned: changing one changes that filter's output)", () => {
  assert.equal(disagreements(isIndexedArabicLetter, isArabicLetter), '0620 063B-063F');
  assert.equal(disagreements(isSentenceLetter, isArabicLetter), '0620 063B-063F 0670 06EE-06EF 06FA-06FC 06FF 0750-077F 08A0-08C9 FB50-FEFC');
  assert.equal(disagreements(isKashidaNeighbour, isArabicLetter), '064B-065F 066E-0670 06EE-06EF 06FA-06FC 06FF 0750-077F 08A0-08C9');
  assert.equal(disagreements(countsAsArabicLetter, isArabicLetter), '0670 06FD-06FE FB50-FDFB FE70-FEFC');
});
