/**
 * Writes the project's test model: a transformers.js model folder laid out like
 * Xenova/multilingual-e5-small (config.json, tokenizer files, onnx/model_quantized.onnx), with a tiny
 * random-weight encoder. RANDOM WEIGHTS: its vectors mean nothing; it exists so that the tests run
 * the real tokenizer, the real ONNX Runtime and the real pooling without anything outside the
 * repository. `npm run make-test-model` regenerates the committed copy; a test checks they agree.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tinyEncoderModel, type TinyEncoderOptions } from './tinyEncoder.ts';
import { unigramTokenizer } from './tokenizer.ts';

export const TEST_MODEL_ID = 'tiny-xlmr-test';
export const TEST_MODEL_DIR = 'test/fixtures/models';

export interface TestModelOptions {
  hidden?: number;
  layers?: number;
  heads?: number;
  intermediate?: number;
  seed?: number;
}

const README = `RANDOM WEIGHTS - NOT A TRAINED MODEL.

The project's test model, written by tools/testModel/writeTestModel.ts (npm run make-test-model).
Laid out like Xenova/multilingual-e5-small (bert encoder, XLMRobertaTokenizer, Unigram tokenizer.json,
onnx/model_quantized.onnx with int8 linear layers), so the tests exercise the real loading, tokenizing,
ONNX Runtime and pooling paths offline. Its vectors carry no meaning: never judge retrieval with it.
`;

/** The files of the model folder, by relative path. Same options, same bytes. */
export function testModelFiles(options: TestModelOptions = {}): Map<string, Buffer> {
  const { tokenizer, tokenizerConfig, specialTokensMap, vocabSize } = unigramTokenizer();
  const encoder: TinyEncoderOptions = {
    vocabSize,
    hidden: options.hidden ?? 32,
    layers: options.layers ?? 2,
    heads: options.heads ?? 2,
    intermediate: options.intermediate ?? 2 * (options.hidden ?? 32),
    maxPositions: 514,
    seed: options.seed ?? 20261201,
  };
  const config = {
    _name_or_path: TEST_MODEL_ID,
    architectures: ['BertModel'],
    attention_probs_dropout_prob: 0.1,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    hidden_size: encoder.hidden,
    initializer_range: 0.02,
    intermediate_size: encoder.intermediate,
    layer_norm_eps: 1e-12,
    max_position_embeddings: encoder.maxPositions,
    model_type: 'bert',
    num_attention_heads: encoder.heads,
    num_hidden_layers: encoder.layers,
    pad_token_id: 1,
    position_embedding_type: 'absolute',
    tokenizer_class: 'XLMRobertaTokenizer',
    type_vocab_size: 2,
    vocab_size: vocabSize,
  };
  const json = (value: object) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
  return new Map([
    ['README.txt', Buffer.from(README, 'utf8')],
    ['config.json', json(config)],
    ['tokenizer.json', Buffer.from(`${JSON.stringify(tokenizer)}\n`, 'utf8')],
    ['tokenizer_config.json', json(tokenizerConfig)],
    ['special_tokens_map.json', json(specialTokensMap)],
    ['onnx/model_quantized.onnx', tinyEncoderModel(encoder)],
  ]);
}

/** Writes the model folder `folder` (created if needed). */
export async function writeTestModel(folder: string, options: TestModelOptions = {}): Promise<void> {
  for (const [relative, bytes] of testModelFiles(options)) {
    const file = path.join(folder, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
  }
}
