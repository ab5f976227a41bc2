import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lru } from '../../src/util/lru.ts';

test('Lru forgets the least recently used entry first', () => {
  const lru = new Lru<string, number>(2);
  lru.set('a', 1);
  lru.set('b', 2);
  assert.equal(lru.get('a'), 1);
  lru.set('c', 3);
  assert.equal(lru.get('b'), undefined);
  assert.equal(lru.get('a'), 1);
  assert.equal(lru.size, 2);
});
