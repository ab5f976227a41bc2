/**
 * ONNX models written byte by byte: the protobuf wire format (varints and length-delimited fields)
 * and the few ONNX messages a hand-built graph needs. There is no ONNX tooling for Node, and the
 * two models this project writes (the benchmark's int8 probe, the tests' tiny encoder) are small
 * enough that their graphs read better as code than as a Python export step nobody here can run.
 *
 * Field numbers are those of onnx.proto3 (ModelProto, GraphProto, NodeProto, TensorProto, …).
 */

function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const intField = (field: number, value: number | bigint): Buffer => Buffer.from([...varint((field << 3) | WIRE_VARINT), ...varint(value)]);

const bytesField = (field: number, bytes: Buffer | string): Buffer => {
  const body = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return Buffer.concat([Buffer.from([...varint((field << 3) | WIRE_LENGTH_DELIMITED), ...varint(body.length)]), body]);
};

const floatField = (field: number, value: number): Buffer => {
  const body = Buffer.alloc(4);
  body.writeFloatLE(value);
  return Buffer.concat([Buffer.from(varint((field << 3) | WIRE_FIXED32)), body]);
};

const message = (...fields: Buffer[]): Buffer => Buffer.concat(fields);

/** TensorProto.DataType */
export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7 } as const;

/** A TensorProto with raw little-endian data. */
export function tensor(name: string, dataType: number, dims: readonly number[], raw: Buffer): Buffer {
  return message(...dims.map((dim) => intField(1, dim)), intField(2, dataType), bytesField(8, name), bytesField(9, raw));
}

export function floatTensor(name: string, dims: readonly number[], values: ArrayLike<number>): Buffer {
  const raw = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) raw.writeFloatLE(values[i]!, i * 4);
  return tensor(name, DataType.FLOAT, dims, raw);
}

export function int64Tensor(name: string, dims: readonly number[], values: readonly number[]): Buffer {
  const raw = Buffer.alloc(values.length * 8);
  for (const [i, value] of values.entries()) raw.writeBigInt64LE(BigInt(value), i * 8);
  return tensor(name, DataType.INT64, dims, raw);
}

export function int8Tensor(name: string, dims: readonly number[], values: Int8Array): Buffer {
  return tensor(name, DataType.INT8, dims, Buffer.from(values.buffer, values.byteOffset, values.byteLength));
}

/** Node attribute values: a number is an int unless listed as a float; arrays are ints. */
export type Attribute = { int: number } | { float: number } | { ints: readonly number[] };

// AttributeProto.AttributeType
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;

function attribute(name: string, value: Attribute): Buffer {
  if ('float' in value) return message(bytesField(1, name), floatField(2, value.float), intField(20, ATTRIBUTE_FLOAT));
  if ('int' in value) return message(bytesField(1, name), intField(3, value.int), intField(20, ATTRIBUTE_INT));
  return message(bytesField(1, name), ...value.ints.map((item) => intField(8, item)), intField(20, ATTRIBUTE_INTS));
}

/** A NodeProto, as GraphProto field 1. */
export function node(opType: string, inputs: readonly string[], outputs: readonly string[], attributes: Record<string, Attribute> = {}): Buffer {
  return bytesField(
    1,
    message(
      ...inputs.map((input) => bytesField(1, input)),
      ...outputs.map((output) => bytesField(2, output)),
      bytesField(3, `${opType}_${outputs[0]}`),
      bytesField(4, opType),
      ...Object.entries(attributes).map(([name, value]) => bytesField(5, attribute(name, value))),
    ),
  );
}

/** A ValueInfoProto: a graph input or output with its element type and (symbolic) shape. */
export function valueInfo(name: string, elemType: number, dims: ReadonlyArray<number | string>): Buffer {
  const shape = message(...dims.map((dim) => bytesField(1, typeof dim === 'number' ? intField(1, dim) : bytesField(2, dim))));
  return message(bytesField(1, name), bytesField(2, bytesField(1, message(intField(1, elemType), bytesField(2, shape)))));
}

export interface GraphParts {
  name: string;
  /** Serialized nodes (from node()). */
  nodes: Buffer[];
  /** Serialized TensorProtos. */
  initializers: Buffer[];
  inputs: Buffer[];
  outputs: Buffer[];
}

/** A ModelProto of one graph in the default domain at the given opset. */
export function model(graph: GraphParts, opset: number, irVersion = 8): Buffer {
  const body = message(
    ...graph.nodes,
    bytesField(2, graph.name),
    ...graph.initializers.map((initializer) => bytesField(5, initializer)),
    ...graph.inputs.map((input) => bytesField(11, input)),
    ...graph.outputs.map((output) => bytesField(12, output)),
  );
  return message(
    intField(1, irVersion),
    bytesField(2, 'arabic-news-qa-bot'),
    bytesField(8, message(bytesField(1, ''), intField(2, opset))),
    bytesField(7, body),
  );
}
