import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainValidationTestSplit } from './train-validation-test-split';

function assertPartition(split: { train: Uint32Array; validation: Uint32Array; test: Uint32Array }, rowCount: number) {
  assert.deepEqual(
    [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b),
    Array.from({ length: rowCount }, (_, i) => i),
  );
  for (const part of [split.train, split.validation, split.test]) {
    for (let i = 1; i < part.length; i++) assert.ok(part[i - 1] < part[i]);
  }
}

test('splits a row count into the requested shares, deterministically', () => {
  const options = { validationFraction: 0.15, testFraction: 0.2, seed: 3 };
  const split = trainValidationTestSplit(200, options);
  assert.equal(split.test.length, 40);
  assert.equal(split.validation.length, 30);
  assert.equal(split.train.length, 130);
  assertPartition(split, 200);
  assert.deepEqual(trainValidationTestSplit(200, options), split);
  assert.notDeepEqual(trainValidationTestSplit(200, { ...options, seed: 4 }).validation, split.validation);
});

test('is stratified when given labels', () => {
  const labels = Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? 'rare' : 'common'));
  const split = trainValidationTestSplit(labels, { validationFraction: 0.2, testFraction: 0.2, seed: 9 });
  assertPartition(split, 100);
  const rare = (rows: Uint32Array) => [...rows].filter((row) => labels[row] === 'rare').length;
  assert.deepEqual([rare(split.train), rare(split.validation), rare(split.test)], [15, 5, 5]);
});

test('gives every part a row and rejects impossible requests', () => {
  const tiny = trainValidationTestSplit(3, { validationFraction: 0.01, testFraction: 0.01, seed: 1 });
  assert.deepEqual([tiny.train.length, tiny.validation.length, tiny.test.length], [1, 1, 1]);
  assert.throws(() => trainValidationTestSplit(2, { validationFraction: 0.2, testFraction: 0.2, seed: 1 }), /at least 3/);
  assert.throws(
    () => trainValidationTestSplit(10, { validationFraction: 0.5, testFraction: 0.5, seed: 1 }),
    /validationFraction \+ testFraction must be below 1/,
  );
  assert.throws(() => trainValidationTestSplit(10, { validationFraction: 0, testFraction: 0.5, seed: 1 }), /validationFraction/);
});
