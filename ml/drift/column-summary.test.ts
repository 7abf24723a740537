import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnDriftResult, columnDriftStream, type ColumnValues } from './column-drift-stream';
import { boundedSummaries, exactSummaries, mergeColumnSummaries, summariseColumn, valuesOfSummary, type ColumnSummary } from './column-summary';

const numeric = (values: number[]): ColumnValues => ({ name: 'x', kind: 'numeric', values: Float64Array.from(values) });

test('a column is summarised as value counts in order of first appearance and its missing values', () => {
  assert.deepEqual(summariseColumn(numeric([2, Number.NaN, 2, -1])), { name: 'x', kind: 'numeric', missing: 1, counts: [[2, 2], [-1, 1]] });
  assert.deepEqual(summariseColumn({ name: 'c', kind: 'categorical', values: ['b', null, 'a', 'b'] }), {
    name: 'c',
    kind: 'categorical',
    missing: 1,
    counts: [['b', 2], ['a', 1]],
  });
  assert.equal(summariseColumn(numeric([1, Number.POSITIVE_INFINITY])).counts, null, 'JSON carries no Infinity');
});

test('merging parts in order is associative and gives the summary of their values together', () => {
  const parts = [[1, 2, 2], [Number.NaN, 3, 1], [2, 4]].map((values) => summariseColumn(numeric(values)));
  const leftFirst = mergeColumnSummaries(mergeColumnSummaries(parts[0], parts[1]), parts[2]);
  const rightFirst = mergeColumnSummaries(parts[0], mergeColumnSummaries(parts[1], parts[2]));
  assert.deepEqual(leftFirst, rightFirst);
  assert.deepEqual(leftFirst, summariseColumn(numeric([1, 2, 2, Number.NaN, 3, 1, 2, 4])));
  assert.deepEqual(mergeColumnSummaries(parts[0], { ...parts[1], counts: null }), { ...parts[0], missing: 1, counts: null });
  assert.throws(() => mergeColumnSummaries(parts[0], { ...parts[1], name: 'y' } as ColumnSummary), /cannot merge the summary of numeric column y/);
});

test("a part's summaries past the entry limit lose their counts together", () => {
  const summaries = [summariseColumn(numeric([1, 2, 3])), summariseColumn(numeric([4, 5]))];
  assert.equal(exactSummaries(boundedSummaries(summaries, 5)), true);
  assert.deepEqual(
    boundedSummaries(summaries, 4).map((summary) => summary.counts),
    [null, null],
  );
});

test("a summary's values give the drift result of the values summarised", () => {
  const reference = [0.5, 1.5, 1.5, 2, Number.NaN, 3, 3, 3, 4.25, 5, 6, 7];
  const current = [1, 2, 2, 2, 5, 7, 7, 8, Number.NaN, Number.NaN, 9, 9];
  const direct = columnDriftStream(numeric(reference));
  direct.add(Float64Array.from(current));
  const summarised = columnDriftStream(valuesOfSummary(summariseColumn(numeric(reference))));
  summarised.add(valuesOfSummary(summariseColumn(numeric(current))).values);
  assert.deepEqual(columnDriftResult(summarised, 1), columnDriftResult(direct, 1));
  assert.deepEqual(valuesOfSummary({ name: 'c', kind: 'categorical', missing: 1, counts: [['a', 2]] }).values, ['a', 'a', null]);
});
