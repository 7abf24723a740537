import assert from 'node:assert/strict';
import { test } from 'node:test';
import { absoluteErrorStream, evenErrorStream } from './error-streams';
import { emptyFollowingWindowTracker, FOLLOWING_WINDOW, riseP, trackFollowingWindow } from './following-window';

test('default: the 200 observations after a signal, confirmed at p < 0.001', () => {
  assert.deepEqual(FOLLOWING_WINDOW, { rows: 200, significance: 0.001 });
});

test('a rise of the error rate from 10% to 20% is confirmed; the same rate is not', () => {
  const before = { rows: 1000, sum: 100, sumOfSquares: 100 };
  // z = (0.1 − 0.2) / √(p̂(1 − p̂)(1/1000 + 1/200)), p̂ = 140/1200: z = −4.02, one-sided p = Φ(−4.02) = 2.9e-5.
  assert.ok(Math.abs(riseP('errors', before, { rows: 200, sum: 40, sumOfSquares: 40 }) - 2.9e-5) < 0.05e-5);
  assert.ok(riseP('errors', before, { rows: 200, sum: 20, sumOfSquares: 20 }) > 0.4);
  // A fall is no rise: p near 1.
  assert.ok(riseP('errors', before, { rows: 200, sum: 5, sumOfSquares: 5 }) > 0.99);
});

test('values use Welch’s z on the means: mean 1 (s 1) over 1000 then 1.5 (s 1) over 200 gives z = 6.45', () => {
  const before = { rows: 1000, sum: 1000, sumOfSquares: 1000 + 999 };
  const after = { rows: 200, sum: 300, sumOfSquares: 200 * 2.25 + 199 };
  const z = 0.5 / Math.sqrt(1 / 1000 + 1 / 200);
  assert.ok(Math.abs(z - 6.455) < 0.001);
  const p = riseP('values', before, after);
  assert.ok(p > 0 && p < 1e-9, `p ${p}`);
  assert.equal(riseP('values', { rows: 3, sum: 3, sumOfSquares: 3 }, { rows: 3, sum: 3, sumOfSquares: 3 }), 1);
  assert.equal(riseP('values', { rows: 3, sum: 0, sumOfSquares: 0 }, { rows: 3, sum: 3, sumOfSquares: 3 }), 0);
});

test('a signal is pending until its window is full, then decided at the observation that filled it', () => {
  const tracker = emptyFollowingWindowTracker<number>('errors', { rows: 4, significance: 0.05 });
  const steps: [number, string][] = [[0, 'NONE'], [1, 'NONE'], [0, 'DRIFT'], [1, 'NONE'], [1, 'NONE'], [1, 'NONE']];
  steps.forEach(([value, level], step) => trackFollowingWindow(tracker, value, level, step));
  assert.equal(tracker.confirmations.length, 1);
  assert.deepEqual(tracker.confirmations[0], { at: 2, status: 'PENDING', decidedAt: null, before: { rows: 3, sum: 1, sumOfSquares: 1 }, after: { rows: 3, sum: 3, sumOfSquares: 3 }, pValue: null });
  trackFollowingWindow(tracker, 1, 'NONE', 6);
  const [decided] = tracker.confirmations;
  assert.equal(decided.status, 'CONFIRMED');
  assert.equal(decided.decidedAt, 6);
  assert.ok(decided.pValue! < 0.05);
  // The segment restarted after the signal, as the detector did.
  assert.deepEqual(tracker.segment, { rows: 4, sum: 4, sumOfSquares: 4 });
});

test('a drift signalled on an even stream with no change is refuted by the window after it', () => {
  const tracker = emptyFollowingWindowTracker<number>('errors');
  evenErrorStream(1200, Infinity, 0.1, 0.1).forEach((error, step) => trackFollowingWindow(tracker, error ? 1 : 0, step === 800 ? 'DRIFT' : 'NONE', step));
  assert.equal(tracker.confirmations[0].status, 'NOT_CONFIRMED');
  assert.equal(tracker.confirmations[0].decidedAt, 1000);
});

test('absolute errors that double are confirmed over the window after a signal at the change', () => {
  const tracker = emptyFollowingWindowTracker<number>('values');
  absoluteErrorStream(5, 1500, 1000, 1, 2).forEach((value, step) => trackFollowingWindow(tracker, value, step === 1000 ? 'DRIFT' : 'NONE', step));
  assert.equal(tracker.confirmations[0].status, 'CONFIRMED');
});

test('bad parameters are refused', () => {
  assert.throws(() => emptyFollowingWindowTracker('errors', { rows: 1, significance: 0.01 }), { name: 'RangeError', message: /rows/ });
  assert.throws(() => emptyFollowingWindowTracker('errors', { rows: 200, significance: 0 }), { name: 'RangeError', message: /significance/ });
});
