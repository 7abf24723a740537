import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NULL_SHARE_TOLERANCE, UNSEEN_SHARE_TOLERANCE } from '../../domain/drift';
import { addToCategoryTally, categoryTallyOf } from './category-tally';
import { columnQuality } from './column-quality';

test('missing shares per side; drift when the current share rises by more than 5 points', () => {
  assert.equal(NULL_SHARE_TOLERANCE, 0.05);
  assert.deepEqual(columnQuality('x', { values: 200, missing: 10 }, { values: 100, missing: 10 }), {
    column: 'x',
    referenceNullShare: 0.05,
    currentNullShare: 0.1,
    noCurrentValues: false,
    unseenCategories: [],
    unseenShare: 0,
    drifted: false,
  });
  assert.equal(columnQuality('x', { values: 200, missing: 10 }, { values: 100, missing: 11 }).drifted, true);
  assert.equal(columnQuality('x', { values: 100, missing: 50 }, { values: 100, missing: 0 }).drifted, false, 'fewer missing values is no harm');
});

test('unseen categories: the most frequent first (at most 10), their share of the present current values', () => {
  assert.equal(UNSEEN_SHARE_TOLERANCE, 0.01);
  const reference = categoryTallyOf(['a', 'b', null]);
  const current = categoryTallyOf([...Array(990).fill('a'), ...Array(6).fill('z'), ...Array(4).fill('y'), ...Array(12).fill(null)]);
  const quality = columnQuality('c', reference, current);
  assert.deepEqual(quality, {
    column: 'c',
    referenceNullShare: 1 / 3,
    currentNullShare: 12 / 1012,
    noCurrentValues: false,
    unseenCategories: ['z', 'y'],
    unseenShare: 10 / 1000,
    drifted: false,
  });
  addToCategoryTally(current, ['x']);
  assert.equal(columnQuality('c', reference, current).drifted, true, '11 of 1001 is past 1%');
  const many = categoryTallyOf(Array.from({ length: 15 }, (_, i) => `k${String(i).padStart(2, '0')}`));
  assert.deepEqual(columnQuality('c', reference, many).unseenCategories, Array.from({ length: 10 }, (_, i) => `k${String(i).padStart(2, '0')}`));
});

test('an empty current sample has shares of 0, not NaN, and is a finding of its own', () => {
  assert.deepEqual(columnQuality('x', { values: 0, missing: 0 }, { values: 0, missing: 0 }), {
    column: 'x',
    referenceNullShare: 0,
    currentNullShare: 0,
    noCurrentValues: true,
    unseenCategories: [],
    unseenShare: 0,
    drifted: true,
  });
  const allMissing = columnQuality('x', { values: 100, missing: 100 }, { values: 5, missing: 5 });
  assert.equal(allMissing.noCurrentValues, true);
  assert.equal(allMissing.drifted, true, 'even when the reference was all missing too');
  assert.equal(columnQuality('x', { values: 100, missing: 0 }, { values: 1, missing: 0 }).noCurrentValues, false);
});

