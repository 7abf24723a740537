import { onnx } from 'onnx-proto';

/** The attributes ONNX-ML classifiers declare their classes in (strings, or integers as LinearClassifier and TreeEnsembleClassifier spell them). */
const CLASS_LABEL_ATTRIBUTES = ['classlabels_strings', 'classlabels_ints', 'classlabels_int64s'];

/**
 * The class labels an ONNX-ML classifier declares (LinearClassifier, TreeEnsembleClassifier,
 * SVMClassifier, …), in the order of its probability columns, integer classes as their
 * decimal text (as a dataset's integer target reads); null when the graph declares none.
 */
export function declaredClassLabels(bytes: Uint8Array): string[] | null {
  const model = onnx.ModelProto.decode(bytes);
  for (const node of model.graph?.node ?? []) {
    for (const attribute of node.attribute ?? []) {
      if (!CLASS_LABEL_ATTRIBUTES.includes(attribute.name ?? '')) continue;
      if (attribute.strings?.length) return attribute.strings.map((value) => Buffer.from(value).toString('utf8'));
      if (attribute.ints?.length) return attribute.ints.map((value) => String(value));
    }
  }
  return null;
}
