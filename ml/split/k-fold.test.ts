import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kFold } from './k-fold';

test('validates every row exactly once and trains on the rest', () => {
  const folds = kFold(23, { folds: 5, seed: 1 });
  assert.equal(folds.length, 5);
  assert.deepEqual(folds.map((fold) => fold.validation.length), [5, 5, 5, 4, 4]);
  const validated = folds.flatMap((fold) => [...fold.validation]).sort((a, b) => a - b);
  assert.deepEqual(validated, Array.from({ length: 23 }, (_, i) => i));
  for (const { train, validation } of folds) {
    assert.equal(train.length + validation.length, 23);
    assert.ok(![...train].some((row) => validation.includes(row)));
    for (const part of [train, validation]) {
      for (let i = 1; i < part.length; i++) assert.ok(part[i - 1] < part[i]);
    }
  }
});

test('is deterministic and depends on the seed', () => {
  assert.deepEqual(kFold(30, { folds: 3, seed: 8 }), kFold(30, { folds: 3, seed: 8 }));
  assert.notDeepEqual(kFold(30, { folds: 3, seed: 8 })[0].validation, kFold(30, { folds: 3, seed: 9 })[0].validation);
});

test('spreads each class evenly over the folds when given labels', () => {
  const labels = Array.from({ length: 47 }, (_, i) => (i % 5 === 0 ? 'minority' : 'majority'));
  const folds = kFold(labels, { folds: 4, seed: 2 });
  for (const label of ['minority', 'majority']) {
    const total = labels.filter((value) => value === label).length;
    for (const { validation } of folds) {
      const count = [...validation].filter((row) => labels[row] === label).length;
      assert.ok(count === Math.floor(total / 4) || count === Math.ceil(total / 4), `${label}: ${count} of ${total}`);
    }
  }
  const sizes = folds.map((fold) => fold.validation.length);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1);
});

test('rejects a fold count outside 2..20 or above the row count, naming crossValidation.folds', () => {
  for (const folds of [1, 21, 2.5, Number.NaN]) {
    assert.throws(
      () => kFold(100, { folds, seed: 1 }),
      new RangeError(`crossValidation.folds must be an integer from 2 to 20 (got ${folds})`),
    );
  }
  assert.throws(
    () => kFold(['a', 'b', 'a'], { folds: 4, seed: 1 }),
    new RangeError('crossValidation.folds (4) cannot exceed the number of rows (3)'),
  );
});
