import { onnx } from 'onnx-proto';
import type { EnsembleMethod } from '../../domain/ensemble';
import type { ModelTask } from '../../domain/pipeline';
import { assertFiniteFloat32 } from '../onnx/assert-finite-float32';
import {
  ONNX_BATCH_DIMENSION,
  ONNX_LABEL_OUTPUT_NAME,
  ONNX_PREDICTION_OUTPUT_NAME,
  ONNX_PROBABILITIES_OUTPUT_NAME,
} from '../onnx/model-contract';
import {
  ONNX_IR_VERSION,
  ONNX_ML_DOMAIN,
  ONNX_OPSET_IMPORTS,
  floatScalarInitializer,
  floatsAttribute,
  int64sInitializer,
  intAttribute,
  stringAttribute,
  stringsAttribute,
  tensorValueInfo,
} from '../onnx/onnx-builders';
import { embedGraph, int64, mergedOpsets, unionOfInputs, type EmbeddedGraph } from './embedded-graph';

/**
 * Where a member's results are, by role. A member that follows the model contract
 * (ml/onnx/model-contract.ts) needs none of this: the defaults are the contract's names.
 * A model imported with its own signature names them in its version's output mapping.
 */
export interface MemberOutputNames {
  label?: string;
  probabilities?: string;
  prediction?: string;
}

export interface EnsembleGraphMember {
  model: onnx.IModelProto;
  /** How errors name the member, e.g. `members[1] (churn v3)`. */
  label: string;
  outputs?: MemberOutputNames;
}

/**
 * A linear model over the members' outputs side by side: for classification, each
 * member's class probabilities (member-major, classes in classLabels order), through a
 * softmax; for regression, each member's prediction.
 */
export interface StackingHead {
  /** Classification: classLabels.length × (members × classes), row-major; regression: one per member. */
  coefficients: ArrayLike<number>;
  /** One per class for classification; a single one for regression. */
  intercepts: ArrayLike<number>;
}

export interface EnsembleGraphRequest {
  task: ModelTask;
  method: EnsembleMethod;
  members: EnsembleGraphMember[];
  /** VOTING, SOFT_VOTING, AVERAGING: one per member, non-negative, summing to 1. */
  weights: number[];
  /** Classification: the members' common class labels, in probability column order. */
  classLabels: string[];
  stacking?: StackingHead;
  metadata: Record<string, string>;
  producerName: string;
  producerVersion: string;
}

const PREFIX = 'ensemble/';

/**
 * One ONNX model that runs every member on the same inputs and combines their results,
 * giving the model contract's outputs (label and probabilities, or prediction):
 *
 *   inputs (the union of the members') ─┬─ member 0's graph ─┐
 *                                       ├─ member 1's graph ─┼─ combination → label, probabilities | prediction
 *                                       └─ …                 ─┘
 *
 * - VOTING: each member's label one-hot encoded, weighted and summed; the label with the
 *   most votes wins (a tie goes to the first in classLabels order) and the vote shares
 *   are the probabilities.
 * - SOFT_VOTING, and AVERAGING of a classifier: the weighted mean of the probabilities,
 *   the label their argmax.
 * - AVERAGING of a regressor: the weighted mean of the predictions, summed in double
 *   precision and rounded once to float.
 * - STACKING: a LinearClassifier (softmax) or LinearRegressor over the members' outputs.
 *
 * A member ending in scikit-learn's ZipMap (probabilities as a sequence of maps) is
 * read before it: the ZipMap's input is the probability tensor, and the ZipMap is dropped.
 */
export function composeEnsemble(request: EnsembleGraphRequest): Uint8Array {
  const { task, method, members } = request;
  if (members.length < 2) throw new RangeError(`an ensemble needs at least 2 members (got ${members.length})`);
  if (method !== 'STACKING') {
    if (request.weights.length !== members.length) throw new RangeError(`weights has ${request.weights.length} entries for ${members.length} members`);
    assertFiniteFloat32('weights', request.weights, members.length);
  }
  if (task === 'CLASSIFICATION' && request.classLabels.length < 2) throw new RangeError('an ensemble classifier needs at least 2 class labels');

  const embedded = members.map((member, i) => embedGraph(member.model, `m${i}/`, member.label));
  const inputs = unionOfInputs(members.map((member, i) => ({ label: member.label, inputs: embedded[i].inputs })));
  const dropped = new Set<onnx.INodeProto>();
  const nodes: onnx.INodeProto[] = [];
  const initializers: onnx.ITensorProto[] = [];

  let outputs: onnx.IValueInfoProto[];
  if (task === 'REGRESSION') {
    const predictions = members.map((member, i) => {
      const name = memberValue(embedded[i], member, member.outputs?.prediction ?? ONNX_PREDICTION_OUTPUT_NAME);
      // Whatever a member's prediction shape ([N] or [N, 1]), the combination works on [N, 1] columns.
      nodes.push({ name: `${PREFIX}column_${i}`, opType: 'Reshape', input: [name, `${PREFIX}column_shape`], output: [`${PREFIX}prediction_${i}`] });
      return `${PREFIX}prediction_${i}`;
    });
    initializers.push(int64sInitializer(`${PREFIX}column_shape`, [-1, 1]));
    if (method === 'STACKING') stackRegressor(request, predictions, nodes);
    else averagePredictions(request.weights, predictions, nodes, initializers);
    outputs = [tensorValueInfo(ONNX_PREDICTION_OUTPUT_NAME, onnx.TensorProto.DataType.FLOAT, [ONNX_BATCH_DIMENSION, 1])];
  } else {
    const classCount = request.classLabels.length;
    if (method === 'VOTING') {
      const votes = members.map((member, i) => {
        const name = memberValue(embedded[i], member, member.outputs?.label ?? ONNX_LABEL_OUTPUT_NAME);
        nodes.push(labelOneHot(name, labelElementType(embedded[i], name), request.classLabels, `${PREFIX}votes_${i}`));
        return `${PREFIX}votes_${i}`;
      });
      weightedSum(request.weights, votes, ONNX_PROBABILITIES_OUTPUT_NAME, nodes, initializers);
    } else {
      const probabilities = members.map((member, i) => {
        const name = probabilityTensor(embedded[i], member, dropped);
        nodes.push({ name: `${PREFIX}float_${i}`, opType: 'Cast', input: [name], output: [`${PREFIX}probabilities_${i}`], attribute: [intAttribute('to', onnx.TensorProto.DataType.FLOAT)] });
        return `${PREFIX}probabilities_${i}`;
      });
      if (method === 'STACKING') stackClassifier(request, probabilities, nodes);
      else weightedSum(request.weights, probabilities, ONNX_PROBABILITIES_OUTPUT_NAME, nodes, initializers);
    }
    if (method !== 'STACKING') labelOfArgmax(request.classLabels, nodes, initializers);
    outputs = [
      tensorValueInfo(ONNX_LABEL_OUTPUT_NAME, onnx.TensorProto.DataType.STRING, [ONNX_BATCH_DIMENSION]),
      tensorValueInfo(ONNX_PROBABILITIES_OUTPUT_NAME, onnx.TensorProto.DataType.FLOAT, [ONNX_BATCH_DIMENSION, classCount]),
    ];
  }

  const droppedOutputs = new Set([...dropped].flatMap((node) => node.output ?? []));
  const graph: onnx.IGraphProto = {
    name: `provenant_${method.toLowerCase()}_ensemble`,
    input: inputs,
    output: outputs,
    node: [...embedded.flatMap((member) => member.nodes.filter((node) => !dropped.has(node))), ...nodes],
    initializer: [...embedded.flatMap((member) => member.initializers), ...initializers],
    sparseInitializer: embedded.flatMap((member) => member.sparseInitializers),
    valueInfo: embedded.flatMap((member) => member.valueInfo.filter((info) => !droppedOutputs.has(info.name ?? ''))),
  };
  const metadataProps = Object.keys(request.metadata)
    .sort()
    .map((key) => ({ key, value: request.metadata[key] }));
  return onnx.ModelProto.encode({
    irVersion: Math.max(ONNX_IR_VERSION, ...members.map((member) => int64(member.model.irVersion))),
    opsetImport: mergedOpsets(members.map((member) => member.model), ONNX_OPSET_IMPORTS),
    producerName: request.producerName,
    producerVersion: request.producerVersion,
    docString: `Provenant ${method} ensemble of ${members.map((member) => member.label).join(', ')}`,
    graph,
    metadataProps,
  }).finish();
}

/** The member value `name` under its name in the combined graph; it must be produced by a node or be an input. */
function memberValue(graph: EmbeddedGraph, member: EnsembleGraphMember, name: string): string {
  const renamed = graph.rename(name);
  const produced = graph.nodes.some((node) => (node.output ?? []).includes(renamed)) || graph.inputs.some((input) => input.name === name);
  if (!produced) {
    const available = (member.model.graph?.output ?? []).map((output) => output.name);
    throw new RangeError(`${member.label} has no output ${JSON.stringify(name)} (its outputs are ${JSON.stringify(available)})`);
  }
  return renamed;
}

/** The member's probability tensor: its probabilities output, or the input of the ZipMap producing it. */
function probabilityTensor(graph: EmbeddedGraph, member: EnsembleGraphMember, dropped: Set<onnx.INodeProto>): string {
  const name = memberValue(graph, member, member.outputs?.probabilities ?? ONNX_PROBABILITIES_OUTPUT_NAME);
  const zipMap = graph.nodes.find((node) => node.opType === 'ZipMap' && (node.output ?? []).includes(name));
  if (!zipMap) return name;
  dropped.add(zipMap);
  return zipMap.input![0];
}

function labelElementType(graph: EmbeddedGraph, renamed: string): onnx.TensorProto.DataType {
  const declared = [...graph.outputs, ...graph.valueInfo].find((info) => info.name === renamed)?.type?.tensorType?.elemType;
  return declared ?? onnx.TensorProto.DataType.STRING;
}

/** A member's labels as one indicator column per class; a label outside classLabels votes for none. */
function labelOneHot(label: string, elemType: onnx.TensorProto.DataType, classLabels: string[], output: string): onnx.INodeProto {
  const integerLabels = elemType === onnx.TensorProto.DataType.INT64;
  if (integerLabels && !classLabels.every((value) => /^-?\d+$/.test(value))) {
    throw new RangeError(`a member gives int64 labels, but the class labels ${JSON.stringify(classLabels)} are not all integers`);
  }
  return {
    name: output,
    opType: 'OneHotEncoder',
    domain: ONNX_ML_DOMAIN,
    input: [label],
    output: [output],
    attribute: [
      integerLabels
        ? { name: 'cats_int64s', type: onnx.AttributeProto.AttributeType.INTS, ints: classLabels.map(Number) }
        : stringsAttribute('cats_strings', classLabels),
      intAttribute('zeros', 1),
    ],
  };
}

/** Σ weight_i · value_i in float, into `output`. */
function weightedSum(weights: number[], values: string[], output: string, nodes: onnx.INodeProto[], initializers: onnx.ITensorProto[]): void {
  const weighted = values.map((value, i) => {
    initializers.push(floatScalarInitializer(`${PREFIX}weight_${i}`, weights[i]));
    nodes.push({ name: `${PREFIX}weigh_${i}`, opType: 'Mul', input: [value, `${PREFIX}weight_${i}`], output: [`${PREFIX}weighted_${i}`] });
    return `${PREFIX}weighted_${i}`;
  });
  nodes.push({ name: `${PREFIX}sum`, opType: 'Sum', input: weighted, output: [output] });
}

/** The weighted mean of [N, 1] predictions, summed in double and rounded once to float. */
function averagePredictions(weights: number[], predictions: string[], nodes: onnx.INodeProto[], initializers: onnx.ITensorProto[]): void {
  const weighted = predictions.map((prediction, i) => {
    initializers.push({ name: `${PREFIX}weight_${i}`, dataType: onnx.TensorProto.DataType.DOUBLE, dims: [], doubleData: [weights[i]] });
    nodes.push(
      { name: `${PREFIX}double_${i}`, opType: 'Cast', input: [prediction], output: [`${PREFIX}double_${i}`], attribute: [intAttribute('to', onnx.TensorProto.DataType.DOUBLE)] },
      { name: `${PREFIX}weigh_${i}`, opType: 'Mul', input: [`${PREFIX}double_${i}`, `${PREFIX}weight_${i}`], output: [`${PREFIX}weighted_${i}`] },
    );
    return `${PREFIX}weighted_${i}`;
  });
  nodes.push(
    { name: `${PREFIX}sum`, opType: 'Sum', input: weighted, output: [`${PREFIX}mean`] },
    { name: `${PREFIX}float`, opType: 'Cast', input: [`${PREFIX}mean`], output: [ONNX_PREDICTION_OUTPUT_NAME], attribute: [intAttribute('to', onnx.TensorProto.DataType.FLOAT)] },
  );
}

/** label = classLabels[argmax(probabilities)], the first maximum on a tie. */
function labelOfArgmax(classLabels: string[], nodes: onnx.INodeProto[], initializers: onnx.ITensorProto[]): void {
  initializers.push({
    name: `${PREFIX}class_labels`,
    dataType: onnx.TensorProto.DataType.STRING,
    dims: [classLabels.length],
    stringData: classLabels.map((label) => new TextEncoder().encode(label)),
  });
  nodes.push(
    {
      name: `${PREFIX}argmax`,
      opType: 'ArgMax',
      input: [ONNX_PROBABILITIES_OUTPUT_NAME],
      output: [`${PREFIX}class_index`],
      attribute: [intAttribute('axis', 1), intAttribute('keepdims', 0)],
    },
    { name: `${PREFIX}label`, opType: 'Gather', input: [`${PREFIX}class_labels`, `${PREFIX}class_index`], output: [ONNX_LABEL_OUTPUT_NAME], attribute: [intAttribute('axis', 0)] },
  );
}

function stackClassifier(request: EnsembleGraphRequest, probabilities: string[], nodes: onnx.INodeProto[]): void {
  const head = stackingHead(request, probabilities.length * request.classLabels.length, request.classLabels.length);
  nodes.push(
    { name: `${PREFIX}member_outputs`, opType: 'Concat', input: probabilities, output: [`${PREFIX}member_outputs`], attribute: [intAttribute('axis', 1)] },
    {
      name: `${PREFIX}meta_model`,
      opType: 'LinearClassifier',
      domain: ONNX_ML_DOMAIN,
      input: [`${PREFIX}member_outputs`],
      output: [ONNX_LABEL_OUTPUT_NAME, ONNX_PROBABILITIES_OUTPUT_NAME],
      attribute: [
        stringsAttribute('classlabels_strings', request.classLabels),
        floatsAttribute('coefficients', head.coefficients),
        floatsAttribute('intercepts', head.intercepts),
        intAttribute('multi_class', 0),
        stringAttribute('post_transform', 'SOFTMAX'),
      ],
    },
  );
}

function stackRegressor(request: EnsembleGraphRequest, predictions: string[], nodes: onnx.INodeProto[]): void {
  const head = stackingHead(request, predictions.length, 1);
  nodes.push(
    { name: `${PREFIX}member_outputs`, opType: 'Concat', input: predictions, output: [`${PREFIX}member_outputs`], attribute: [intAttribute('axis', 1)] },
    {
      name: `${PREFIX}meta_model`,
      opType: 'LinearRegressor',
      domain: ONNX_ML_DOMAIN,
      input: [`${PREFIX}member_outputs`],
      output: [ONNX_PREDICTION_OUTPUT_NAME],
      attribute: [
        floatsAttribute('coefficients', head.coefficients),
        floatsAttribute('intercepts', head.intercepts),
        intAttribute('targets', 1),
        stringAttribute('post_transform', 'NONE'),
      ],
    },
  );
}

function stackingHead(request: EnsembleGraphRequest, width: number, rows: number): StackingHead {
  const head = request.stacking;
  if (!head) throw new RangeError('STACKING needs a fitted meta-model (stacking)');
  assertFiniteFloat32('stacking.coefficients', head.coefficients, rows * width);
  assertFiniteFloat32('stacking.intercepts', head.intercepts, rows);
  return head;
}
