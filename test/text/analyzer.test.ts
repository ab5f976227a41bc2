import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createAnalyzer, lightStem, type StemmerName } from '../../src/text/analyzer.ts';
import { normalizeArabic } from '../../src/text/normalize.ts';
import { ARABIC_STOPWORDS } from '../../src/text/stopwords.ts';

const analyzer = createAnalyzer();
const STEMMERS: StemmerName[] = ['light', 'snowball'];

test('the default analyzer uses the light stemmer with stopwords', () => {
  assert.equal(analyzer.name, createAnalyzer({ stemmer: 'light', stopwords: true }).name);
  assert.notEqual(analyzer.name, createAnalyzer({ stemmer: 'snowball' }).name);
  assert.notEqual(analyzer.name, createAnalyzer({ stopwords: false }).name);
});

test('light stemmer strips و + ال prefixes and plural suffixes: والمعلمون → معلم', () => {
  assert.equal(analyzer.term('والمعلمون'), 'معلم');
  assert.equal(analyzer.term('المعلمين'), 'معلم');
  assert.equal(analyzer.term('معلم'), 'معلم');
});

test('light stemmer strips بال and teh marbuta: بالمدرسة and المدرسة match', () => {
  assert.equal(analyzer.term('بالمدرسة'), analyzer.term('المدرسة'));
  assert.equal(analyzer.term('للمدرسة'), analyzer.term('مدرسة'));
});

test('المحافظة, محافظ and المحافظات share one term', () => {
  const term = analyzer.term('محافظ');
  assert.equal(term, 'محافظ');
  assert.equal(analyzer.term('المحافظة'), term);
  assert.equal(analyzer.term('المحافظات'), term);
});

test('light stemmer never leaves fewer than two letters', () => {
  for (const word of ['ال', 'وال', 'بها', 'لله', 'وها', 'اه']) assert.ok(lightStem(word).length >= 2, word);
});

test('spelling variants meet on one term (hamza alef, harakat, kashida, presentation forms)', () => {
  assert.equal(analyzer.term('أحمد'), analyzer.term('احمد'));
  assert.equal(analyzer.term('الْمُعَلِّمُونَ'), analyzer.term('المعلمون'));
  assert.equal(analyzer.term('تــــدمر'), 'تدمر');
});

test('stopwords are dropped, including و/ف-prefixed forms and question words', () => {
  const terms = analyzer.terms('ماذا قال الوزير في المؤتمر وهو من الذين كانوا هناك؟ فإن الأمر لم يحسم بعد');
  assert.deepEqual(terms, analyzer.terms('قال الوزير المؤتمر الأمر يحسم'));
  for (const word of ['من', 'ما', 'ماذا', 'متى', 'أين', 'كيف', 'لماذا', 'كم', 'هل', 'كان', 'قد', 'وقد', 'فقد', 'ولكن', 'إلى']) {
    assert.equal(analyzer.term(word), null, word);
  }
});

test('content words that only look like prefixed stopwords are kept (ولي العهد)', () => {
  assert.notEqual(analyzer.term('ولي'), null);
});

test('stopwords are kept when disabled', () => {
  assert.ok(createAnalyzer({ stopwords: false }).terms('في المدينة').length === 2);
});

test('the stopword list is in normalized form', () => {
  for (const word of ARABIC_STOPWORDS) assert.equal(normalizeArabic(word), word, word);
});

test('numbers stay whole: 2016, 3.5, Arabic-Indic digits and thousands commas', () => {
  assert.deepEqual(analyzer.terms('عام 2016م بنسبة 3.5 و٣٫٥ وقتل 1,000 و١٢٠'), ['عام', '2016', 'بنسب', '3.5', '3.5', 'قتل', '1000', '120']);
});

test('Latin words are lowercased, English stopwords dropped, Snowball-stemmed', () => {
  assert.deepEqual(analyzer.terms('The Russian forces were running to the Cities'), ['russian', 'forc', 'run', 'citi']);
  assert.deepEqual(analyzer.terms('COVID19 and G20'), ['covid19', 'g20']);
});

test('every stemmer yields normalized terms (no ة, أ, ى or harakat leaking)', () => {
  const text = readFileSync(new URL('../../corpus/004_ae0401a271bd997a.txt', import.meta.url), 'utf8');
  for (const stemmer of STEMMERS) {
    const terms = createAnalyzer({ stemmer }).terms(text);
    assert.ok(terms.length > 500, stemmer);
    for (const term of terms) {
      assert.equal(normalizeArabic(term), term, `${stemmer}: ${term}`);
      assert.ok(term.length >= 2, `${stemmer}: ${term}`);
    }
  }
});

test('tokens carry original offsets that slice back to the word as written', () => {
  const text = 'قال د. أحمد: «الْمُعَلِّمُونَ في بالمدرسة ﻻ يعودون» عام ٢٠١٦، كيــــف؟ The Cities';
  const tokens = analyzer.tokens(text);
  assert.deepEqual(
    tokens.map((token) => token.term),
    analyzer.terms(text),
  );
  const words = tokens.map((token) => text.slice(token.start, token.end));
  assert.deepEqual(words, ['قال', 'أحمد', 'الْمُعَلِّمُونَ', 'بالمدرسة', 'يعودون', 'عام', '٢٠١٦', 'Cities']);
  for (const token of tokens) assert.equal(analyzer.term(text.slice(token.start, token.end)), token.term);
});

test('term() analyzes one word and returns null for no word', () => {
  assert.equal(analyzer.term(''), null);
  assert.equal(analyzer.term('،؟!'), null);
  assert.equal(analyzer.term('  المدينة  '), analyzer.term('مدينة'));
});

test('repeated analysis gives the same terms (stem cache is transparent)', () => {
  const fresh = createAnalyzer();
  const text = 'سيطر التنظيم على مدينة تدمر الأثرية بعد انسحاب القوات النظامية';
  const first = fresh.terms(text);
  assert.deepEqual(fresh.terms(text), first);
  assert.deepEqual(createAnalyzer().terms(text), first);
});

test('surface phrases tell محافظ حمص (governor) from محافظة حمص (governorate); stems do not', () => {
  const surface = createAnalyzer({ phrases: 'surface' });
  assert.deepEqual(surface.analyze('محافظ حمص').phrases, ['محافظ حمص']);
  assert.deepEqual(surface.analyze('في محافظة حمص').phrases, ['محافظه حمص']);
  // Clitic prefixes are cut, so «والمحافظ» still meets «محافظ».
  assert.deepEqual(surface.analyze('والمحافظ حمص').phrases, ['محافظ حمص']);
  const stem = createAnalyzer({ phrases: 'stem' });
  assert.deepEqual(stem.analyze('محافظة حمص').phrases, stem.analyze('محافظ حمص').phrases);
  // Stopwords are skipped before pairing, and phrases never collide with word terms (they hold a space).
  assert.deepEqual(surface.analyze('وزير الخارجية في فرنسا').phrases, surface.analyze('وزير خارجية فرنسا').phrases);
});

test('root stems: a ~-marked Snowball stem per Arabic word, none for numbers and Latin words', () => {
  const roots = createAnalyzer({ rootStems: true }).analyze('الصحف صحيفة 2017 Post').roots;
  assert.equal(roots.length, 2);
  for (const root of roots) assert.ok(root.startsWith('~'), root);
  assert.deepEqual(createAnalyzer({ rootStems: false }).analyze('الصحف').roots, []);
  assert.deepEqual(createAnalyzer().analyze('الصحف').terms, createAnalyzer().terms('الصحف'));
});

test('an orphaned article and joined question words are stopwords (ARCD questions ending in " ال", ماهي)', () => {
  assert.deepEqual(analyzer.terms('ماهي عاصمة مصر؟ ال'), analyzer.terms('عاصمة مصر'));
});

test('the analyzer name records phrases and root stems (indexes built otherwise are rebuilt)', () => {
  const names = new Set([
    createAnalyzer({ phrases: 'none', rootStems: false }).name,
    createAnalyzer({ phrases: 'surface', rootStems: false }).name,
    createAnalyzer({ phrases: 'none', rootStems: true }).name,
  ]);
  assert.equal(names.size, 3);
  assert.match(analyzer.name, /^text-v3:/);
});
