import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stats } from '../stats/simple-statistics';
import { absoluteErrorStream } from './error-streams';
import { PAGE_HINKLEY_INITIAL_STATE, PAGE_HINKLEY_PARAMETERS, pageHinkleyStep, runPageHinkley } from './page-hinkley';

test('parameters: δ = 0.2 and λ = 50 warm-up standard deviations, after 100 observations', () => {
  assert.deepEqual(PAGE_HINKLEY_PARAMETERS, { delta: 0.2, threshold: 50, minInstances: 100 });
});

test('silent on 200 seeded stationary streams of 2 000 to 20 000 absolute errors at scales from 0.01 to a million', () => {
  const lengths = [2000, 5000, 10000, 20000];
  const scales = [0.01, 1, 250, 1e6];
  for (let i = 0; i < 200; i += 1) {
    const length = lengths[i % lengths.length];
    const scale = scales[Math.floor(i / lengths.length) % scales.length];
    const run = runPageHinkley(absoluteErrorStream(i + 1, length, length, scale, scale));
    assert.deepEqual(run.drifts, [], `seed ${i + 1}, ${length} errors of scale ${scale}`);
  }
});

test('errors whose spread doubles at step 3000: drift after the change in every one of 100 seeds, median delay 40', () => {
  const delays = Array.from({ length: 100 }, (_, i) => {
    const run = runPageHinkley(absoluteErrorStream(i + 1, 6000, 3000, 5, 10));
    assert.ok(run.drifts.every((step) => step >= 3000), `seed ${i + 1}: drift before the change at ${run.drifts}`);
    assert.ok(run.drifts.length > 0, `seed ${i + 1}: no drift`);
    return run.drifts[0] - 3000;
  });
  assert.equal(stats.median(delays), 40);
  assert.ok(Math.max(...delays) < 100, `longest delay ${Math.max(...delays)}`);
});

test('the scale does not matter: the same stream in other units signals at the same steps', () => {
  const errors = absoluteErrorStream(3, 4000, 2000, 1, 1.5);
  const inMinutes = runPageHinkley(errors).drifts;
  assert.ok(inMinutes.length > 0);
  assert.deepEqual(runPageHinkley(errors.map((e) => e * 60)).drifts, inMinutes);
});

test('only a rise is watched: errors that shrink by half never signal', () => {
  for (let seed = 1; seed <= 20; seed += 1) assert.deepEqual(runPageHinkley(absoluteErrorStream(seed, 6000, 3000, 2, 1)).drifts, [], `seed ${seed}`);
});

test('a warm-up of equal errors leaves the smallest scale, so the first different error is drift; then the detector resets', () => {
  const run = runPageHinkley([...Array<number>(100).fill(0), 0.5, 0]);
  assert.deepEqual(run.drifts, [100]);
  assert.equal(run.levels[101], 'NONE');
});

test('non-finite errors are refused, and a step leaves the state it was given as it was', () => {
  assert.throws(() => pageHinkleyStep(PAGE_HINKLEY_INITIAL_STATE, Number.NaN), { name: 'RangeError', message: /finite/ });
  const before = { ...PAGE_HINKLEY_INITIAL_STATE, instances: 150, mean: 1, sumSquaredDeviations: 40, scale: 0.5, cumulative: -3, minimum: -4 };
  const copy = { ...before };
  pageHinkleyStep(before, 3);
  assert.deepEqual(before, copy);
});
