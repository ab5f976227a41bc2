import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectLanguage } from '../../src/text/language.ts';

test('Arabic text is ar, English text is en', () => {
  assert.equal(detectLanguage('كيف سقطت تدمر؟'), 'ar');
  assert.equal(detectLanguage('How did Palmyra fall?'), 'en');
});

test('mixed text goes to the majority script', () => {
  assert.equal(detectLanguage('ما هو موقف ISIS من حلب'), 'ar');
  assert.equal(detectLanguage('What did Putin say about تدمر'), 'en');
});

test('a tie between scripts goes to Arabic, the corpus language', () => {
  assert.equal(detectLanguage('حلب abc'), 'ar');
});

test('digits, punctuation and emoji only are other', () => {
  assert.equal(detectLanguage('2016 — 3.5% ١٢٣ ؟!'), 'other');
  assert.equal(detectLanguage('🔥👍'), 'other');
  assert.equal(detectLanguage(''), 'other');
});

test('Arabic presentation forms and harakat-laden text count as Arabic', () => {
  assert.equal(detectLanguage('ﻻ ﷲ'), 'ar');
  assert.equal(detectLanguage('الْمُعَلِّمُونَ in Paris'), 'ar');
});

test('non-Latin, non-Arabic scripts are other', () => {
  assert.equal(detectLanguage('Привет мир'), 'other');
});
