import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stats } from '../../stats/simple-statistics';
import { ReservoirSample } from './reservoir-sample';

const PROBABILITIES = [0.05, 0.25, 0.5, 0.75, 0.95];

test('a stream that fits in the reservoir gives exact quantiles, as simple-statistics computes them', () => {
  const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9];
  const sample = new ReservoirSample(100, 1);
  sample.add(values.slice(0, 4));
  sample.add(values.slice(4));
  assert.equal(sample.exact, true);
  assert.deepEqual(
    sample.quantiles(PROBABILITIES),
    PROBABILITIES.map((p) => ({ p, value: stats.quantile(values, p) })),
  );
  assert.deepEqual(new ReservoirSample(10, 1).quantiles(PROBABILITIES), []);
});

test('a longer stream is sampled uniformly, the same way whatever the chunking', () => {
  const n = 200_000;
  const values = Float64Array.from({ length: n }, (_, i) => i);
  const whole = new ReservoirSample(4096, 7);
  whole.add(values);
  const chunked = new ReservoirSample(4096, 7);
  for (let start = 0; start < n; start += 999) chunked.add(values.subarray(start, start + 999));
  assert.equal(whole.exact, false);
  assert.deepEqual(chunked.quantiles(PROBABILITIES), whole.quantiles(PROBABILITIES));
  // 4096 uniform draws: the rank of each quantile is within ±2.5% of n (more than 3 standard errors).
  for (const { p, value } of whole.quantiles(PROBABILITIES)) {
    assert.ok(Math.abs(value / n - p) < 0.025, `p${p * 100} = ${value}, expected about ${p * n}`);
  }
  // Every part of the stream gets its share, the tail included: Algorithm L's skips are not biased early.
  const late = new ReservoirSample(1000, 3);
  late.add(values);
  const [p95] = late.quantiles([0.95]);
  assert.ok(p95.value > 0.9 * n, `p95 ${p95.value}`);
});
