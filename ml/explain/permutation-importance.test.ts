import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmse } from '../metrics/regression-metrics';
import { seededRandom } from '../random/seeded-random';
import { stats } from '../stats/simple-statistics';
import { permutationImportance } from './permutation-importance';

// y = 3·signal exactly; `noise` is in the data but the model ignores it. Columns follow `features`.
const features = ['noise', 'signal'];
const rowCount = 40;
const random = seededRandom(9);
const columns = features.map(() => Float64Array.from({ length: rowCount }, () => random()));
const target = columns[1].map((signal) => 3 * signal);
const model = ([noise, signal]: ArrayLike<number>[]) => Float64Array.from(signal, (x, i) => 3 * x + 0 * noise[i]);

/** RMSE of the model with feature `permutedFeature` reordered so that row i takes row permutation[i]'s value. */
async function rmseWithPermuted(permutedFeature: number, permutation: Uint32Array): Promise<number> {
  return rmse(target, model(columns.map((column, c) => (c === permutedFeature ? Float64Array.from(permutation, (row) => column[row]) : column))));
}

const options = { features, baseline: 0, score: rmseWithPermuted, rowCount, repeats: 5, seed: 42, higherIsBetter: false };

test('a feature the model uses matters, one it ignores does not', async () => {
  const [signal, noise] = await permutationImportance(options);
  assert.equal(signal.feature, 'signal');
  assert.ok(signal.mean > 0.3, `signal importance ${signal.mean}`);
  assert.ok(signal.std > 0);
  assert.deepEqual(noise, { feature: 'noise', mean: 0, std: 0, scores: [0, 0, 0, 0, 0] });
});

test('importance is the loss increase, with mean and sample standard deviation over repeats', async () => {
  const [signal] = await permutationImportance(options);
  assert.equal(signal.scores.length, 5);
  assert.equal(signal.mean, stats.mean(signal.scores));
  const deviations = signal.scores.map((score) => (score - signal.mean) ** 2);
  assert.ok(Math.abs(signal.std - Math.sqrt(deviations.reduce((a, b) => a + b) / 4)) < 1e-12);
  // The same scores read as a higher-is-better metric flip sign.
  const negated = await permutationImportance({ ...options, baseline: 0, higherIsBetter: true, score: async (f, p) => -(await rmseWithPermuted(f, p)) });
  assert.equal(negated[0].feature, 'signal');
  assert.equal(negated[0].mean, signal.mean);
});

test('is reproducible from the seed, and every feature gets the same permutations', async () => {
  const seen: number[][][] = [[], []];
  const recording = async (feature: number, permutation: Uint32Array) => {
    seen[feature].push([...permutation]);
    permutation.fill(0);
    return rmseWithPermuted(feature, Uint32Array.from(seen[feature].at(-1)!));
  };
  const first = await permutationImportance({ ...options, score: recording });
  assert.deepEqual(seen[0], seen[1]);
  for (const permutation of seen[0]) {
    assert.deepEqual([...permutation].sort((a, b) => a - b), Array.from({ length: rowCount }, (_, i) => i));
  }
  assert.deepEqual(await permutationImportance(options), first);
  assert.notDeepEqual((await permutationImportance({ ...options, seed: 43 }))[0].scores, first[0].scores);
});

test('ties keep the order of the features', async () => {
  const results = await permutationImportance({ ...options, features: ['b', 'a', 'c'], baseline: 1, score: async () => 1 });
  assert.deepEqual(results.map((r) => r.feature), ['b', 'a', 'c']);
});

test('rejects too few repeats, a bad row count, and non-finite scores', async () => {
  await assert.rejects(permutationImportance({ ...options, repeats: 1 }), /repeats must be an integer ≥ 2 \(got 1\)/);
  await assert.rejects(permutationImportance({ ...options, rowCount: 2.5 }), /rowCount must be a non-negative integer/);
  await assert.rejects(permutationImportance({ ...options, baseline: Number.NaN }), /baseline score must be finite/);
  await assert.rejects(
    permutationImportance({ ...options, score: async () => Number.NaN }),
    /score for feature "noise", repeat 0 is NaN; it must be finite/,
  );
});
