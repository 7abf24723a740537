import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HyperLogLog, hashValue } from './hyperloglog';

function estimate(values: Iterable<string | number>): number {
  const sketch = new HyperLogLog();
  for (const value of values) sketch.add(hashValue(value));
  return sketch.estimate();
}

function* range(n: number, map: (i: number) => string | number): Generator<string | number> {
  for (let i = 0; i < n; i += 1) yield map(i);
}

test('estimates within 3% (about 4 standard errors) for strings, integers and fractions', () => {
  for (const [n, map] of [
    [100_000, (i: number) => `value-${i}`],
    [300_000, (i: number) => i],
    [50_000, (i: number) => i / 8],
    [1_000, (i: number) => `JFK→${i}`],
  ] as const) {
    const relativeError = Math.abs(estimate(range(n, map)) - n) / n;
    assert.ok(relativeError < 0.03, `${n} distinct: error ${(relativeError * 100).toFixed(2)}%`);
  }
});

test('repeats do not count, and 0 and -0 are one value', () => {
  assert.equal(Math.round(estimate(range(10_000, (i) => i % 10))), 10);
  assert.equal(hashValue(0), hashValue(-0));
  assert.notEqual(hashValue('a'), hashValue('b'));
  assert.equal(estimate([]), 0);
});
