import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VALUE_TOLERANCE, assertClose, numericSample, scipyValues } from './fixtures/scipy-fixtures';
import { PSI_BINS, populationStabilityIndex } from './psi';

test('matches a numpy PSI over the reference’s quantile bins, real data included', () => {
  for (const c of scipyValues.psi) {
    const result = populationStabilityIndex(numericSample(c.reference), numericSample(c.current), { bins: c.bins, epsilon: c.epsilon });
    assert.deepEqual([...result.edges], c.edges, c.name);
    assertClose(result.statistic, c.statistic, VALUE_TOLERANCE, c.name);
    assert.deepEqual(
      [result.referenceSize, result.currentSize, result.referenceMissing, result.currentMissing],
      [c.referenceSize, c.currentSize, c.referenceMissing, c.currentMissing],
      c.name,
    );
  }
});

test(`${PSI_BINS} bins by default; a shift in Seattle’s daily highs from 2012 to 2015 passes the 0.1 threshold`, () => {
  const c = scipyValues.psi.find((row) => row.name === 'seattle temp_max 2012 vs 2015')!;
  assert.equal(c.bins, PSI_BINS);
  const result = populationStabilityIndex(numericSample(c.reference), numericSample(c.current));
  assert.equal(result.edges.length, PSI_BINS - 1);
  assert.ok(result.statistic >= 0.1);
});

test('empty samples are a RangeError naming the argument', () => {
  assert.throws(() => populationStabilityIndex(new Float64Array(0), Float64Array.from([1])), { name: 'RangeError', message: /^reference/ });
  assert.throws(() => populationStabilityIndex(Float64Array.from([1]), Float64Array.from([Number.NaN])), { name: 'RangeError', message: /^current/ });
});
