import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stats } from '../stats/simple-statistics';
import { DDM_INITIAL_STATE, DDM_PARAMETERS, ddmStep, runDdm } from './ddm';
import { evenErrorStream, randomErrorStream } from './error-streams';

test('Gama et al.’s parameters: warning at 2, drift at 3 standard deviations, from 30 predictions', () => {
  assert.deepEqual(DDM_PARAMETERS, { warningLevel: 2, driftLevel: 3, minInstances: 30 });
});

test('p and s are the error rate and its binomial standard deviation; p_min, s_min where p + s was lowest', () => {
  let state = DDM_INITIAL_STATE;
  const errors = [true, false, false, false];
  for (const error of errors) state = ddmStep(state, error).state;
  assert.equal(state.instances, 4);
  assert.equal(state.errorRate, 0.25);
  // Below 30 predictions nothing is checked or recorded.
  assert.equal(state.minErrorRate, Infinity);
});

test('the first 29 predictions never signal, whatever they are', () => {
  const run = runDdm(Array.from({ length: 29 }, (_, i) => i < 5));
  assert.ok(run.levels.every((level) => level === 'NONE'));
});

test('after 30 error-free predictions the first error is a drift (p_min = s_min = 0), then the detector resets', () => {
  const stream = [...Array<boolean>(30).fill(false), true, false];
  const run = runDdm(stream);
  assert.deepEqual(run.drifts, [30]);
  assert.equal(run.levels[31], 'NONE');
  // Error-free predictions alone never signal: p + s = 0 is not above p_min + 3·s_min = 0.
  assert.ok(runDdm(Array<boolean>(1000).fill(false)).levels.every((level) => level === 'NONE'));
});

test('stable even streams do not drift', () => {
  for (const rate of [0.05, 0.1, 0.2, 0.3]) {
    const run = runDdm(evenErrorStream(10000, Infinity, rate, rate));
    assert.deepEqual(run.drifts, [], `error rate ${rate}`);
  }
  assert.deepEqual(runDdm(evenErrorStream(10000, Infinity, 0.1, 0.1)).warnings, []);
});

test('error rate 0.1, then 0.5 from step 1000: a warning, then drift within 50 steps, nothing before', () => {
  const run = runDdm(evenErrorStream(3000, 1000, 0.1, 0.5));
  assert.equal(run.levels.slice(0, 1000).every((level) => level === 'NONE'), true);
  assert.equal(run.drifts.length, 1);
  const [drift] = run.drifts;
  assert.ok(drift >= 1000 && drift < 1050, `drift at ${drift}`);
  assert.ok(run.warnings[0] >= 1000 && run.warnings[0] < drift, `warning at ${run.warnings[0]}`);
});

test('random streams with the same change: drift found after it in every one of 100 seeds', () => {
  const delays = Array.from({ length: 100 }, (_, seed) => {
    const run = runDdm(randomErrorStream(seed + 1, 3000, 1000, 0.1, 0.5));
    const drift = run.drifts.find((step) => step >= 1000);
    assert.notEqual(drift, undefined, `seed ${seed + 1}`);
    return drift! - 1000;
  });
  assert.ok(stats.median(delays) < 100, `median delay ${stats.median(delays)}`);
  assert.ok(Math.max(...delays) < 400, `longest delay ${Math.max(...delays)}`);
});

test('steps do not change the state they are given', () => {
  const before = { ...DDM_INITIAL_STATE, instances: 40, errorRate: 0.1, minErrorRate: 0.08, minStandardDeviation: 0.04 };
  const copy = { ...before };
  ddmStep(before, true);
  assert.deepEqual(before, copy);
});
