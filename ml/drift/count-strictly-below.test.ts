import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../random/seeded-random';
import { countStrictlyBelow, countStrictlyBelowIn } from './count-strictly-below';

test('countStrictlyBelow counts the values strictly below, ties excluded', () => {
  const ascending = Float64Array.of(1, 2, 2, 2, 5);
  assert.deepEqual(
    [0, 1, 1.5, 2, 3, 5, 6].map((value) => countStrictlyBelow(ascending, value)),
    [0, 0, 1, 1, 4, 4, 5],
  );
  assert.equal(countStrictlyBelow([], 3), 0);
});

test('countStrictlyBelowIn gives countStrictlyBelow exactly: at the values, between them, beyond them, and on skewed arrays', () => {
  const random = seededRandom(11);
  const arrays = [
    Float64Array.of(1, 2, 2, 2, 5),
    Float64Array.of(7),
    Float64Array.of(-0, 0, 0.1 + 0.2, 0.3, 1e-300, 5e-324).sort(),
    Float64Array.from({ length: 1000 }, (_, i) => (i < 990 ? i * 1e-9 : 1e6 + i)).sort(),
    Float64Array.from({ length: 999 }, () => Math.exp(8 * random()) - 40).sort(),
  ];
  for (const ascending of arrays) {
    const below = countStrictlyBelowIn(ascending);
    const probes = [...ascending, ...Array.from(ascending, (value) => value + Math.abs(value) * 1e-16), -Infinity, Infinity, -1e308, 1e308, -0];
    for (let i = 0; i < 5000; i += 1) probes.push(ascending[0] + (ascending[ascending.length - 1] - ascending[0]) * (1.2 * random() - 0.1));
    for (const value of probes) assert.equal(below(value), countStrictlyBelow(ascending, value), `${value} in ${ascending.slice(0, 5)}…`);
  }
  assert.equal(countStrictlyBelowIn(new Float64Array(0))(3), 0);
});
