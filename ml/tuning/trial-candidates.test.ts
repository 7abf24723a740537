import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TuningSpec } from '../../domain/tuning';
import { trialCandidates, tuningProblem } from './trial-candidates';

const objective = { metric: 'accuracy', goal: 'MAXIMIZE' as const };

test('GRID is the Cartesian product in name order, cut at maxTrials', () => {
  const spec: TuningSpec = { strategy: 'GRID', space: { learningRate: [0.1, 0.5], l2: [0, 1] }, maxTrials: 3, parallelism: 2, objective };
  assert.deepEqual(trialCandidates(spec, 1), [
    { l2: 0, learningRate: 0.1 },
    { l2: 0, learningRate: 0.5 },
    { l2: 1, learningRate: 0.1 },
  ]);
});

test('RANDOM draws are reproducible from the seed and stay inside their ranges', () => {
  const spec: TuningSpec = {
    strategy: 'RANDOM',
    space: { learningRate: { min: 0.001, max: 1, scale: 'LOG' }, maxIterations: { min: 50, max: 500, integer: true }, l2: [0, 0.01] },
    maxTrials: 20,
    parallelism: 4,
    objective,
  };
  const first = trialCandidates(spec, 7);
  assert.deepEqual(trialCandidates(spec, 7), first);
  assert.notDeepEqual(trialCandidates(spec, 8), first);
  for (const trial of first) {
    assert.ok(trial.learningRate >= 0.001 && trial.learningRate <= 1);
    assert.ok(Number.isInteger(trial.maxIterations) && trial.maxIterations >= 50 && trial.maxIterations <= 500);
    assert.ok([0, 0.01].includes(trial.l2));
  }
});

test('problems name the field', () => {
  const base: TuningSpec = { strategy: 'GRID', space: { l2: [1] }, maxTrials: 2, parallelism: 1, objective };
  assert.equal(tuningProblem(base), null);
  assert.deepEqual(tuningProblem({ ...base, maxTrials: 0 })?.field, 'input.tuning.maxTrials');
  assert.deepEqual(tuningProblem({ ...base, space: { l2: { min: 0, max: 1 } } })?.field, 'input.tuning.space.l2');
  assert.deepEqual(tuningProblem({ ...base, strategy: 'RANDOM', space: { l2: { min: 0, max: 1, scale: 'LOG' } } })?.field, 'input.tuning.space.l2');
  assert.deepEqual(tuningProblem({ ...base, space: {} })?.field, 'input.tuning.space');
});
