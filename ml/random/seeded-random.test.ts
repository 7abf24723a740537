import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from './seeded-random';

test('matches the reference mulberry32 sequence', () => {
  // Values from bryc's reference implementation.
  const fromOne = seededRandom(1);
  assert.deepEqual([fromOne(), fromOne(), fromOne()], [0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  const fromFortyTwo = seededRandom(42);
  assert.deepEqual(
    [fromFortyTwo(), fromFortyTwo(), fromFortyTwo()],
    [0.6011037519201636, 0.44829055899754167, 0.8524657934904099],
  );
});

test('reduces the seed modulo 2^32', () => {
  assert.equal(seededRandom(-1)(), 0.8964226141106337);
  assert.equal(seededRandom(2 ** 32 + 1)(), seededRandom(1)());
});

test('stays in [0, 1)', () => {
  const random = seededRandom(7);
  for (let i = 0; i < 10_000; i++) {
    const value = random();
    assert.ok(value >= 0 && value < 1, `value ${value} out of range`);
  }
});

test('rejects seeds that are not safe integers', () => {
  assert.throws(() => seededRandom(1.5), RangeError);
  assert.throws(() => seededRandom(Number.NaN), RangeError);
  assert.throws(() => seededRandom(2 ** 53), RangeError);
});
