import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stats } from '../stats/simple-statistics';
import { EDDM_INITIAL_STATE, EDDM_PARAMETERS, eddmStep, runEddm } from './eddm';
import { evenErrorStream, randomErrorStream } from './error-streams';

test('Baena-García et al.’s parameters: α = 0.95 warning, β = 0.90 drift, after 30 errors', () => {
  assert.deepEqual(EDDM_PARAMETERS, { warningRatio: 0.95, driftRatio: 0.9, minErrors: 30, minInstances: 30 });
});

test('tracks the mean and standard deviation of the distances between errors', () => {
  // Errors at steps 1, 4 and 9 (1-based): distances 1, 3, 5; mean 3, population variance 8/3.
  let state = EDDM_INITIAL_STATE;
  for (let step = 1; step <= 9; step += 1) state = eddmStep(state, [1, 4, 9].includes(step)).state;
  assert.equal(state.errors, 3);
  assert.equal(state.meanDistance, 3);
  assert.ok(Math.abs(state.sumSquaredDeviations / state.errors - 8 / 3) < 1e-12);
});

test('errors at an even spacing keep the ratio at 1: never a warning', () => {
  const run = runEddm(Array.from({ length: 5000 }, (_, i) => i % 10 === 9));
  assert.ok(run.levels.every((level) => level === 'NONE'));
});

test('fewer than 30 errors never signal, however close together they come', () => {
  const stream = Array.from({ length: 2000 }, (_, i) => (i < 1000 ? i % 50 === 49 : i < 1009));
  assert.equal(stream.filter(Boolean).length, 29);
  assert.ok(runEddm(stream).levels.every((level) => level === 'NONE'));
});

test('stable even streams do not drift', () => {
  for (const rate of [0.05, 0.1, 0.2, 0.3]) {
    assert.deepEqual(runEddm(evenErrorStream(10000, Infinity, rate, rate)).drifts, [], `error rate ${rate}`);
  }
  assert.deepEqual(runEddm(evenErrorStream(10000, Infinity, 0.1, 0.1)).warnings, []);
});

test('error rate 0.1, then 0.5 from step 1000: a warning, then drift, nothing before the change', () => {
  const run = runEddm(evenErrorStream(3000, 1000, 0.1, 0.5));
  assert.equal(run.levels.slice(0, 1000).every((level) => level === 'NONE'), true);
  assert.equal(run.drifts.length, 1);
  const [drift] = run.drifts;
  // The old distances (about 10) dominate the running mean for a while: EDDM needs ~200 steps here.
  assert.ok(drift >= 1000 && drift < 1300, `drift at ${drift}`);
  assert.ok(run.warnings[0] >= 1000 && run.warnings[0] < drift, `warning at ${run.warnings[0]}`);
});

test('a warning holds over steps without an error until the next error re-evaluates it', () => {
  const run = runEddm(evenErrorStream(3000, 1000, 0.1, 0.5));
  const start = run.warnings[0];
  let end = start;
  while (run.levels[end + 1] === 'WARNING') end += 1;
  assert.ok(end > start, 'the warning lasts more than one step');
});

test('random streams with the same change: drift found after it in every one of 100 seeds', () => {
  const delays = Array.from({ length: 100 }, (_, seed) => {
    const run = runEddm(randomErrorStream(seed + 1, 3000, 1000, 0.1, 0.5));
    const drift = run.drifts.find((step) => step >= 1000);
    assert.notEqual(drift, undefined, `seed ${seed + 1}`);
    return drift! - 1000;
  });
  assert.ok(stats.median(delays) < 100, `median delay ${stats.median(delays)}`);
  assert.ok(Math.max(...delays) < 400, `longest delay ${Math.max(...delays)}`);
});
