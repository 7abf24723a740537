import { onnx } from 'onnx-proto';

/**
 * One member's graph made ready to sit beside others in a single ONNX graph: every
 * node, initializer and intermediate value is renamed `<prefix><name>`, while the graph
 * inputs keep their names, so members reading the same input share it.
 */
export interface EmbeddedGraph {
  /** The member's graph inputs (initializers excluded), unrenamed. */
  inputs: onnx.IValueInfoProto[];
  nodes: onnx.INodeProto[];
  initializers: onnx.ITensorProto[];
  sparseInitializers: onnx.ISparseTensorProto[];
  valueInfo: onnx.IValueInfoProto[];
  /** The member's graph outputs under their new names. */
  outputs: onnx.IValueInfoProto[];
  /** A member value's name inside the combined graph. */
  rename(name: string): string;
}

export function embedGraph(model: onnx.IModelProto, prefix: string, memberLabel: string): EmbeddedGraph {
  const graph = model.graph;
  if (!graph) throw new RangeError(`${memberLabel} has no graph`);
  if ((model.functions ?? []).length > 0) {
    throw new RangeError(`${memberLabel} defines ONNX local functions, which an ensemble cannot embed yet`);
  }
  const initializerNames = new Set([...(graph.initializer ?? []).map((t) => t.name ?? ''), ...(graph.sparseInitializer ?? []).map((t) => t.values?.name ?? '')]);
  // Before IR 4, initializers were also listed as inputs; they are constants, not features.
  const inputs = (graph.input ?? []).filter((input) => !initializerNames.has(input.name ?? ''));
  const inputNames = new Set(inputs.map((input) => input.name ?? ''));
  // '' names an omitted optional input or output, which must stay omitted.
  const rename = (name: string) => (name === '' || inputNames.has(name) ? name : `${prefix}${name}`);

  const nodes = (graph.node ?? []).map((node, index) => {
    const subgraph = (node.attribute ?? []).find((attribute) => attribute.g || (attribute.graphs ?? []).length > 0);
    if (subgraph) {
      throw new RangeError(`${memberLabel} has a ${node.opType} node with a subgraph (attribute ${subgraph.name}), which an ensemble cannot embed yet`);
    }
    return {
      ...node,
      name: `${prefix}${node.name || `node_${index}`}`,
      input: (node.input ?? []).map(rename),
      output: (node.output ?? []).map(rename),
    };
  });
  return {
    inputs,
    nodes,
    initializers: (graph.initializer ?? []).map((tensor) => ({ ...tensor, name: rename(tensor.name ?? '') })),
    sparseInitializers: (graph.sparseInitializer ?? []).map((sparse) => ({ ...sparse, values: { ...sparse.values, name: rename(sparse.values?.name ?? '') } })),
    valueInfo: (graph.valueInfo ?? []).map((info) => ({ ...info, name: rename(info.name ?? '') })),
    outputs: (graph.output ?? []).map((output) => ({ ...output, name: rename(output.name ?? '') })),
    rename,
  };
}

/**
 * The inputs of several graphs as one list: an input several members read is listed
 * once. Two members may share an input name only if they agree on its element type and
 * shape (a fixed dimension must match; symbolic or unknown ones are all "any size").
 */
export function unionOfInputs(members: { label: string; inputs: onnx.IValueInfoProto[] }[]): onnx.IValueInfoProto[] {
  const byName = new Map<string, { label: string; input: onnx.IValueInfoProto }>();
  for (const { label, inputs } of members) {
    for (const input of inputs) {
      const name = input.name ?? '';
      const first = byName.get(name);
      if (!first) {
        byName.set(name, { label, input });
        continue;
      }
      const mismatch = typeMismatch(first.input, input);
      if (mismatch) throw new RangeError(`input ${JSON.stringify(name)} is ${mismatch.first} in ${first.label} but ${mismatch.second} in ${label}`);
    }
  }
  return [...byName.values()].map(({ input }) => input);
}

function typeMismatch(first: onnx.IValueInfoProto, second: onnx.IValueInfoProto): { first: string; second: string } | null {
  const [a, b] = [describeType(first), describeType(second)];
  return a === b ? null : { first: a, second: b };
}

function describeType(info: onnx.IValueInfoProto): string {
  const tensor = info.type?.tensorType;
  if (!tensor) return 'not a tensor';
  const elemType = onnx.TensorProto.DataType[tensor.elemType ?? 0] ?? String(tensor.elemType);
  if (!tensor.shape) return `${elemType} of any shape`;
  const dims = (tensor.shape.dim ?? []).map((dim) => (int64(dim.dimValue) > 0 ? String(int64(dim.dimValue)) : '?'));
  return `${elemType} [${dims.join(', ')}]`;
}

/** The opsets a combined graph needs: per domain, the newest any member imports. */
export function mergedOpsets(models: onnx.IModelProto[], own: readonly onnx.IOperatorSetIdProto[]): onnx.IOperatorSetIdProto[] {
  const versions = new Map<string, number>();
  for (const opset of [...own, ...models.flatMap((model) => model.opsetImport ?? [])]) {
    const domain = opset.domain ?? '';
    versions.set(domain, Math.max(versions.get(domain) ?? 0, int64(opset.version)));
  }
  return [...versions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([domain, version]) => ({ domain, version }));
}

/** protobufjs decodes int64 fields as Long objects; the values here are small. */
export function int64(value: number | { toNumber(): number } | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}
