import { onnx } from 'onnx-proto';

/**
 * The string class labels an ONNX-ML classifier declares (`classlabels_strings` on
 * LinearClassifier, TreeEnsembleClassifier, SVMClassifier, …), in the order of its
 * probability columns; null when the graph declares none.
 */
export function declaredClassLabels(bytes: Uint8Array): string[] | null {
  const model = onnx.ModelProto.decode(bytes);
  for (const node of model.graph?.node ?? []) {
    const attribute = node.attribute?.find((a) => a.name === 'classlabels_strings');
    if (attribute?.strings?.length) return attribute.strings.map((value) => Buffer.from(value).toString('utf8'));
  }
  return null;
}
