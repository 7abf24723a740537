import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeInferenceBody, encodeTensor } from './binary-tensor-data';
import { InferenceRequestError } from './inference-request';

/** A body as Triton's clients send it: the JSON, then each binary input's bytes, and the JSON's length. */
function binaryBody(inputs: { name: string; datatype: string; shape: number[]; bytes?: Buffer; data?: unknown[] }[]) {
  const json = Buffer.from(
    JSON.stringify({
      inputs: inputs.map(({ name, datatype, shape, bytes, data }) => (bytes ? { name, datatype, shape, parameters: { binary_data_size: bytes.length } } : { name, datatype, shape, data })),
    }),
  );
  return { raw: Buffer.concat([json, ...inputs.flatMap((input) => (input.bytes ? [input.bytes] : []))]), headerLength: String(json.length) };
}

function refused(raw: Buffer, headerLength: string | undefined, message: RegExp): void {
  assert.throws(
    () => decodeInferenceBody(raw, headerLength),
    (error: unknown) => error instanceof InferenceRequestError && message.test(error.message),
  );
}

describe('the binary tensor data extension', () => {
  test('reads little-endian numbers, BOOL bytes and length-prefixed BYTES into data, next to JSON inputs', () => {
    const fp32 = Buffer.from(new Float32Array([1.5, Number.NaN, -2]).buffer);
    const int64 = Buffer.alloc(16);
    int64.writeBigInt64LE(-7n, 0);
    int64.writeBigInt64LE(9007199254740991n, 8);
    const { raw, headerLength } = binaryBody([
      { name: 'x', datatype: 'FP32', shape: [3], bytes: fp32 },
      { name: 'n', datatype: 'INT64', shape: [2, 1], bytes: int64 },
      { name: 'flag', datatype: 'BOOL', shape: [2], bytes: Buffer.from([1, 0]) },
      { name: 'json', datatype: 'FP64', shape: [1], data: [0.25] },
      { name: 'city', datatype: 'BYTES', shape: [3], bytes: encodeTensor('BYTES', ['Oslo', '', 'Zürich']) },
    ]);
    const body = decodeInferenceBody(raw, headerLength) as { inputs: { name: string; data: unknown[] }[] };
    assert.deepEqual(
      body.inputs.map((input) => [input.name, input.data]),
      [
        ['x', [1.5, Number.NaN, -2]],
        ['n', [-7, 9007199254740991]],
        ['flag', [true, false]],
        ['json', [0.25]],
        ['city', ['Oslo', '', 'Zürich']],
      ],
    );
  });

  test('encodes what it decodes: FP32, INT32, BOOL and BYTES', () => {
    assert.deepEqual([...encodeTensor('BYTES', ['ab', 'é'])], [2, 0, 0, 0, 97, 98, 2, 0, 0, 0, 0xc3, 0xa9]);
    assert.deepEqual(Array.from(new Float32Array(new Uint8Array(encodeTensor('FP32', [0.1, 2])).buffer)), [Math.fround(0.1), 2]);
    assert.deepEqual([...encodeTensor('INT32', [-1])], [255, 255, 255, 255]);
    assert.deepEqual([...encodeTensor('BOOL', [true, false])], [1, 0]);
  });

  test('a body without the header is plain JSON', () => {
    assert.deepEqual(decodeInferenceBody(Buffer.from('{"inputs": []}'), undefined), { inputs: [] });
    refused(Buffer.from('{"inputs": ['), undefined, /^the request body is not valid JSON/);
  });

  test('sizes that do not add up are refused, naming the input', () => {
    const fp32 = Buffer.from(new Float32Array([1, 2]).buffer);
    const short = binaryBody([{ name: 'x', datatype: 'FP32', shape: [3], bytes: fp32 }]);
    refused(short.raw, short.headerLength, /^input "x": binary_data_size is 8 bytes but shape \[3\] of FP32 needs 12$/);
    const extra = binaryBody([{ name: 'x', datatype: 'FP32', shape: [2], bytes: fp32 }]);
    refused(Buffer.concat([extra.raw, Buffer.from([0])]), extra.headerLength, /1 bytes after the JSON part that no input's binary_data_size accounts for/);
    refused(extra.raw, String(extra.raw.length + 1), /Inference-Header-Content-Length header must be the byte length of the JSON part/);
    refused(extra.raw, undefined, /not valid JSON/);
    const noHeader = Buffer.from(JSON.stringify({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1], parameters: { binary_data_size: 4 } }] }));
    refused(noHeader, undefined, /binary_data_size but the request has no Inference-Header-Content-Length header/);
    const truncated = binaryBody([{ name: 'city', datatype: 'BYTES', shape: [2], bytes: encodeTensor('BYTES', ['Oslo']) }]);
    refused(truncated.raw, truncated.headerLength, /^input "city": the binary data ends before element 1 of 2$/);
    const invalid = binaryBody([{ name: 'city', datatype: 'BYTES', shape: [1], bytes: Buffer.from([1, 0, 0, 0, 0xff]) }]);
    refused(invalid.raw, invalid.headerLength, /^input "city": element 0 is not valid UTF-8/);
    const half = binaryBody([{ name: 'h', datatype: 'FP16', shape: [1], bytes: Buffer.alloc(2) }]);
    refused(half.raw, half.headerLength, /^input "h": datatype "FP16" cannot be sent as binary data here/);
  });
});
