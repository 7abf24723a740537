import { InferenceRequestError, isObject } from './inference-request';

/**
 * The binary tensor data extension of the Open Inference Protocol, as Triton and KServe
 * define it: the body is a JSON object followed by raw tensor bytes, the JSON's length in
 * the `Inference-Header-Content-Length` header. A tensor sent as bytes carries
 * `parameters.binary_data_size` instead of `data`; its bytes follow the JSON in the order
 * the tensors are listed, little-endian, row-major, BOOL one byte per element and BYTES
 * each element a 4-byte little-endian length then its bytes.
 */

export const HEADER_LENGTH_HEADER = 'inference-header-content-length';

/** Bytes per element of the fixed-size datatypes this server reads and writes. */
const ELEMENT_BYTES: Record<string, number> = {
  BOOL: 1,
  INT8: 1,
  UINT8: 1,
  INT16: 2,
  UINT16: 2,
  INT32: 4,
  UINT32: 4,
  FP32: 4,
  INT64: 8,
  UINT64: 8,
  FP64: 8,
};
const BYTES_DATATYPE = 'BYTES';
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The request body as an object whose binary inputs have their `data` decoded, so the
 * rest of the server reads one form. Without the header the whole body is JSON.
 */
export function decodeInferenceBody(raw: Buffer, headerLength: string | undefined): unknown {
  if (headerLength === undefined) {
    const body = parseJson(raw, 'the request body');
    if (hasBinaryInput(body)) {
      throw new InferenceRequestError(`an input gives parameters.binary_data_size but the request has no Inference-Header-Content-Length header`);
    }
    return body;
  }
  if (!/^[0-9]{1,10}$/.test(headerLength) || Number(headerLength) > raw.length) {
    throw new InferenceRequestError(`the Inference-Header-Content-Length header must be the byte length of the JSON part, at most the body's ${raw.length} bytes; got ${JSON.stringify(headerLength)}`);
  }
  const jsonLength = Number(headerLength);
  const body = parseJson(raw.subarray(0, jsonLength), `the request's JSON part (the first ${jsonLength} bytes)`);
  const binary = raw.subarray(jsonLength);
  let offset = 0;
  const inputs = isObject(body) && Array.isArray(body.inputs) ? body.inputs : [];
  for (const input of inputs) {
    const size = binaryDataSize(input);
    if (size === undefined) continue;
    const tensor = input as Record<string, unknown>;
    if (offset + size > binary.length) {
      throw new InferenceRequestError(`input ${JSON.stringify(tensor.name)}: binary_data_size ${size} runs past the end of the body (${binary.length - offset} bytes left)`);
    }
    tensor.data = decodeTensor(tensor, binary.subarray(offset, offset + size));
    offset += size;
  }
  if (offset !== binary.length) {
    throw new InferenceRequestError(`the body has ${binary.length - offset} bytes after the JSON part that no input's binary_data_size accounts for`);
  }
  return body;
}

/** The bytes of a tensor whose data is flat, row-major. */
export function encodeTensor(datatype: string, data: readonly unknown[]): Buffer {
  if (datatype === BYTES_DATATYPE) {
    const parts = data.map((value) => Buffer.from(String(value), 'utf8'));
    const buffer = Buffer.alloc(parts.reduce((sum, part) => sum + 4 + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      buffer.writeUInt32LE(part.length, offset);
      part.copy(buffer, offset + 4);
      offset += 4 + part.length;
    }
    return buffer;
  }
  const width = ELEMENT_BYTES[datatype];
  if (width === undefined) throw new Error(`no binary encoding for datatype ${datatype}`);
  const buffer = Buffer.alloc(width * data.length);
  data.forEach((value, index) => writeElement(buffer, datatype, index * width, value));
  return buffer;
}

function decodeTensor(tensor: Record<string, unknown>, bytes: Buffer): unknown[] {
  const label = `input ${JSON.stringify(tensor.name)}`;
  const { datatype, shape } = tensor;
  if (!Array.isArray(shape) || !shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0)) {
    throw new InferenceRequestError(`${label}: shape must be an array of non-negative integers`);
  }
  if ('data' in tensor) throw new InferenceRequestError(`${label}: give either data or parameters.binary_data_size, not both`);
  const count = (shape as number[]).reduce((product, dim) => product * dim, 1);
  if (datatype === BYTES_DATATYPE) return decodeBytes(label, bytes, count);
  const width = typeof datatype === 'string' ? ELEMENT_BYTES[datatype] : undefined;
  if (width === undefined) {
    throw new InferenceRequestError(`${label}: datatype ${JSON.stringify(datatype)} cannot be sent as binary data here; use one of ${[...Object.keys(ELEMENT_BYTES), BYTES_DATATYPE].join(', ')}`);
  }
  if (bytes.length !== width * count) {
    throw new InferenceRequestError(`${label}: binary_data_size is ${bytes.length} bytes but shape [${shape.join(', ')}] of ${datatype} needs ${width * count}`);
  }
  return Array.from({ length: count }, (_, index) => readElement(bytes, datatype as string, index * width));
}

function decodeBytes(label: string, bytes: Buffer, count: number): string[] {
  const values: string[] = [];
  let offset = 0;
  for (let index = 0; index < count; index++) {
    if (offset + 4 > bytes.length) throw new InferenceRequestError(`${label}: the binary data ends before element ${index} of ${count}`);
    const length = bytes.readUInt32LE(offset);
    if (offset + 4 + length > bytes.length) throw new InferenceRequestError(`${label}: element ${index} says ${length} bytes but the binary data ends first`);
    try {
      values.push(STRICT_UTF8.decode(bytes.subarray(offset + 4, offset + 4 + length)));
    } catch {
      throw new InferenceRequestError(`${label}: element ${index} is not valid UTF-8; categorical features are text`);
    }
    offset += 4 + length;
  }
  if (offset !== bytes.length) throw new InferenceRequestError(`${label}: binary_data_size is ${bytes.length} bytes but its ${count} elements take ${offset}`);
  return values;
}

function readElement(bytes: Buffer, datatype: string, offset: number): number | boolean {
  switch (datatype) {
    case 'BOOL':
      return bytes[offset] !== 0;
    case 'INT8':
      return bytes.readInt8(offset);
    case 'UINT8':
      return bytes.readUInt8(offset);
    case 'INT16':
      return bytes.readInt16LE(offset);
    case 'UINT16':
      return bytes.readUInt16LE(offset);
    case 'INT32':
      return bytes.readInt32LE(offset);
    case 'UINT32':
      return bytes.readUInt32LE(offset);
    case 'FP32':
      return bytes.readFloatLE(offset);
    case 'INT64':
      return Number(bytes.readBigInt64LE(offset));
    case 'UINT64':
      return Number(bytes.readBigUInt64LE(offset));
    default:
      return bytes.readDoubleLE(offset);
  }
}

function writeElement(buffer: Buffer, datatype: string, offset: number, value: unknown): void {
  const number = Number(value);
  switch (datatype) {
    case 'BOOL':
      buffer[offset] = value ? 1 : 0;
      return;
    case 'INT8':
      buffer.writeInt8(number, offset);
      return;
    case 'UINT8':
      buffer.writeUInt8(number, offset);
      return;
    case 'INT16':
      buffer.writeInt16LE(number, offset);
      return;
    case 'UINT16':
      buffer.writeUInt16LE(number, offset);
      return;
    case 'INT32':
      buffer.writeInt32LE(number, offset);
      return;
    case 'UINT32':
      buffer.writeUInt32LE(number, offset);
      return;
    case 'FP32':
      buffer.writeFloatLE(number, offset);
      return;
    case 'INT64':
      buffer.writeBigInt64LE(BigInt(number), offset);
      return;
    case 'UINT64':
      buffer.writeBigUInt64LE(BigInt(number), offset);
      return;
    default:
      buffer.writeDoubleLE(number, offset);
  }
}

/** The input's `parameters.binary_data_size`, checked, or undefined when its data is JSON. */
function binaryDataSize(input: unknown): number | undefined {
  if (!isObject(input) || !isObject(input.parameters) || input.parameters.binary_data_size === undefined) return undefined;
  const size = input.parameters.binary_data_size;
  if (!Number.isSafeInteger(size) || (size as number) < 0) {
    throw new InferenceRequestError(`input ${JSON.stringify(input.name)}: parameters.binary_data_size must be a non-negative integer; got ${JSON.stringify(size)}`);
  }
  return size as number;
}

function hasBinaryInput(body: unknown): boolean {
  return isObject(body) && Array.isArray(body.inputs) && body.inputs.some((input) => binaryDataSize(input) !== undefined);
}

function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new InferenceRequestError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}
