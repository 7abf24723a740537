import { onnx } from 'onnx-proto';
import type { Standardizer } from '../train/standardizer';
import {
  ONNX_ML_DOMAIN,
  encodeModel,
  floatsAttribute,
  intAttribute,
  stringAttribute,
  stringsAttribute,
  tensorValueInfo,
} from './onnx-builders';

/**
 * ONNX export of standardised linear models in the layout skl2onnx uses for
 * sklearn pipelines: `Scaler` (ai.onnx.ml) followed by `LinearClassifier` or
 * `LinearRegressor` (https://onnx.ai/onnx/operators/ — ai.onnx.ml domain).
 * Scaler computes (x − offset) × scale, i.e. our Standardizer with offset = mean.
 * Weights are stored as float32, which is what the operators compute in.
 */

export const ONNX_INPUT_NAME = 'features';
export const ONNX_LABEL_OUTPUT_NAME = 'label';
export const ONNX_PROBABILITIES_OUTPUT_NAME = 'probabilities';
export const ONNX_PREDICTION_OUTPUT_NAME = 'prediction';
/** Symbolic batch dimension shared by the input and every output. */
export const ONNX_BATCH_DIMENSION = 'N';
export const ONNX_PRODUCER_NAME = 'provenant';
export const ONNX_PRODUCER_VERSION = '0.1.0';

const SCALED_FEATURES = 'scaled_features';

interface LinearExportCommon {
  featureNames: string[];
  standardizer: Standardizer;
  metadata: Record<string, string>;
  /** Defaults to ONNX_PRODUCER_VERSION. */
  producerVersion?: string;
}

export interface LinearClassifierExport extends LinearExportCommon {
  /** classLabels.length × featureNames.length, row-major, over standardised features. */
  coefficients: Float64Array;
  intercepts: Float64Array;
  classLabels: string[];
}

export interface LinearRegressorExport extends LinearExportCommon {
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
  const featureCount = model.featureNames.length;
  const classCount = model.classLabels.length;
  assertFeatures(model);
  if (classCount < 2) throw new RangeError(`classLabels needs at least 2 labels (got ${classCount})`);
  if (new Set(model.classLabels).size !== classCount) throw new RangeError('classLabels must be distinct');
  assertFiniteOfLength('coefficients', model.coefficients, classCount * featureCount);
  assertFiniteOfLength('intercepts', model.intercepts, classCount);

  const classifier: onnx.INodeProto = {
    name: 'linear_classifier',
    opType: 'LinearClassifier',
    domain: ONNX_ML_DOMAIN,
    input: [SCALED_FEATURES],
    output: [ONNX_LABEL_OUTPUT_NAME, ONNX_PROBABILITIES_OUTPUT_NAME],
    attribute: [
      stringsAttribute('classlabels_strings', model.classLabels),
      floatsAttribute('coefficients', model.coefficients),
      floatsAttribute('intercepts', model.intercepts),
      intAttribute('multi_class', 0),
      stringAttribute('post_transform', 'SOFTMAX'),
    ],
  };
  return encodeModel({
    graph: {
      name: 'provenant_linear_classifier',
      node: [scalerNode(model.standardizer), classifier],
      input: [featuresInput(featureCount)],
      output: [
        tensorValueInfo(ONNX_LABEL_OUTPUT_NAME, onnx.TensorProto.DataType.STRING, [ONNX_BATCH_DIMENSION]),
        tensorValueInfo(ONNX_PROBABILITIES_OUTPUT_NAME, onnx.TensorProto.DataType.FLOAT, [
          ONNX_BATCH_DIMENSION,
          classCount,
        ]),
      ],
    },
    docString: `Provenant linear classifier over features: ${model.featureNames.join(', ')}`,
    producerName: ONNX_PRODUCER_NAME,
    producerVersion: model.producerVersion ?? ONNX_PRODUCER_VERSION,
    metadata: model.metadata,
  });
}

/** Single-target regressor: outputs `prediction` (float [N, 1]). */
export function exportLinearRegressor(model: LinearRegressorExport): Uint8Array {
  const featureCount = model.featureNames.length;
  assertFeatures(model);
  assertFiniteOfLength('coefficients', model.coefficients, featureCount);
  assertFiniteOfLength('intercept', [model.intercept], 1);

  const regressor: onnx.INodeProto = {
    name: 'linear_regressor',
    opType: 'LinearRegressor',
    domain: ONNX_ML_DOMAIN,
    input: [SCALED_FEATURES],
    output: [ONNX_PREDICTION_OUTPUT_NAME],
    attribute: [
      floatsAttribute('coefficients', model.coefficients),
      floatsAttribute('intercepts', [model.intercept]),
      intAttribute('targets', 1),
      stringAttribute('post_transform', 'NONE'),
    ],
  };
  return encodeModel({
    graph: {
      name: 'provenant_linear_regressor',
      node: [scalerNode(model.standardizer), regressor],
      input: [featuresInput(featureCount)],
      output: [
        tensorValueInfo(ONNX_PREDICTION_OUTPUT_NAME, onnx.TensorProto.DataType.FLOAT, [ONNX_BATCH_DIMENSION, 1]),
      ],
    },
    docString: `Provenant linear regressor over features: ${model.featureNames.join(', ')}`,
    producerName: ONNX_PRODUCER_NAME,
    producerVersion: model.producerVersion ?? ONNX_PRODUCER_VERSION,
    metadata: model.metadata,
  });
}

function scalerNode(standardizer: Standardizer): onnx.INodeProto {
  return {
    name: 'standardize',
    opType: 'Scaler',
    domain: ONNX_ML_DOMAIN,
    input: [ONNX_INPUT_NAME],
    output: [SCALED_FEATURES],
    attribute: [floatsAttribute('offset', standardizer.mean), floatsAttribute('scale', standardizer.scale)],
  };
}

function featuresInput(featureCount: number): onnx.IValueInfoProto {
  return tensorValueInfo(ONNX_INPUT_NAME, onnx.TensorProto.DataType.FLOAT, [ONNX_BATCH_DIMENSION, featureCount]);
}

function assertFeatures(model: LinearExportCommon): void {
  const featureCount = model.featureNames.length;
  if (featureCount < 1) throw new RangeError('featureNames needs at least one feature');
  assertFiniteOfLength('standardizer.mean', model.standardizer.mean, featureCount);
  assertFiniteOfLength('standardizer.scale', model.standardizer.scale, featureCount);
}

function assertFiniteOfLength(name: string, values: ArrayLike<number>, expectedLength: number): void {
  if (values.length !== expectedLength) {
    throw new RangeError(`${name} has ${values.length} values, expected ${expectedLength}`);
  }
  for (let k = 0; k < values.length; k++) {
    // Checked after rounding because the attribute is stored as float32.
    if (!Number.isFinite(Math.fround(values[k]))) {
      throw new RangeError(`${name}[${k}] is not finite in float32 (${values[k]})`);
    }
  }
}
