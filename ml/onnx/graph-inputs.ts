import { onnx } from 'onnx-proto';

/**
 * The inputs a caller feeds: the graph's inputs that no initializer gives a default (older
 * exporters list weights as inputs too). None when the bytes are no ONNX model: loading them says why.
 */
export function graphInputNames(bytes: Uint8Array): string[] {
  let graph: onnx.IGraphProto | null | undefined;
  try {
    graph = onnx.ModelProto.decode(bytes).graph;
  } catch {
    return [];
  }
  const initialized = new Set((graph?.initializer ?? []).map((tensor) => tensor.name));
  return (graph?.input ?? []).map((input) => input.name ?? '').filter((name) => !initialized.has(name));
}
