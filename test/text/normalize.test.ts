import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeArabic, normalizeWithMap, originalSpan } from '../../src/text/normalize.ts';

test('presentation forms and ligatures become base letters (ﻻ → لا, ﷲ → الله, ﻷ → لا)', () => {
  assert.equal(normalizeArabic('ﻻ'), 'لا');
  assert.equal(normalizeArabic('ﷲ'), 'الله');
  assert.equal(normalizeArabic('ﻷ'), 'لا');
  assert.equal(normalizeArabic('ﺑﺴﻢ'), 'بسم');
  assert.equal(normalizeArabic('ﺓ'), 'ه');
});

test('spacing haraka presentation forms vanish instead of leaving a space', () => {
  assert.equal(normalizeArabic('كتاب\uFE70'), 'كتاب');
});

test('harakat, superscript alef, Quranic marks and tatweel are removed', () => {
  assert.equal(normalizeArabic('كَتَبَ الْمُعَلِّمُونَ'), 'كتب المعلمون');
  assert.equal(normalizeArabic('هٰذا'), 'هذا');
  assert.equal(normalizeArabic('الرحيم\u06D6'), 'الرحيم');
  assert.equal(normalizeArabic('كيــــف'), 'كيف');
});

test('alef variants fold to bare alef, including a decomposed hamza', () => {
  assert.equal(normalizeArabic('أإآٱ'), 'اااا');
  assert.equal(normalizeArabic('ا\u0654حمد'), 'احمد');
});

test('alef maqsura → yeh and teh marbuta → heh', () => {
  assert.equal(normalizeArabic('مستشفى'), 'مستشفي');
  assert.equal(normalizeArabic('مدرسة'), 'مدرسه');
});

test('Arabic-Indic and Persian digits become ASCII digits', () => {
  assert.equal(normalizeArabic('٠١٢٣٤٥٦٧٨٩'), '0123456789');
  assert.equal(normalizeArabic('۰۱۲۳۴۵۶۷۸۹'), '0123456789');
});

test('zero-width characters and direction marks are removed', () => {
  const marks = '\u200B\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2060\u2066\u2069\u061C\uFEFF';
  assert.equal(normalizeArabic(`ت${marks}دمر`), 'تدمر');
});

test('Latin is lowercased, Arabic and punctuation untouched', () => {
  assert.equal(normalizeArabic('ISIS و Aleppo، حلب؟'), 'isis و aleppo، حلب؟');
});

test('text needing no change is returned as is', () => {
  const text = 'سيطر تنظيم الدوله علي مدينه تدمر';
  assert.equal(normalizeArabic(text), text);
});

test('normalizeWithMap gives the same text as normalizeArabic and ends at the original length', () => {
  const text = 'ﻷنّ الْمدرسة ٣٫٥ ﷺ';
  const { text: normalized, map } = normalizeWithMap(text);
  assert.equal(normalized, normalizeArabic(text));
  assert.equal(map.length, normalized.length + 1);
  assert.equal(map[normalized.length], text.length);
});

/** Deterministic PRNG (mulberry32) so the property loop is reproducible. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = [
  ...'ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإٱىةؤئ',
  ...'\u064B\u064C\u064D\u064E\u064F\u0650\u0651\u0652\u0670\u06D6\u0640',
  ...'ﻻﷲﻷﺑﺓﻼ\uFE70\uFDFA',
  ...'٠١٢۳۴0123456789',
  ...'\u200B\u200F\u202B\u2066\u061C\uFEFF\u00AD',
  ...'aZqÉ .،؟\n',
];

test('normalizeWithMap: every normalized range maps back to an original slice that normalizes to it', () => {
  const next = random(20240611);
  for (let round = 0; round < 300; round++) {
    let text = '';
    const length = Math.floor(next() * 40);
    for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(next() * ALPHABET.length)]!;
    const { text: normalized, map } = normalizeWithMap(text);
    assert.equal(normalized, normalizeArabic(text));
    // Cut only between source units: a cut inside one ligature's expansion has no exact slice.
    const cuts: number[] = [];
    for (let i = 0; i <= normalized.length; i++) if (i === 0 || i === normalized.length || map[i] !== map[i - 1]) cuts.push(i);
    for (const a of cuts) {
      for (const b of cuts) {
        if (b < a) continue;
        const span = originalSpan(map, a, b);
        assert.equal(normalizeArabic(text.slice(span.start, span.end)), normalized.slice(a, b), JSON.stringify({ text, a, b }));
      }
    }
  }
});

test('originalSpan widens a range ending inside a ligature to the whole ligature', () => {
  const text = 'ب ﷺ';
  const { text: normalized, map } = normalizeWithMap(text);
  const inside = normalized.indexOf('الله');
  const span = originalSpan(map, inside, inside + 4);
  assert.equal(text.slice(span.start, span.end), 'ﷺ');
});
