import type { ModelTask } from '../../domain/pipeline';
import { hyperparameterDefaults } from '../train/linear-hyperparameters';
import { fitLogisticRegression } from '../train/logistic-regression';
import { fitRidgeRegression } from '../train/ridge-regression';
import type { StackingHead } from './ensemble-graph';

export interface StackingData {
  task: ModelTask;
  /** Per member, its outputs on the held-out rows: rows × classes probabilities (classification) or rows predictions. */
  memberOutputs: ArrayLike<number>[];
  /** The held-out rows' targets: class labels or numbers. */
  target: (string | number)[];
  /** Classification: the members' class labels, in probability column order. */
  classLabels: string[];
}

/**
 * The meta-model of a stacked ensemble (Wolpert 1992, "Stacked generalization"),
 * fitted on rows none of the members trained on, so it learns how far to trust each
 * member on unseen data rather than rewarding the one that memorised most. It reads the
 * members' outputs side by side, member-major: softmax logistic regression over their
 * class probabilities (scikit-learn's StackingClassifier with stack_method='predict_proba'),
 * or ridge regression over their predictions, with the built-in trainers' default
 * hyperparameters. Probabilities share the [0, 1] scale, so no standardisation is needed.
 */
export function fitStackingHead({ task, memberOutputs, target, classLabels }: StackingData): StackingHead {
  const rows = target.length;
  if (rows < 2) throw new RangeError(`the meta-model needs at least 2 held-out rows (got ${rows})`);
  const widths = memberOutputs.map((outputs) => outputs.length / rows);
  const expectedWidth = task === 'CLASSIFICATION' ? classLabels.length : 1;
  widths.forEach((width, i) => {
    if (width !== expectedWidth) throw new RangeError(`member ${i} gives ${memberOutputs[i].length} outputs for ${rows} rows; expected ${expectedWidth} per row`);
  });
  const cols = memberOutputs.length * expectedWidth;
  const x = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    memberOutputs.forEach((outputs, m) => {
      for (let c = 0; c < expectedWidth; c++) x[r * cols + m * expectedWidth + c] = outputs[r * expectedWidth + c];
    });
  }
  if (task === 'REGRESSION') {
    const y = Float64Array.from(target, Number);
    const model = fitRidgeRegression(x, rows, cols, y, { l2: hyperparameterDefaults('REGRESSION').l2 });
    return { coefficients: Array.from(model.coefficients), intercepts: [model.intercept] };
  }
  const classIndex = new Map(classLabels.map((label, index) => [label, index]));
  const y = Int32Array.from(target, (label, row) => {
    const index = classIndex.get(String(label));
    if (index === undefined) throw new RangeError(`held-out row ${row} has the class ${JSON.stringify(label)}, which the members do not predict`);
    return index;
  });
  const model = fitLogisticRegression(x, rows, cols, y, classLabels.length, hyperparameterDefaults('CLASSIFICATION'));
  return { coefficients: Array.from(model.coefficients), intercepts: Array.from(model.intercepts) };
}
