/**
 * The tests' model is written by a script (tools/testModel), so the committed copy can be checked
 * against it: a change to the generator that is not followed by `npm run make-test-model` fails
 * here, and a model folder edited by hand is caught as well.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { testModelFiles } from '../../tools/testModel/writeTestModel.ts';
import { testModel, testModelsDir } from '../support/fixtures.ts';

test('the committed test model is exactly what the generator writes (deterministic, under 1 MB)', async () => {
  const generated = testModelFiles();
  const again = testModelFiles();
  let total = 0;
  for (const [relative, bytes] of generated) {
    assert.ok(bytes.equals(again.get(relative)!), `${relative} is the same on every run`);
    const committed = await readFile(path.join(testModelsDir, testModel, relative));
    assert.ok(committed.equals(bytes), `${relative} differs from the generator's output: run npm run make-test-model`);
    total += (await stat(path.join(testModelsDir, testModel, relative))).size;
  }
  assert.ok(total < 1024 * 1024, `${total} bytes`);
});

test('its tokenizer covers Arabic and English text without unknown pieces, and prefers whole words', async () => {
  env.allowRemoteModels = false;
  env.localModelPath = testModelsDir + path.sep;
  const tokenizer = await AutoTokenizer.from_pretrained(testModel);
  for (const text of ['query: من هو محافظ حمص؟', 'passage: The central bank kept rates at 5.5%, said Reuters.', 'أعلنت وزارة الصحة ٢٠١٦ «افتتاح» مستشفى']) {
    const ids = tokenizer.encode(text) as number[];
    assert.equal(ids[0], tokenizer.bos_token_id);
    assert.equal(ids.at(-1), tokenizer.eos_token_id);
    assert.ok(!ids.includes(tokenizer.unk_token_id!), `no <unk> in ${text}: ${tokenizer.decode(ids)}`);
  }
  // Listed words are one piece each; anything else falls back to shorter pieces.
  assert.deepEqual(tokenizer.tokenize('في الحكومة the city'), ['▁في', '▁الحكومة', '▁the', '▁city']);
  assert.ok(tokenizer.tokenize('مستشفى').length > 1);
});
