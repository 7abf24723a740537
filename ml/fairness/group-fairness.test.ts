import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupFairness, groupRegressionMetrics } from './group-fairness';

test('per-group accuracy, selection rate and true positive rate, and the differences between groups', () => {
  // Favorable class 1. Group a: actual 1 1 0 0, predicted 1 0 0 1. Group b: actual 1 0 1,
  // predicted 1 1 1. Missing: actual 0, predicted 0 (no favorable row, so no TPR).
  const groups = ['a', 'b', 'a', null, 'b', 'a', 'b', 'a'];
  const actual = [1, 1, 1, 0, 0, 0, 1, 0];
  const predicted = [1, 1, 0, 0, 1, 0, 1, 1];
  const fairness = groupFairness(groups, actual, predicted, 1);
  assert.deepEqual(fairness.groups, [
    { group: '(missing)', count: 1, accuracy: 1, selectionRate: 0, truePositiveRate: Number.NaN },
    { group: 'a', count: 4, accuracy: 0.5, selectionRate: 0.5, truePositiveRate: 0.5 },
    { group: 'b', count: 3, accuracy: 2 / 3, selectionRate: 1, truePositiveRate: 1 },
  ]);
  assert.equal(fairness.demographicParityDifference, 1);
  assert.equal(fairness.equalOpportunityDifference, 0.5);
});

test('one group, or none with a favorable row', () => {
  const single = groupFairness(['x', 'x'], [1, 0], [1, 1], 1);
  assert.equal(single.demographicParityDifference, 0);
  assert.equal(single.equalOpportunityDifference, 0);
  const noFavorable = groupFairness(['x', 'y'], Int32Array.of(0, 0), Int32Array.of(1, 0), 1);
  assert.equal(noFavorable.demographicParityDifference, 1);
  assert.ok(Number.isNaN(noFavorable.equalOpportunityDifference));
});

test('treats the favorable class one-vs-rest in a multiclass problem', () => {
  // Favorable class 2: group p predicts it once in two rows, group q never.
  const fairness = groupFairness(['p', 'p', 'q', 'q'], [2, 0, 2, 1], [2, 1, 0, 1], 2);
  assert.deepEqual(fairness.groups.map((g) => [g.group, g.accuracy, g.selectionRate, g.truePositiveRate]), [
    ['p', 0.5, 0.5, 1],
    ['q', 0.5, 0, 0],
  ]);
  assert.equal(fairness.equalOpportunityDifference, 1);
});

test('per-group RMSE and MAE and the widest RMSE gap', () => {
  // Group x: errors 0, −2 → RMSE √2, MAE 1. Group y: errors 0, 3 → RMSE √4.5, MAE 1.5.
  const regression = groupRegressionMetrics(['x', 'y', 'x', 'y'], [1, 2, 3, 4], Float32Array.of(1, 2, 5, 1));
  assert.deepEqual(regression.groups, [
    { group: 'x', count: 2, rmse: Math.SQRT2, mae: 1 },
    { group: 'y', count: 2, rmse: Math.sqrt(4.5), mae: 1.5 },
  ]);
  assert.equal(regression.maxRmseGap, Math.sqrt(4.5) - Math.SQRT2);
  assert.equal(groupRegressionMetrics([null], [1], [3]).groups[0].group, '(missing)');
});

test('rejects a group per row mismatch and a favorable value that is not a class index', () => {
  assert.throws(() => groupFairness(['a'], [1, 0], [1, 0], 1), /groups has 1 rows but actual has 2/);
  assert.throws(() => groupFairness(['a', 'b'], [1, 0], [1, 0], -1), /favorable = -1 is not a class index/);
  assert.throws(() => groupRegressionMetrics(['a', 'b'], [1, 0], [1]), RangeError);
});
