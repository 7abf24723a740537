import { onnx } from 'onnx-proto';
import type { Preprocessor } from '../features/preprocessor';
import { assertFiniteFloat32 } from './assert-finite-float32';
import {
  ONNX_BATCH_DIMENSION,
  ONNX_LABEL_OUTPUT_NAME,
  ONNX_PREDICTION_OUTPUT_NAME,
  ONNX_PROBABILITIES_OUTPUT_NAME,
} from './model-contract';
import {
  ONNX_ML_DOMAIN,
  encodeModel,
  floatsAttribute,
  intAttribute,
  stringAttribute,
  stringsAttribute,
  tensorValueInfo,
} from './onnx-builders';
import { DESIGN_MATRIX, preprocessingGraph, type PreprocessingGraph } from './preprocessing-graph';

/**
 * ONNX export of linear models over preprocessed features: the preprocessing
 * graph (imputation, standardisation, one-hot encoding) followed by
 * `LinearClassifier` or `LinearRegressor` (ai.onnx.ml), so the model takes raw
 * feature values as described in model-contract.ts. Weights are stored as
 * float32, which is what the operators compute in.
 */

export const ONNX_PRODUCER_NAME = 'provenant';
export const ONNX_PRODUCER_VERSION = '0.1.0';

interface LinearExportCommon {
  preprocessor: Preprocessor;
  /** Copied into metadata_props next to the feature lists, whose keys it must not use. */
  metadata: Record<string, string>;
  /** Defaults to ONNX_PRODUCER_VERSION. */
  producerVersion?: string;
}

export interface LinearClassifierExport extends LinearExportCommon {
  /** classLabels.length × designMatrixWidth(preprocessor), row-major, over the design matrix. */
  coefficients: Float64Array;
  intercepts: Float64Array;
  classLabels: string[];
}

export interface LinearRegressorExport extends LinearExportCommon {
  /** designMatrixWidth(preprocessor) weights over the design matrix. */
  coefficients: Float64Array;
  intercept: number;
}

/**
 * Multinomial classifier: outputs `label` (string [N]) and `probabilities`
 * (float [N, C], softmax, columns in classLabels order).
 *
 * onnxruntime only takes its binary shortcut (one score, sign picks the label,
 * second column synthesised) when a single intercept is given; we always pass
 * one coefficient row per class, so two classes follow the same argmax + softmax
 * path as any other count.
 */
export function exportLinearClassifier(model: LinearClassifierExport): Uint8Array {
  const preprocessing = preprocessingGraph(model.preprocessor);
  const classCount = model.classLabels.length;
  if (classCount < 2) throw new RangeError(`classLabels needs at least 2 labels (got ${classCount})`);
  if (new Set(model.classLabels).size !== classCount) throw new RangeError('classLabels must be distinct');
  assertFiniteFloat32('coefficients', model.coefficients, classCount * preprocessing.width);
  assertFiniteFloat32('intercepts', model.intercepts, classCount);

  const classifier: onnx.INodeProto = {
    name: 'linear_classifier',
    opType: 'LinearClassifier',
    domain: ONNX_ML_DOMAIN,
    input: [DESIGN_MATRIX],
    output: [ONNX_LABEL_OUTPUT_NAME, ONNX_PROBABILITIES_OUTPUT_NAME],
    attribute: [
      stringsAttribute('classlabels_strings', model.classLabels),
      floatsAttribute('coefficients', model.coefficients),
      floatsAttribute('intercepts', model.intercepts),
      intAttribute('multi_class', 0),
      stringAttribute('post_transform', 'SOFTMAX'),
    ],
  };
  return encodeLinearModel(model, preprocessing, 'classifier', classifier, [
    tensorValueInfo(ONNX_LABEL_OUTPUT_NAME, onnx.TensorProto.DataType.STRING, [ONNX_BATCH_DIMENSION]),
    tensorValueInfo(ONNX_PROBABILITIES_OUTPUT_NAME, onnx.TensorProto.DataType.FLOAT, [ONNX_BATCH_DIMENSION, classCount]),
  ]);
}

/** Single-target regressor: outputs `prediction` (float [N, 1]). */
export function exportLinearRegressor(model: LinearRegressorExport): Uint8Array {
  const preprocessing = preprocessingGraph(model.preprocessor);
  assertFiniteFloat32('coefficients', model.coefficients, preprocessing.width);
  assertFiniteFloat32('intercept', [model.intercept], 1);

  const regressor: onnx.INodeProto = {
    name: 'linear_regressor',
    opType: 'LinearRegressor',
    domain: ONNX_ML_DOMAIN,
    input: [DESIGN_MATRIX],
    output: [ONNX_PREDICTION_OUTPUT_NAME],
    attribute: [
      floatsAttribute('coefficients', model.coefficients),
      floatsAttribute('intercepts', [model.intercept]),
      intAttribute('targets', 1),
      stringAttribute('post_transform', 'NONE'),
    ],
  };
  return encodeLinearModel(model, preprocessing, 'regressor', regressor, [
    tensorValueInfo(ONNX_PREDICTION_OUTPUT_NAME, onnx.TensorProto.DataType.FLOAT, [ONNX_BATCH_DIMENSION, 1]),
  ]);
}

function encodeLinearModel(
  model: LinearExportCommon,
  preprocessing: PreprocessingGraph,
  kind: 'classifier' | 'regressor',
  head: onnx.INodeProto,
  outputs: onnx.IValueInfoProto[],
): Uint8Array {
  for (const key of Object.keys(preprocessing.metadata)) {
    if (Object.hasOwn(model.metadata, key)) throw new RangeError(`metadata key ${key} is reserved for the feature lists`);
  }
  const { spec } = model.preprocessor;
  return encodeModel({
    graph: {
      name: `provenant_linear_${kind}`,
      node: [...preprocessing.nodes, head],
      initializer: preprocessing.initializers,
      input: preprocessing.inputs,
      output: outputs,
    },
    docString:
      `Provenant linear ${kind} over numeric features ${JSON.stringify(spec.numeric)} ` +
      `and categorical features ${JSON.stringify(spec.categorical)}`,
    producerName: ONNX_PRODUCER_NAME,
    producerVersion: model.producerVersion ?? ONNX_PRODUCER_VERSION,
    metadata: { ...model.metadata, ...preprocessing.metadata },
  });
}
