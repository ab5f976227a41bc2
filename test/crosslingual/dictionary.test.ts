import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  DEBIAN_DICTIONARY_BASE,
  combineDictionaries,
  createMapDictionary,
  decodeDictdNumber,
  headwordKey,
  invertEntries,
  loadDictionary,
  parseDictdEntry,
  parseReverseEntry,
  parseTei,
} from '../../src/crosslingual/dictionary.ts';

const DICTD_BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function encode(value: number): string {
  let out = '';
  do {
    out = DICTD_BASE64[value % 64] + out;
    value = Math.floor(value / 64);
  } while (value > 0);
  return out;
}

const ENG_ARA: Array<[string, string]> = [
  ['00databaseshort', 'Test dictionary\n'],
  ['bank', 'Bank /bˈaŋk/\nالبنك\n'],
  ['bank', 'Bank /bˈaŋk/\nضفة النهر\n'],
  ['prime minister', 'Prime minister /pɹˈaɪm/\n1. رئيس الوزراء\n2. رئيس الحكومة\n'],
  ['ablebodied', 'Able-bodied /ˈeɪbəl/\nسليم الجسم\n'],
];

/** Writes a tiny dictd dictionary (invented entries, same layout as FreeDict's) and returns its base path. */
function writeFixture(compress: boolean, folder = mkdtempSync(path.join(tmpdir(), 'dictd-')), name = 'test-eng-ara', entries = ENG_ARA): string {
  let data = '';
  const lines: string[] = [];
  for (const [headword, entry] of entries) {
    const offset = Buffer.byteLength(data);
    data += entry;
    lines.push(`${headword}\t${encode(offset)}\t${encode(Buffer.byteLength(entry))}`);
  }
  const base = path.join(folder, name);
  writeFileSync(`${base}.index`, `${lines.join('\n')}\n`);
  if (compress) writeFileSync(`${base}.dict.dz`, gzipSync(Buffer.from(data)));
  else writeFileSync(`${base}.dict`, data);
  return base;
}

test('dictd numbers use base64 digits, most significant first', () => {
  assert.equal(decodeDictdNumber('A'), 0);
  assert.equal(decodeDictdNumber('B'), 1);
  assert.equal(decodeDictdNumber('BA'), 64);
  assert.equal(decodeDictdNumber('PHz4'), 15 * 64 ** 3 + 7 * 64 ** 2 + 51 * 64 + 56);
  assert.ok(Number.isNaN(decodeDictdNumber('a*b')));
});

test('entries: headword line with IPA skipped, sense numbers removed, diacritics kept', () => {
  assert.deepEqual(parseDictdEntry('Abandon /ɐbˈandən/\n1. يترك\n2. يتخلّى عن\n'), ['يترك', 'يتخلّى عن']);
  assert.deepEqual(parseDictdEntry('City /sˈɪti/\nالمدينة\n'), ['المدينة']);
});

test('headword keys fold case, accents and hyphens like the FreeDict index', () => {
  assert.equal(headwordKey('Able-Bodied'), 'ablebodied');
  assert.equal(headwordKey('  Déjà   vu '), 'deja vu');
  assert.equal(headwordKey("O'Neill"), 'oneill');
});

for (const compress of [true, false]) {
  test(`loads a dictd dictionary from an explicit path (${compress ? '.dict.dz' : '.dict'})`, async () => {
    const base = writeFixture(compress);
    const dictionary = await loadDictionary(`${base}.index`, { glossary: false });
    assert.ok(dictionary);
    assert.equal(dictionary.size, 3);
    assert.equal(dictionary.maxEntryWords, 2);
    // Both entries of a repeated headword, in index order.
    assert.deepEqual(dictionary.lookup('Bank'), ['البنك', 'ضفة النهر']);
    assert.deepEqual(dictionary.lookup('prime minister'), ['رئيس الوزراء', 'رئيس الحكومة']);
    assert.deepEqual(dictionary.lookup('able-bodied'), ['سليم الجسم']);
    assert.ok(dictionary.has('PRIME  MINISTER'));
    assert.ok(!dictionary.has('00databaseshort'), 'metadata entries are not words');
    assert.deepEqual(dictionary.lookup('unknownword'), []);
  });
}

test('a folder or a base path without extension works too', async () => {
  const base = writeFixture(true);
  const dictionary = await loadDictionary(base, { glossary: false });
  assert.deepEqual(dictionary?.lookup('bank'), ['البنك', 'ضفة النهر']);
});

test('FreeDict TEI entries are read', () => {
  const xml = `<TEI><text><body>
    <entry><form><orth>river</orth></form><sense><cit type="trans"><quote>نهر</quote></cit>
    <cit type="trans"><quote>النهر</quote></cit></sense></entry>
    <entry><form><orth>R&amp;D</orth></form><sense><cit type="trans"><quote>البحث والتطوير</quote></cit></sense></entry>
  </body></text></TEI>`;
  assert.deepEqual(parseTei(xml), [
    ['river', ['نهر', 'النهر']],
    ['R&D', ['البحث والتطوير']],
  ]);
});

test('combined dictionaries answer from the first one first, without repeats', () => {
  const glossary = createMapDictionary([['capital', ['العاصمة', 'رأس المال']]]);
  const freedict = createMapDictionary([
    ['capital', ['الرأسمال', 'العاصمة']],
    ['new york', ['نيويورك']],
    ['a b c', ['x']],
  ]);
  const both = combineDictionaries(glossary, freedict);
  assert.deepEqual(both.lookup('Capital'), ['العاصمة', 'رأس المال', 'الرأسمال']);
  assert.ok(both.has('new york'));
  assert.equal(both.maxEntryWords, 3);
});

test('no dictionary anywhere → null, so the caller can print the install notice', async (t) => {
  if (existsSync(`${DEBIAN_DICTIONARY_BASE}.index`)) {
    t.skip('the Debian dictionary is installed here, so loadDictionary falls back to it');
    return;
  }
  assert.equal(await loadDictionary('/nonexistent/dictionary'), null);
});

test('the Debian FreeDict eng-ara dictionary parses, quickly', async (t) => {
  if (!existsSync(`${DEBIAN_DICTIONARY_BASE}.index`)) {
    t.skip('dict-freedict-eng-ara is not installed');
    return;
  }
  const started = performance.now();
  const dictionary = await loadDictionary(null, { glossary: false });
  const seconds = (performance.now() - started) / 1000;
  assert.ok(dictionary);
  assert.ok(dictionary.size > 50_000, `size ${dictionary.size}`);
  assert.ok(seconds < 2, `loading took ${seconds.toFixed(2)} s`);
  assert.ok(dictionary.lookup('president').some((translation) => translation.includes('رئيس')));
  assert.ok(dictionary.lookup('war').includes('الحرب'));
  assert.ok(dictionary.maxEntryWords >= 2);
  // A second call returns the cached parse.
  const again = performance.now();
  await loadDictionary(null, { glossary: false });
  assert.ok(performance.now() - again < 50);
  // With the glossary in front, multi-word entries FreeDict lacks are found.
  const withGlossary = await loadDictionary();
  assert.ok(withGlossary?.has('united states'));
});

test('an ara-eng entry gives its Arabic headword and its senses as English keys', () => {
  assert.deepEqual(parseReverseEntry('المدينة /ʔalmadˈiːna/\n1. Burg\n2. City\n'), { arabic: 'المدينة', senses: ['burg', 'city'] });
  assert.deepEqual(parseReverseEntry('توفي /tawafːa/\nTo die, to pass away (formal)\n'), { arabic: 'توفي', senses: ['die', 'pass away'] });
  assert.equal(parseReverseEntry('Aduncous /x/\nمعقوف\n'), null, 'an English headword is not an ara-eng entry');
});

test('inverted, an Arabic word that lists the English one first among few senses ranks first', () => {
  const inverted = invertEntries([
    { arabic: 'الإدارة', senses: ['administration', 'management', 'circling', 'gyrating', 'looping', 'rotating'] },
    { arabic: 'الدوران', senses: ['rotation', 'rotating'] },
    { arabic: 'إدارة', senses: ['management'] },
  ]);
  assert.deepEqual(inverted.get('rotating'), ['الدوران', 'الإدارة']);
  assert.deepEqual(inverted.get('management'), ['إدارة', 'الإدارة']);
});

test('the ara-eng dictionary installed beside eng-ara is searched inverted, after it', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'dictd-'));
  const base = writeFixture(true, folder, 'freedict-eng-ara');
  writeFixture(true, folder, 'freedict-ara-eng', [
    ['توفي', 'توفي /tawafːa/\nDie\n'],
    ['البنك', 'البنك /albank/\n1. Bank\n2. Lender\n'],
  ]);
  const dictionary = await loadDictionary(base, { glossary: false });
  await dictionary?.ready;
  assert.deepEqual(dictionary?.lookup('die'), ['توفي']);
  assert.deepEqual(dictionary?.lookup('bank'), ['البنك', 'ضفة النهر'], 'eng-ara first, no repeats');
  assert.deepEqual((await loadDictionary(base, { glossary: false, reverse: false }))?.lookup('die'), []);
});
