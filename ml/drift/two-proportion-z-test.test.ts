import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VALUE_TOLERANCE, assertClose, assertRelativelyClose, categoricalSample, scipyValues } from './fixtures/scipy-fixtures';
import { categoryCounts } from './category-counts';
import { twoProportionZTest } from './two-proportion-z-test';

test('matches the pooled z and 2·scipy.stats.norm.sf(|z|), far into the tail', () => {
  for (const c of scipyValues.zTest) {
    const counts = categoryCounts(categoricalSample(c.reference), categoricalSample(c.current));
    assert.deepEqual(counts.categories, c.categories, c.name);
    assert.equal(counts.reference[0], c.referenceSuccesses, c.name);
    const result = twoProportionZTest(c.referenceSuccesses, c.referenceSize, c.currentSuccesses, c.currentSize);
    assertClose(result.statistic, c.statistic, VALUE_TOLERANCE, `${c.name}: z`);
    // erfc through the incomplete gamma keeps full relative precision, even at p ≈ 1e-21.
    assertRelativelyClose(result.pValue, c.pValue, 1e-12, `${c.name}: p`);
  }
});

test('real data: rainy days are more frequent in Seattle winters than summers', () => {
  const c = scipyValues.zTest.find((row) => row.name === 'seattle rain, summer vs winter')!;
  // The success is "other" (not rain), more frequent in summer: z > 0, p ≈ 1e-23.
  const result = twoProportionZTest(c.referenceSuccesses, c.referenceSize, c.currentSuccesses, c.currentSize);
  assert.ok(result.statistic > 10 && result.pValue < 1e-20);
});

test('a hand-computed value', () => {
  // 40/100 vs 60/100: p̂ = ½, z = −0.2 / √(¼ · 0.02) = −2√2, p = erfc(2) = 0.004677734981047266.
  const result = twoProportionZTest(40, 100, 60, 100);
  assert.ok(Math.abs(result.statistic + 2 * Math.SQRT2) < 1e-14);
  assert.ok(Math.abs(result.pValue - 0.004677734981047266) < 1e-17);
});

test('one category on both sides cannot differ: z = 0, p = 1', () => {
  assert.deepEqual(twoProportionZTest(0, 10, 0, 7), { statistic: 0, pValue: 1 });
  assert.deepEqual(twoProportionZTest(10, 10, 7, 7), { statistic: 0, pValue: 1 });
});

test('sizes and counts are checked, naming the argument', () => {
  assert.throws(() => twoProportionZTest(0, 0, 1, 2), { name: 'RangeError', message: /^referenceSize is 0/ });
  assert.throws(() => twoProportionZTest(1, 2, 0, 0), { name: 'RangeError', message: /^currentSize is 0/ });
  assert.throws(() => twoProportionZTest(3, 2, 0, 2), { name: 'RangeError', message: /^referenceSuccesses/ });
  assert.throws(() => twoProportionZTest(1, 2, 0.5, 2), { name: 'RangeError', message: /^currentSuccesses/ });
});
