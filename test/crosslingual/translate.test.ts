import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { DEBIAN_DICTIONARY_BASE, createMapDictionary, loadDictionary } from '../../src/crosslingual/dictionary.ts';
import type { TranslatedQuery, TranslatedTerm } from '../../src/crosslingual/translate.ts';
import { cleanTranslation, pastTenseOf, translateQuery } from '../../src/crosslingual/translate.ts';

/** A small invented dictionary: deterministic, and independent of the Debian package. */
const fake = createMapDictionary([
  ['president', ['الرئيس']],
  ['first', ['أول', 'الأولى']],
  ['united states', ['الولايات المتحدة']],
  ['united', ['متّحد']],
  ['states', ['الولايات']],
  ['state', ['الدولة', 'الحالة']],
  ['prime minister', ['رئيس الوزراء']],
  ['minister', ['الوزير']],
  ['head of state', ['رئيس الدولة']],
  ['bank', ['البنك', 'ضفة النهر', 'المصرف', 'الشاطئ']],
  ['river', ['النهر']],
  ['build', ['بنى', 'بناء']],
  ['bridge', ['الجسر']],
  ['stand', ['وقف']],
  ['located', ['واقع']],
  ['locate', ['يقع']],
  ['news', ['الأخبار']],
  ['new', ['جديد']],
  ['warsaw', ['وارشو']],
  ['summer', ['الصيف']],
  ['win', ['فاز']],
  ['cup', ['الكأس']],
  ['long', ['طويل']],
  ['abandon', ['1. يتخلّى عن (الشيء)']],
  ['2nd', ['الثاني']],
]);

function group(query: TranslatedQuery, english: string): TranslatedTerm | undefined {
  return query.groups.find((candidate) => candidate.english.toLowerCase() === english.toLowerCase());
}

function assertWeightsSumToOne(query: TranslatedQuery): void {
  for (const { english, alternatives } of query.groups) {
    const total = alternatives.reduce((sum, alternative) => sum + alternative.weight, 0);
    assert.ok(Math.abs(total - 1) < 1e-9, `${english}: weights sum to ${total}`);
  }
}

test('"Who was the first president of the United States?": multi-word entry matched, stopwords dropped', () => {
  const query = translateQuery('Who was the first president of the United States?', fake);
  assert.deepEqual(
    query.groups.map((term) => [term.english, term.kind]),
    [
      ['first', 'dictionary'],
      ['president', 'dictionary'],
      ['United States', 'multiword'],
    ],
  );
  assert.equal(group(query, 'United States')?.alternatives[0]?.arabic, 'الولايات المتحدة');
  assert.deepEqual(query.untranslated, []);
  assertWeightsSumToOne(query);
});

test('multi-word entries may contain stopwords and end in an inflected word', () => {
  const query = translateQuery('Who was head of state when the prime ministers met?', fake);
  assert.ok(group(query, 'head of state'));
  assert.equal(group(query, 'prime ministers')?.kind, 'multiword');
});

test('regression: a multi-word entry never spans a comma', () => {
  const query = translateQuery('In which of the United, States ...', fake);
  assert.ok(!query.groups.some((term) => term.kind === 'multiword'));
});

test('numbers and years are kept as written', () => {
  const query = translateQuery('How many people lived there in 1,000 BC and in 2009, or the 1990s, 3.5?', fake);
  const numbers = query.groups.filter((term) => term.kind === 'number').map((term) => term.alternatives[0]?.arabic);
  assert.deepEqual(numbers, ['1000', '2009', '1990', '3.5']);
});

test('ordinals the dictionary knows are translated', () => {
  const query = translateQuery('Who came 2nd?', fake);
  assert.equal(group(query, '2nd')?.alternatives[0]?.arabic, 'الثاني');
});

test('"how many" and "how long" only ask for a quantity', () => {
  const query = translateQuery('How long did the bridge stand?', fake);
  assert.ok(!group(query, 'long'));
  assert.ok(group(query, 'bridge'));
});

test('earlier senses weigh more; every group sums to 1; more senses make each weaker', () => {
  const query = translateQuery('Where is the bank of the river?', fake);
  const bank = group(query, 'bank');
  assert.ok(bank);
  assert.equal(bank.alternatives.length, 4);
  const weights = bank.alternatives.map((alternative) => alternative.weight);
  assert.deepEqual(
    [...weights].sort((a, b) => b - a),
    weights,
  );
  assert.equal(bank.alternatives[0]?.arabic, 'البنك');
  assert.equal(group(query, 'river')?.alternatives[0]?.weight, 1);
  assert.ok((weights[0] ?? 1) < 1);
  assertWeightsSumToOne(query);
});

test('maxAlternatives caps a group', () => {
  const query = translateQuery('bank', fake, { maxAlternatives: 2 });
  assert.equal(group(query, 'bank')?.alternatives.length, 2);
  assertWeightsSumToOne(query);
});

test('inflected words are lemmatized; -ed forms also get their lemma, plurals do not', () => {
  const built = translateQuery('Which bridges were built?', fake);
  assert.equal(group(built, 'bridges')?.alternatives[0]?.arabic, 'الجسر');
  assert.deepEqual(
    group(built, 'built')?.alternatives.map((alternative) => alternative.arabic),
    ['بنى', 'بناء'],
  );
  const located = translateQuery('Where is it located?', fake);
  assert.deepEqual(
    group(located, 'located')?.alternatives.map((alternative) => alternative.arabic),
    ['واقع', 'يقع'],
  );
  // regression: "news" must not pick up the translation of "new"
  const news = translateQuery('What is the news?', fake);
  assert.deepEqual(
    group(news, 'news')?.alternatives.map((alternative) => alternative.arabic),
    ['الأخبار'],
  );
});

test('capitalized unknown words become transliterated names plus their Latin form', () => {
  const query = translateQuery('When did Tesla win the cup?', fake);
  const names = query.groups.filter((term) => term.english === 'Tesla');
  assert.deepEqual(
    names.map((term) => term.kind),
    ['name', 'latin'],
  );
  assert.ok(names[0]?.alternatives.some((alternative) => alternative.arabic === 'تسلا'));
  assert.equal(names[1]?.alternatives[0]?.arabic, 'Tesla');
  assert.deepEqual(query.untranslated, []);
  assertWeightsSumToOne(query);
});

test('possessives are stripped before lookup and transliteration', () => {
  const query = translateQuery("What was Tesla's reputation?", fake);
  assert.ok(query.groups.some((term) => term.kind === 'name' && term.alternatives.some((alternative) => alternative.arabic === 'تسلا')));
});

test('a capitalized dictionary name gets strong spelling variants; a capitalized common word weak ones', () => {
  const query = translateQuery('Where was the Summer palace in Warsaw?', fake);
  const warsaw = group(query, 'Warsaw');
  assert.equal(warsaw?.alternatives[0]?.arabic, 'وارشو');
  assert.ok(warsaw?.alternatives.some((alternative) => alternative.arabic === 'وارسو'));
  const summer = group(query, 'Summer');
  assert.equal(summer?.alternatives[0]?.arabic, 'الصيف');
  assert.ok((summer?.alternatives[0]?.weight ?? 0) >= 0.65);
  assert.ok((warsaw?.alternatives[0]?.weight ?? 1) < (summer?.alternatives[0]?.weight ?? 0));
  assertWeightsSumToOne(query);
});

test('lower-case unknown words are reported as untranslated (and still tried as names)', () => {
  const query = translateQuery('what did zorblat win', fake);
  assert.deepEqual(query.untranslated, ['zorblat']);
  assert.ok(query.groups.some((term) => term.english === 'zorblat' && term.kind === 'name'));
});

test('upper-case acronyms stand for multi-word entries; the pronoun "us" is a stopword', () => {
  assert.equal(group(translateQuery('Who is the U.S. president?', fake), 'US')?.kind, 'multiword');
  assert.equal(group(translateQuery('Who is the US president?', fake), 'US')?.kind, 'multiword');
  assert.ok(!group(translateQuery('tell us about the president', fake), 'us'));
});

test('repeated words give one group', () => {
  const query = translateQuery('president, president and the president', fake);
  assert.equal(query.groups.length, 1);
});

test('translations are cleaned for matching: notes, numbering and diacritics removed', () => {
  assert.deepEqual(cleanTranslation('يتخلّى عن (الشيء)'), ['يتخلى']);
  assert.deepEqual(cleanTranslation('الحساب، الفاتورة، المستحقات'), ['الحساب', 'الفاتورة', 'المستحقات']);
  assert.deepEqual(cleanTranslation('إبريل/أب'), ['إبريل', 'أب']);
  assert.deepEqual(cleanTranslation('آل - شجيرة من الهند'), ['آل']);
  assert.deepEqual(cleanTranslation('هرمون Adrenocorticotropic'), []);
  assert.deepEqual(cleanTranslation('طأطأ احتراما أو خضوعا للملك الكبير'), [], 'definitions are too long to match');
  assert.deepEqual(cleanTranslation('رئيس الوزراء'), ['رئيس الوزراء'], 'multi-word translations stay whole');
});

test('empty and stopword-only questions give no groups', () => {
  assert.deepEqual(translateQuery('', fake), { groups: [], untranslated: [] });
  assert.deepEqual(translateQuery('What is it?', fake).groups, []);
});

test('with the Debian dictionary: president and United States (multi-word entry, from the glossary)', async (t) => {
  if (!existsSync(`${DEBIAN_DICTIONARY_BASE}.index`)) {
    t.skip('dict-freedict-eng-ara is not installed');
    return;
  }
  const dictionary = await loadDictionary();
  assert.ok(dictionary);
  const query = translateQuery('Who was the first president of the United States?', dictionary);
  assert.ok(group(query, 'president')?.alternatives.some((alternative) => alternative.arabic.includes('رئيس')));
  const unitedStates = group(query, 'United States');
  assert.equal(unitedStates?.kind, 'multiword');
  assert.ok(unitedStates?.alternatives.some((alternative) => alternative.arabic === 'الولايات المتحدة'));
  assert.ok(!query.groups.some((term) => ['who', 'was', 'the', 'of'].includes(term.english.toLowerCase())));
  assertWeightsSumToOne(query);
});

test('question scaffolding ("the name of", "what type of") is dropped', () => {
  const query = translateQuery('What is the name of the bridge? What type of bank?', fake);
  assert.deepEqual(
    query.groups.map((term) => term.english),
    ['bridge', 'bank'],
  );
});

test('regression: lower-case typos one edit from a dictionary word are corrected (presidnet, brigde)', () => {
  const query = translateQuery('who was presidnet when the brigde stood', fake);
  assert.equal(group(query, 'presidnet')?.alternatives[0]?.arabic, 'الرئيس');
  assert.equal(group(query, 'brigde')?.alternatives[0]?.arabic, 'الجسر');
  assert.deepEqual(query.untranslated, []);
});

test('a capitalized common word keeps its sense first and adds name spellings (Sky → السماء, سكاي)', () => {
  const skyDictionary = createMapDictionary([['sky', ['السماء']]]);
  const sky = group(translateQuery('Who owns Sky?', skyDictionary), 'Sky');
  assert.equal(sky?.alternatives[0]?.arabic, 'السماء');
  assert.ok((sky?.alternatives[0]?.weight ?? 0) >= 0.65);
  assert.ok(sky?.alternatives.some((alternative) => alternative.arabic === 'سكاي'));
});

test('a verb FreeDict gives as an imperative or participle is also searched in the past tense reports use', () => {
  assert.equal(pastTenseOf('اكتب', false), 'كتب');
  assert.equal(pastTenseOf('إفقد', false), 'فقد');
  assert.equal(pastTenseOf('مخلوق', true), 'خلق', 'created → مخلوق → خلق');
  assert.equal(pastTenseOf('ممول', true), 'مول', 'financed → ممول → مول');
  assert.equal(pastTenseOf('مكتب', false), null, 'a noun of a base-form word keeps its form');
  assert.equal(pastTenseOf('المدينة', true), null);
  const dictionary = createMapDictionary([['write', ['اكتب']]]);
  const [group] = translateQuery('Who wrote it? write', dictionary).groups;
  assert.deepEqual(
    group!.alternatives.map((alternative) => alternative.arabic),
    ['اكتب', 'كتب'],
  );
});
