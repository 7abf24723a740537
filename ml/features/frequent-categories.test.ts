import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CATEGORY_POLICY, selectCategories } from './frequent-categories';

const counts = (entries: [string, number][]) => new Map(entries);

test('up to keepAllUpTo distinct values, every category is kept, sorted, without an other column', () => {
  assert.deepEqual(selectCategories(counts([['b', 1], ['a', 50], ['c', 2]])), { kept: ['a', 'b', 'c'], hasOther: false });
  const hundred = counts(Array.from({ length: 100 }, (_, i) => [`v${String(i).padStart(3, '0')}`, 1]));
  assert.deepEqual(selectCategories(hundred).hasOther, false);
  assert.equal(selectCategories(hundred).kept.length, 100);
});

test('past keepAllUpTo, the most frequent categories covering the share of rows are kept, the rest pooled', () => {
  // 4 categories of 30, 30, 30 and 10 rows; keep at least 2; 90% coverage needs the three of 30.
  const policy = { keepAllUpTo: 2, coverage: 0.9, maxKept: 10 };
  assert.deepEqual(selectCategories(counts([['rare', 10], ['x', 30], ['y', 30], ['z', 30]]), policy), { kept: ['x', 'y', 'z'], hasOther: true });
  // Coverage reached by the two most frequent: still at least keepAllUpTo kept.
  assert.deepEqual(selectCategories(counts([['a', 95], ['b', 3], ['c', 1], ['d', 1]]), policy), { kept: ['a', 'b'], hasOther: true });
  // Coverage 1 keeps everything up to maxKept.
  assert.deepEqual(selectCategories(counts([['a', 5], ['b', 3], ['c', 1]]), { ...policy, coverage: 1 }), { kept: ['a', 'b', 'c'], hasOther: false });
});

test('maxKept caps the kept categories, and ties are broken by value so the choice is reproducible', () => {
  const policy = { keepAllUpTo: 1, coverage: 1, maxKept: 2 };
  assert.deepEqual(selectCategories(counts([['d', 1], ['c', 1], ['b', 1], ['a', 1]]), policy), { kept: ['a', 'b'], hasOther: true });
  assert.deepEqual(selectCategories(counts([['a', 1], ['b', 1], ['c', 1], ['d', 1]]), policy), { kept: ['a', 'b'], hasOther: true });
});

test('the default keeps 100 categories at least, those covering 99% of rows, at most 1000', () => {
  assert.deepEqual(DEFAULT_CATEGORY_POLICY, { keepAllUpTo: 100, coverage: 0.99, maxKept: 1000 });
  // 150 categories of 100 rows and 100 of 1 row: 15,000 of 15,100 rows (99.3%) are in the first 150.
  const entries: [string, number][] = [
    ...Array.from({ length: 150 }, (_, i): [string, number] => [`common${i}`, 100]),
    ...Array.from({ length: 100 }, (_, i): [string, number] => [`rare${i}`, 1]),
  ];
  const selection = selectCategories(counts(entries));
  assert.equal(selection.kept.length, 150);
  assert.ok(selection.kept.every((value) => value.startsWith('common')));
  assert.equal(selection.hasOther, true);
  const many = counts(Array.from({ length: 5000 }, (_, i) => [`id${i}`, 1]));
  assert.equal(selectCategories(many).kept.length, 1000);
});

test('rejects a policy that cannot select anything', () => {
  assert.throws(() => selectCategories(counts([['a', 1]]), { keepAllUpTo: 1, coverage: 0, maxKept: 1 }), /coverage must be in \(0, 1\]/);
  assert.throws(() => selectCategories(counts([['a', 1]]), { keepAllUpTo: 3, coverage: 0.5, maxKept: 2 }), /keepAllUpTo must be a positive integer/);
});
