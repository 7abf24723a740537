import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { macroF1 } from '../metrics/classification-metrics';
import { seededRandom } from '../random/seeded-random';
import { accuracyOf, addExpected, addRealised, calibrate, emptyConfusionSums, fitCbpeCalibration, macroF1Of } from './cbpe';

const CLASSES = 3;
const WEIGHTS = [
  [1.2, 0],
  [-0.6, 1.1],
  [-0.6, -1.1],
];

interface Sample {
  /** The model's probabilities, overconfident: softmax of twice the true logits. */
  probabilities: Float64Array;
  predicted: Int32Array;
  actual: Int32Array;
  /** The true chance each prediction is right: the mean is the accuracy expected on this sample. */
  trueChanceRight: Float64Array;
}

function softmax(logits: number[]): number[] {
  const top = Math.max(...logits);
  const exps = logits.map((value) => Math.exp(value - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / sum);
}

/** Rows with x ~ N(shift, 1)² and y ~ softmax(W·x): a shift of x changes accuracy without changing P(y | x). */
function sample(rows: number, shift: [number, number], seed: number): Sample {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const out: Sample = { probabilities: new Float64Array(rows * CLASSES), predicted: new Int32Array(rows), actual: new Int32Array(rows), trueChanceRight: new Float64Array(rows) };
  for (let row = 0; row < rows; row++) {
    const x = [shift[0] + gaussian(), shift[1] + gaussian()];
    const logits = WEIGHTS.map(([a, b]) => a * x[0] + b * x[1]);
    const truth = softmax(logits);
    const model = softmax(logits.map((value) => 2 * value));
    out.probabilities.set(model, row * CLASSES);
    const predicted = model.indexOf(Math.max(...model));
    out.predicted[row] = predicted;
    out.trueChanceRight[row] = truth[predicted];
    let u = random();
    let actual = 0;
    while (actual < CLASSES - 1 && u >= truth[actual]) u -= truth[actual++];
    out.actual[row] = actual;
  }
  return out;
}

function mean(values: Float64Array): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

describe('CBPE', () => {
  const reference = sample(20_000, [0, 0], 1);
  const calibration = fitCbpeCalibration(reference.probabilities, CLASSES, reference.actual);

  function estimate(of: Sample, calibrated: boolean) {
    const expected = emptyConfusionSums(CLASSES);
    const realised = emptyConfusionSums(CLASSES);
    const row = new Float64Array(CLASSES);
    for (let i = 0; i < of.predicted.length; i++) {
      const raw = of.probabilities.subarray(i * CLASSES, (i + 1) * CLASSES);
      addExpected(expected, calibrated ? calibrate(calibration, raw, row) : raw, of.predicted[i]);
      addRealised(realised, of.actual[i], of.predicted[i]);
    }
    return { expected, realised };
  }

  it('estimates accuracy within 0.02 of the true expected accuracy, and F1 within 0.03 of the realised, after a covariate shift', () => {
    // Seeded, so the figures are fixed: a shift towards class 0's region lifts accuracy to 0.80 (the estimate: 0.809; F1 0.619 realised, 0.629 estimated).
    const current = sample(20_000, [1.5, 0.5], 2);
    const { expected, realised } = estimate(current, true);
    const trueAccuracy = mean(current.trueChanceRight);
    assert.ok(Math.abs(accuracyOf(expected)! - trueAccuracy) < 0.02, `expected accuracy ${accuracyOf(expected)} vs true ${trueAccuracy}`);
    assert.ok(Math.abs(accuracyOf(expected)! - accuracyOf(realised)!) < 0.03, `expected ${accuracyOf(expected)} vs realised ${accuracyOf(realised)}`);
    assert.ok(Math.abs(macroF1Of(expected)! - macroF1Of(realised)!) < 0.03, `expected F1 ${macroF1Of(expected)} vs realised ${macroF1Of(realised)}`);
    assert.ok(accuracyOf(realised)! - mean(reference.trueChanceRight) > 0.05, 'the shift should change accuracy, or the test shows nothing');
  });

  it('needs the calibration: the overconfident raw probabilities overestimate accuracy', () => {
    const current = sample(20_000, [1.5, 0.5], 2);
    const { expected, realised } = estimate(current, false);
    assert.ok(accuracyOf(expected)! - accuracyOf(realised)! > 0.05, `raw ${accuracyOf(expected)} vs realised ${accuracyOf(realised)}`);
  });

  it('realised sums give ml/metrics accuracy and macro F1', () => {
    const current = sample(2_000, [0, 1], 3);
    const { realised } = estimate(current, true);
    const correct = current.actual.filter((actual, i) => actual === current.predicted[i]).length;
    assert.equal(accuracyOf(realised), correct / 2_000);
    assert.ok(Math.abs(macroF1Of(realised)! - macroF1(current.actual, current.predicted, CLASSES)) < 1e-12);
  });

  it('has no estimate for no rows, and refuses mismatched inputs', () => {
    assert.equal(accuracyOf(emptyConfusionSums(2)), null);
    assert.equal(macroF1Of(emptyConfusionSums(2)), null);
    assert.throws(() => fitCbpeCalibration([0.5, 0.5], 2, [0, 1]), /2 per row for 2 rows/);
    assert.throws(() => fitCbpeCalibration([1], 1, [0]), /at least 2/);
  });
});
