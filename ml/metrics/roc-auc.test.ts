import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../random/seeded-random';
import { rocAuc, rocAucOneVsRest } from './roc-auc';

/** P(positive scores above negative) + ½ P(tie), counted over every positive–negative pair. */
function pairwiseAuc(scores: ArrayLike<number>, positives: ArrayLike<boolean>): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!positives[i]) continue;
    for (let j = 0; j < scores.length; j++) {
      if (positives[j]) continue;
      pairs++;
      if (scores[i] > scores[j]) wins += 1;
      else if (scores[i] === scores[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}

test('matches sklearn roc_auc_score doc example', () => {
  // sklearn docs: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75.
  assert.equal(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 0.75);
});

test('tied scores count one half', () => {
  // Positive 0.4 beats negative 0.1 and ties negative 0.4; positive 0.8 beats both: 3.5 / 4.
  assert.equal(rocAuc([0.1, 0.4, 0.4, 0.8], [false, false, true, true]), 0.875);
  assert.equal(rocAuc([0.5, 0.5, 0.5, 0.5], [true, false, true, false]), 0.5);
  assert.equal(rocAuc(Float32Array.of(1, 0), [false, true]), 0);
});

test('agrees with pairwise counting on random scores with many ties', () => {
  const random = seededRandom(5);
  for (let trial = 0; trial < 30; trial++) {
    const rows = 2 + Math.floor(random() * 60);
    const scores = Float64Array.from({ length: rows }, () => Math.round(random() * 8) / 8);
    const positives = Array.from({ length: rows }, () => random() < 0.4);
    if (!positives.includes(true) || !positives.includes(false)) continue;
    assert.ok(Math.abs(rocAuc(scores, positives) - pairwiseAuc(scores, positives)) < 1e-12, `trial ${trial}`);
  }
});

test('is NaN without both a positive and a negative', () => {
  assert.ok(Number.isNaN(rocAuc([0.2, 0.9], [true, true])));
  assert.ok(Number.isNaN(rocAuc([0.2, 0.9], [false, false])));
  assert.ok(Number.isNaN(rocAuc([], [])));
});

test('rejects mismatched lengths and scores that cannot be ranked', () => {
  assert.throws(() => rocAuc([0.1, 0.2], [true]), /scores has 2 rows but positives has 1/);
  assert.throws(() => rocAuc([0.1, Number.NaN], [true, false]), /scores\[1\] = NaN; every row needs a finite score/);
  assert.throws(() => rocAuc([Number.POSITIVE_INFINITY, 0], [true, false]), /scores\[0\] = Infinity/);
});

// Six rows, three classes (rows actual 0, 1, 2, 0, 1, 2).
const actual = [0, 1, 2, 0, 1, 2];
const probabilities = Float64Array.from([
  [0.6, 0.3, 0.1],
  [0.2, 0.5, 0.3],
  [0.3, 0.3, 0.4],
  [0.3, 0.4, 0.3],
  [0.5, 0.2, 0.3],
  [0.1, 0.2, 0.7],
].flat());

test('one-vs-rest AUC per class and macro, computed by hand', () => {
  // Class 0: positives 0.6, 0.3 vs negatives 0.2, 0.3, 0.5, 0.1 → (4 + 2.5) / 8.
  // Class 1: positives 0.5, 0.2 vs negatives 0.3, 0.3, 0.4, 0.2 → (4 + 0.5) / 8.
  // Class 2: positives 0.4, 0.7 vs negatives 0.1, 0.3, 0.3, 0.3 → 8 / 8.
  const auc = rocAucOneVsRest(actual, probabilities, 3);
  assert.deepEqual(auc.perClass, [0.8125, 0.5625, 1]);
  assert.ok(Math.abs(auc.macro - 2.375 / 3) < 1e-15);
  assert.deepEqual(rocAucOneVsRest(actual, Float32Array.from(probabilities), 3).perClass, [0.8125, 0.5625, 1]);
});

test('one-vs-rest leaves a class that never occurs out of the macro average', () => {
  const withAbsentClass = Float64Array.from(actual.flatMap((_, row) => [...probabilities.subarray(row * 3, row * 3 + 3), 0]));
  const auc = rocAucOneVsRest(actual, withAbsentClass, 4);
  assert.deepEqual(auc.perClass.slice(0, 3), [0.8125, 0.5625, 1]);
  assert.ok(Number.isNaN(auc.perClass[3]));
  assert.ok(Math.abs(auc.macro - 2.375 / 3) < 1e-15);
  assert.ok(Number.isNaN(rocAucOneVsRest([1, 1], Float64Array.of(0.3, 0.7, 0.6, 0.4), 2).macro));
});

test('one-vs-rest rejects bad shapes and class indices', () => {
  assert.throws(() => rocAucOneVsRest([], new Float64Array(0), 2), /at least one row/);
  assert.throws(() => rocAucOneVsRest([0, 1], new Float64Array(3), 2), /3 entries, expected 2×2/);
  assert.throws(() => rocAucOneVsRest([0, 2], new Float64Array(4), 2), /actual\[1\] = 2/);
});
