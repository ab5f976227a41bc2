/**
 * Sentence embeddings from token embeddings, the e5 way: average the token vectors the attention
 * mask marks as real (padding excluded), then scale to unit length so that a dot product is the
 * cosine similarity.
 */

/**
 * @param hidden  last_hidden_state, row-major [batch, seq, hidden]
 * @param dims    [batch, seq, hidden]
 * @param attentionMask  [batch, seq]; non-zero = real token. int64 masks arrive as BigInt64Array.
 * @returns one unit-length vector per batch row (a row with no real token gives the zero vector).
 */
export function meanPoolAndNormalize(hidden: Float32Array, dims: [number, number, number], attentionMask: ArrayLike<number | bigint>): Float32Array[] {
  const [batch, seq, width] = dims;
  if (hidden.length !== batch * seq * width) {
    throw new RangeError(`hidden has ${hidden.length} values, dims ${dims.join('×')} need ${batch * seq * width}`);
  }
  if (attentionMask.length !== batch * seq) {
    throw new RangeError(`attention mask has ${attentionMask.length} values, expected ${batch * seq}`);
  }
  const vectors: Float32Array[] = [];
  // Sums in float64: a 512-token passage summed in float32 loses ~3 digits.
  const sum = new Float64Array(width);
  for (let row = 0; row < batch; row++) {
    sum.fill(0);
    let count = 0;
    for (let position = 0; position < seq; position++) {
      const maskValue = attentionMask[row * seq + position];
      if (maskValue === undefined || Number(maskValue) === 0) continue;
      count++;
      const offset = (row * seq + position) * width;
      for (let i = 0; i < width; i++) sum[i]! += hidden[offset + i]!;
    }
    const vector = new Float32Array(width);
    if (count > 0) {
      let squares = 0;
      for (let i = 0; i < width; i++) {
        const mean = sum[i]! / count;
        sum[i] = mean;
        squares += mean * mean;
      }
      const norm = Math.sqrt(squares);
      // Same floor as torch.nn.functional.normalize: a zero mean stays zero instead of NaN.
      const scale = 1 / Math.max(norm, 1e-12);
      for (let i = 0; i < width; i++) vector[i] = sum[i]! * scale;
    }
    vectors.push(vector);
  }
  return vectors;
}
