import { onnx } from 'onnx-proto';

/**
 * Small constructors for ONNX protobuf messages (schema: onnx/onnx.proto,
 * https://github.com/onnx/onnx/blob/main/docs/IR.md). Only what the model
 * exporters need; every builder is pure so encoded bytes depend on inputs alone.
 */

export const ONNX_ML_DOMAIN = 'ai.onnx.ml';
/** IR version 8 is the one that pairs with opset 17 (ONNX 1.12). */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET_IMPORTS: readonly onnx.IOperatorSetIdProto[] = [
  { domain: '', version: 17 },
  { domain: ONNX_ML_DOMAIN, version: 3 },
];

const utf8 = new TextEncoder();

export function floatsAttribute(name: string, values: ArrayLike<number>): onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.FLOATS, floats: Array.from(values) };
}

export function floatAttribute(name: string, value: number): onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value };
}

export function intAttribute(name: string, value: number): onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i: value };
}

export function stringAttribute(name: string, value: string): onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.STRING, s: utf8.encode(value) };
}

export function stringsAttribute(name: string, values: readonly string[]): onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.STRINGS, strings: values.map((value) => utf8.encode(value)) };
}

/** A rank-0 int64 constant, e.g. the index a `Gather` picks. */
export function int64ScalarInitializer(name: string, value: number): onnx.ITensorProto {
  return { name, dataType: onnx.TensorProto.DataType.INT64, dims: [], int64Data: [value] };
}

/** A rank-0 float constant. */
export function floatScalarInitializer(name: string, value: number): onnx.ITensorProto {
  return { name, dataType: onnx.TensorProto.DataType.FLOAT, dims: [], floatData: [value] };
}

/** A 1-D int64 constant, e.g. the axes a `ReduceSum` sums over. */
export function int64sInitializer(name: string, values: readonly number[]): onnx.ITensorProto {
  return { name, dataType: onnx.TensorProto.DataType.INT64, dims: [values.length], int64Data: [...values] };
}

/** A tensor-typed graph input or output; string dims are symbolic (e.g. the batch size 'N'). */
export function tensorValueInfo(
  name: string,
  elemType: onnx.TensorProto.DataType,
  dims: readonly (number | string)[],
): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((dim) => (typeof dim === 'string' ? { dimParam: dim } : { dimValue: dim })) },
      },
    },
  };
}

export interface ModelDescription {
  graph: onnx.IGraphProto;
  docString: string;
  producerName: string;
  producerVersion: string;
  metadata: Record<string, string>;
}

/** Serialises a model; metadata is written in key order so equal inputs give equal bytes. */
export function encodeModel(description: ModelDescription): Uint8Array {
  const metadataProps = Object.keys(description.metadata)
    .sort()
    .map((key) => ({ key, value: description.metadata[key] }));
  return onnx.ModelProto.encode({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [...ONNX_OPSET_IMPORTS],
    producerName: description.producerName,
    producerVersion: description.producerVersion,
    docString: description.docString,
    graph: description.graph,
    metadataProps,
  }).finish();
}
