import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lemmaCandidates } from '../../src/crosslingual/englishMorphology.ts';

const cases: Array<[string, string]> = [
  // plurals
  ['cities', 'city'],
  ['boxes', 'box'],
  ['churches', 'church'],
  ['companies', 'company'],
  ['wolves', 'wolf'],
  ['patents', 'patent'],
  // -ed / -ing with undoubling and e-restoration
  ['stopped', 'stop'],
  ['located', 'locate'],
  ['used', 'use'],
  ['agreed', 'agree'],
  ['classified', 'classify'],
  ['running', 'run'],
  ['making', 'make'],
  ['dying', 'die'],
  ['called', 'call'],
  // comparatives
  ['bigger', 'big'],
  ['largest', 'large'],
  ['happier', 'happy'],
  ['broadly', 'broad'],
  // irregulars
  ['was', 'be'],
  ['were', 'be'],
  ['went', 'go'],
  ['men', 'man'],
  ['children', 'child'],
  ['built', 'build'],
  ['won', 'win'],
  ['took', 'take'],
  ['women', 'woman'],
];

for (const [word, lemma] of cases) {
  test(`${word} → ${lemma}`, () => {
    assert.ok(lemmaCandidates(word).includes(lemma), `${word}: ${lemmaCandidates(word).join(', ')}`);
  });
}

test('the word itself comes first, lower-cased, possessive removed', () => {
  assert.equal(lemmaCandidates('Warsaw’s')[0], 'warsaw');
  assert.equal(lemmaCandidates("Tesla's")[0], 'tesla');
  assert.equal(lemmaCandidates("parents'")[0], 'parents');
});

test('regression: irregular forms get no suffix guesses ("was" must not yield "wa")', () => {
  assert.deepEqual(lemmaCandidates('was'), ['was', 'be']);
  assert.ok(!lemmaCandidates('has').includes('ha'));
});

test('regression: "used" prefers "use" over the pronoun "us"', () => {
  assert.ok(!lemmaCandidates('used').includes('us'));
});

test('regression: doubled l is kept before it is dropped (called → call before cal)', () => {
  const candidates = lemmaCandidates('called');
  assert.ok(candidates.indexOf('call') < candidates.indexOf('cal') || !candidates.includes('cal'));
});

test('short words and non-words are left alone', () => {
  assert.deepEqual(lemmaCandidates('is'), ['is']);
  assert.deepEqual(lemmaCandidates('bus'), ['bus']);
  assert.deepEqual(lemmaCandidates('2009'), ['2009']);
});
