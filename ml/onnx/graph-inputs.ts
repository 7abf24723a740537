import { onnx } from 'onnx-proto';

/** The inputs a caller feeds: the graph's inputs that no initializer gives a default (older exporters list weights as inputs too). */
export function graphInputNames(bytes: Uint8Array): string[] {
  const graph = onnx.ModelProto.decode(bytes).graph;
  const initialized = new Set((graph?.initializer ?? []).map((tensor) => tensor.name));
  return (graph?.input ?? []).map((input) => input.name ?? '').filter((name) => !initialized.has(name));
}
