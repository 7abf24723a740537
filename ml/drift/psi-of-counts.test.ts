import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VALUE_TOLERANCE, assertClose, scipyValues } from './fixtures/scipy-fixtures';
import { PSI_EPSILON, populationStabilityIndexOfCounts } from './psi-of-counts';

test('a hand-computed value: [50, 50] against [25, 75] gives ¼·ln 3', () => {
  // (0.25 − 0.5)·ln(0.25/0.5) + (0.75 − 0.5)·ln(0.75/0.5) = ¼(ln 2 + ln 1.5) = ¼ ln 3.
  assert.ok(Math.abs(populationStabilityIndexOfCounts([50, 50], [25, 75]) - Math.log(3) / 4) < 1e-15);
  assert.equal(populationStabilityIndexOfCounts([1, 2, 3], [2, 4, 6]), 0);
});

test(`an empty bin counts as a share of ε = ${PSI_EPSILON}`, () => {
  // [½, ½] vs [1, 0→ε]: (1 − ½)·ln 2 + (ε − ½)·ln(2ε).
  const expected = 0.5 * Math.log(2) + (PSI_EPSILON - 0.5) * Math.log(2 * PSI_EPSILON);
  assert.ok(Math.abs(populationStabilityIndexOfCounts([1, 1], [4, 0]) - expected) < 1e-15);
  assert.ok(populationStabilityIndexOfCounts([1, 1], [4, 0], 1e-6) > populationStabilityIndexOfCounts([1, 1], [4, 0]));
});

test('matches the numpy PSI of the fixtures from their counts', () => {
  for (const c of scipyValues.psi) {
    assertClose(populationStabilityIndexOfCounts(c.referenceCounts, c.currentCounts, c.epsilon), c.statistic, VALUE_TOLERANCE, c.name);
  }
});

test('bad input is a RangeError naming the argument', () => {
  assert.throws(() => populationStabilityIndexOfCounts([0, 0], [1, 1]), { name: 'RangeError', message: /^referenceCounts is empty/ });
  assert.throws(() => populationStabilityIndexOfCounts([1, 1], [1]), { name: 'RangeError', message: /currentCounts has 1/ });
  assert.throws(() => populationStabilityIndexOfCounts([1, 1], [1, 1], 0), { name: 'RangeError', message: /^epsilon/ });
});
