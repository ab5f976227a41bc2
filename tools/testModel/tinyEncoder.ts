/**
 * The ONNX graph of a tiny BERT encoder with random weights, laid out as transformers.js expects a
 * feature-extraction model (`onnx/model_quantized.onnx`: inputs input_ids, attention_mask,
 * token_type_ids; output last_hidden_state) and computed as the int8 models it downloads compute:
 * every linear layer is DynamicQuantizeLinear → MatMulInteger → rescale, the word embeddings are an
 * int8 table. The tests run the real ONNX Runtime on it; its vectors carry no meaning.
 *
 * Deterministic: the same options always give the same bytes (seeded generator, fixed node order).
 */
import { DataType, floatTensor, int64Tensor, int8Tensor, model, node, valueInfo, type Attribute } from '../onnx/protobuf.ts';

export interface TinyEncoderOptions {
  vocabSize: number;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  maxPositions: number;
  seed: number;
}

/**
 * Linear weights drawn as BERT initializes them (initializer_range 0.02): with larger ones the int8
 * activations' per-batch scale moves a passage's vector several times more between batches. The
 * embedding tables are wider (0.5, 0.1) so that different texts get clearly different vectors.
 */
const LINEAR_STD = 0.02;

/** mulberry32: a small seeded generator, so weights do not depend on Math.random. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normalValues(random: () => number, count: number, std: number): Float32Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    // Box–Muller: two normal values per two uniform ones.
    const radius = Math.sqrt(-2 * Math.log(1 - random())) * std;
    const angle = 2 * Math.PI * random();
    values[i] = radius * Math.cos(angle);
    if (i + 1 < count) values[i + 1] = radius * Math.sin(angle);
  }
  return values;
}

/** Symmetric int8 quantization with one scale for the whole tensor, as dynamic quantizers do. */
function quantize(values: Float32Array): { q: Int8Array; scale: number } {
  let largest = 0;
  for (const value of values) largest = Math.max(largest, Math.abs(value));
  const scale = largest / 127 || 1;
  const q = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(values[i]! / scale)));
  return { q, scale };
}

class GraphBuilder {
  readonly nodes: Buffer[] = [];
  readonly initializers: Buffer[] = [];
  private counter = 0;

  constructor(readonly random: () => number) {}

  name(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  op(opType: string, inputs: string[], attributes: Record<string, Attribute> = {}, outputCount = 1): string[] {
    const outputs = Array.from({ length: outputCount }, () => this.name(opType.toLowerCase()));
    this.nodes.push(node(opType, inputs, outputs, attributes));
    return outputs;
  }

  one(opType: string, inputs: string[], attributes: Record<string, Attribute> = {}): string {
    return this.op(opType, inputs, attributes)[0]!;
  }

  floats(prefix: string, dims: number[], values: ArrayLike<number>): string {
    const name = this.name(prefix);
    this.initializers.push(floatTensor(name, dims, values));
    return name;
  }

  scalar(prefix: string, value: number): string {
    return this.floats(prefix, [], [value]);
  }

  int64s(prefix: string, dims: number[], values: number[]): string {
    const name = this.name(prefix);
    this.initializers.push(int64Tensor(name, dims, values));
    return name;
  }

  /** A random weight matrix as int8 with its scale (and int8 zero point 0). */
  int8Weights(prefix: string, rows: number, columns: number, std: number): { weights: string; scale: string; zero: string } {
    const { q, scale } = quantize(normalValues(this.random, rows * columns, std));
    const weights = this.name(prefix);
    this.initializers.push(int8Tensor(weights, [rows, columns], q));
    const zero = this.name(`${prefix}_zero`);
    this.initializers.push(int8Tensor(zero, [], new Int8Array(1)));
    return { weights, scale: this.scalar(`${prefix}_scale`, scale), zero };
  }

  /** y = x·W + b with W in int8 and x quantized on the fly (a dynamically quantized linear layer). */
  linear(x: string, inputs: number, outputs: number): string {
    const { weights, scale, zero } = this.int8Weights('linear', inputs, outputs, LINEAR_STD);
    const [xq, xScale, xZero] = this.op('DynamicQuantizeLinear', [x], {}, 3) as [string, string, string];
    const product = this.one('MatMulInteger', [xq, weights, xZero, zero]);
    const asFloat = this.one('Cast', [product], { to: { int: DataType.FLOAT } });
    const rescaled = this.one('Mul', [asFloat, this.one('Mul', [xScale, scale])]);
    return this.one('Add', [rescaled, this.floats('bias', [outputs], normalValues(this.random, outputs, 0.02))]);
  }

  layerNorm(x: string, width: number): string {
    const gamma = this.floats('ln_gamma', [width], new Float32Array(width).fill(1));
    const beta = this.floats('ln_beta', [width], new Float32Array(width));
    return this.one('LayerNormalization', [x, gamma, beta], { axis: { int: -1 }, epsilon: { float: 1e-12 } });
  }

  /** GELU as BERT computes it: x · ½ · (1 + erf(x / √2)). */
  gelu(x: string): string {
    const erf = this.one('Erf', [this.one('Div', [x, this.scalar('sqrt2', Math.SQRT2)])]);
    const onePlus = this.one('Add', [erf, this.scalar('one', 1)]);
    return this.one('Mul', [this.one('Mul', [x, this.scalar('half', 0.5)]), onePlus]);
  }
}

export function tinyEncoderModel(options: TinyEncoderOptions): Buffer {
  const { vocabSize, hidden, layers, heads, intermediate, maxPositions } = options;
  if (hidden % heads !== 0) throw new Error(`hidden (${hidden}) must be a multiple of heads (${heads})`);
  const headWidth = hidden / heads;
  const g = new GraphBuilder(seededRandom(options.seed));

  // Embeddings: words (int8 table), positions 0…seq−1, token types; summed, then LayerNorm.
  const words = g.int8Weights('word_embeddings', vocabSize, hidden, 0.5);
  const wordTable = g.one('DequantizeLinear', [words.weights, words.scale, words.zero]);
  const wordVectors = g.one('Gather', [wordTable, 'input_ids']);
  const sequenceLength = g.one('Gather', [g.one('Shape', ['input_ids']), g.int64s('axis1', [], [1])]);
  const positions = g.one('Range', [g.int64s('zero', [], [0]), sequenceLength, g.int64s('step', [], [1])]);
  const positionTable = g.floats('position_embeddings', [maxPositions, hidden], normalValues(g.random, maxPositions * hidden, 0.1));
  const positionVectors = g.one('Gather', [positionTable, positions]);
  const typeTable = g.floats('token_type_embeddings', [2, hidden], normalValues(g.random, 2 * hidden, 0.1));
  const typeVectors = g.one('Gather', [typeTable, 'token_type_ids']);
  let x = g.layerNorm(g.one('Add', [g.one('Add', [wordVectors, positionVectors]), typeVectors]), hidden);

  // Attention bias: 0 where attention_mask is 1, −10000 where it is 0 (padding), as [batch, 1, 1, seq].
  const mask = g.one('Cast', ['attention_mask'], { to: { int: DataType.FLOAT } });
  const maskBias = g.one('Mul', [g.one('Sub', [g.scalar('one', 1), mask]), g.scalar('neg', -10000)]);
  const attentionBias = g.one('Unsqueeze', [maskBias, g.int64s('axes', [2], [1, 2])]);
  const splitHeads = g.int64s('split_heads', [4], [0, 0, heads, headWidth]);
  const mergeHeads = g.int64s('merge_heads', [3], [0, 0, hidden]);

  for (let layer = 0; layer < layers; layer++) {
    const [q, k, v] = [0, 1, 2].map(() => g.one('Reshape', [g.linear(x, hidden, hidden), splitHeads])) as [string, string, string];
    const qHeads = g.one('Transpose', [q], { perm: { ints: [0, 2, 1, 3] } });
    const kHeadsT = g.one('Transpose', [k], { perm: { ints: [0, 2, 3, 1] } });
    const vHeads = g.one('Transpose', [v], { perm: { ints: [0, 2, 1, 3] } });
    const scores = g.one('Add', [g.one('Mul', [g.one('MatMul', [qHeads, kHeadsT]), g.scalar('inv_sqrt_d', 1 / Math.sqrt(headWidth))]), attentionBias]);
    const context = g.one('MatMul', [g.one('Softmax', [scores], { axis: { int: -1 } }), vHeads]);
    const merged = g.one('Reshape', [g.one('Transpose', [context], { perm: { ints: [0, 2, 1, 3] } }), mergeHeads]);
    x = g.layerNorm(g.one('Add', [g.linear(merged, hidden, hidden), x]), hidden);
    const feedForward = g.linear(g.gelu(g.linear(x, hidden, intermediate)), intermediate, hidden);
    x = g.layerNorm(g.one('Add', [feedForward, x]), hidden);
  }
  g.nodes.push(node('Identity', [x], ['last_hidden_state']));

  const inputs = ['input_ids', 'attention_mask', 'token_type_ids'].map((name) => valueInfo(name, DataType.INT64, ['batch_size', 'sequence_length']));
  return model(
    {
      name: 'tiny_encoder',
      nodes: g.nodes,
      initializers: g.initializers,
      inputs,
      outputs: [valueInfo('last_hidden_state', DataType.FLOAT, ['batch_size', 'sequence_length', hidden])],
    },
    17,
  );
}
