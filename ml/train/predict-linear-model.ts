import type { FeatureColumns } from '../features/feature-spec';
import { designMatrixWidth, transformToDesignMatrix } from '../features/preprocessor';
import type { LinearModelResult } from './fit-linear-model';
import { softmaxInPlace } from './softmax';

export type LinearModelParameters = Pick<LinearModelResult, 'preprocessor' | 'classLabels' | 'coefficients' | 'intercepts'>;

/**
 * Predictions of a fitted linear model in float64, computed as training sees
 * the data: raw rows → design matrix X → scores X Wᵀ + b, then softmax for a
 * classifier. This is what the exported ONNX model must reproduce, and scores
 * rows without an inference session.
 *
 * Returns rows × intercepts.length, row-major: class probabilities in
 * classLabels order for a classifier, the prediction for a regressor.
 */
export function predictLinearModel(model: LinearModelParameters, columns: FeatureColumns, rows: ArrayLike<number>): Float64Array {
  const cols = designMatrixWidth(model.preprocessor);
  const outputs = model.intercepts.length;
  if (model.coefficients.length !== outputs * cols) {
    throw new RangeError(`coefficients has ${model.coefficients.length} values, expected ${outputs}×${cols}`);
  }
  const x = transformToDesignMatrix(model.preprocessor, columns, rows);
  const scores = new Float64Array(rows.length * outputs);
  for (let i = 0; i < rows.length; i++) {
    for (let c = 0; c < outputs; c++) {
      let score = model.intercepts[c];
      for (let j = 0; j < cols; j++) score += model.coefficients[c * cols + j] * x[i * cols + j];
      scores[i * outputs + c] = score;
    }
    if (model.classLabels.length > 0) softmaxInPlace(scores, i * outputs, outputs);
  }
  return scores;
}
