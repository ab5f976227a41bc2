import { test } from 'node:test';
import assert from 'node:assert/strict';
import { oneEditVariants } from '../../src/text/edits.ts';

test('one-edit variants: swaps first, then drops, additions and changes; each once, never the word itself', () => {
  const variants = [...oneEditVariants('aab', ['a', 'b'])];
  assert.deepEqual(variants.slice(0, 2), ['aba', 'ab']); // swaps (the equal-letter swap gives the word back), then drops
  assert.ok(!variants.includes('aab'));
  assert.equal(new Set(variants).size, variants.length);
  assert.deepEqual(new Set(variants), new Set(['aba', 'ab', 'aa', 'aaab', 'baab', 'abab', 'aabb', 'aaba', 'bab', 'abb', 'aaa']));
});

test('one-edit variants never yield the empty word', () => {
  assert.deepEqual([...oneEditVariants('a', ['a', 'b'])], ['aa', 'ba', 'ab', 'b']);
});

test('one-edit variants are lazy: a caller may stop after the first it accepts', () => {
  const generator = oneEditVariants('قاءد', [...'ئع']);
  assert.equal(generator.next().value, 'اقءد');
});
