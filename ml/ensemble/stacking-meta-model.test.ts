import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitStackingHead } from './stacking-meta-model';

test('regression: ridge over the members’ predictions recovers how the target combines them', () => {
  const a = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i) * 10);
  const b = Float64Array.from({ length: 50 }, (_, i) => Math.cos(i * 0.7) * 5);
  const target = Array.from(a, (value, i) => 0.25 * value + 0.75 * b[i] + 2);
  const head = fitStackingHead({ task: 'REGRESSION', memberOutputs: [a, b], target, classLabels: [] });
  assert.ok(Math.abs(head.coefficients[0] - 0.25) < 1e-4 && Math.abs(head.coefficients[1] - 0.75) < 1e-4, JSON.stringify(head));
  assert.ok(Math.abs(head.intercepts[0] - 2) < 1e-4);
});

test('classification: the meta-model learns to follow the member that is right', () => {
  const labels = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 'yes' : 'no'));
  // Member 0 knows the answer; member 1 always says 50/50.
  const knows = Float64Array.from(labels.flatMap((label) => (label === 'no' ? [0.9, 0.1] : [0.1, 0.9])));
  const shrugs = Float64Array.from(labels.flatMap(() => [0.5, 0.5]));
  const head = fitStackingHead({ task: 'CLASSIFICATION', memberOutputs: [knows, shrugs], target: labels, classLabels: ['no', 'yes'] });
  // Row-major 2 classes × 4 inputs: class "yes" weighs member 0's "yes" column above its "no" column.
  assert.equal(head.coefficients.length, 8);
  assert.ok(head.coefficients[4 + 1] > head.coefficients[4 + 0]);
});

test('refuses held-out rows that do not fit the members or the classes', () => {
  assert.throws(() => fitStackingHead({ task: 'REGRESSION', memberOutputs: [Float64Array.of(1, 2, 3)], target: [1, 2], classLabels: [] }), /member 0 gives 3 outputs for 2 rows/);
  assert.throws(
    () => fitStackingHead({ task: 'CLASSIFICATION', memberOutputs: [Float64Array.of(1, 0, 0, 1)], target: ['no', 'maybe'], classLabels: ['no', 'yes'] }),
    /held-out row 1 has the class "maybe", which the members do not predict/,
  );
});
