import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DriftScanPlan } from '../../domain/drift';
import { columnDriftResult, columnDriftStream, type ColumnValues } from './column-drift-stream';
import { mergeScanParts, summariseColumn, type ScanPartSummary } from './column-summary';
import { NoReferenceValuesError, scanDriftOfSummaries } from './scan-drift-of-summaries';

const plan = { minimumSampleSize: 3 } as DriftScanPlan;
const numeric = (name: string, values: number[]): ColumnValues => ({ name, kind: 'numeric', values: Float64Array.from(values) });
const labels = (values: (string | null)[]): ColumnValues => ({ name: 'prediction', kind: 'categorical', values });
const part = (x: number[], prediction: (string | null)[]): ScanPartSummary => ({ columns: [summariseColumn(numeric('x', x))], prediction: summariseColumn(labels(prediction)) });

test('the drift of merged part summaries is the drift of all the rows, column and output', () => {
  const reference = [part([1, 2, 2, 3], ['a', 'b', 'a', 'a']), part([3, 4, Number.NaN], ['b', 'b', null])];
  const current = [part([2, 5, 5], ['a', 'b', 'b']), part([6, 6, 7, 1], ['b', 'b', 'b', 'a'])];
  const drift = scanDriftOfSummaries(plan, mergeScanParts(reference), mergeScanParts(current))!;
  const direct = (ref: ColumnValues, cur: ColumnValues) => {
    const stream = columnDriftStream(ref);
    stream.add(cur.values);
    return columnDriftResult(stream, 3);
  };
  assert.deepEqual(drift.columns, [direct(numeric('x', [1, 2, 2, 3, 3, 4, Number.NaN]), numeric('x', [2, 5, 5, 6, 6, 7, 1]))]);
  assert.deepEqual(drift.predictionDrift, direct(labels(['a', 'b', 'a', 'a', 'b', 'b', null]), labels(['a', 'b', 'b', 'b', 'b', 'b', 'a'])));
});

test('a summary without counts leaves the drift to the whole read; a reference without values is named', () => {
  const exact = part([1, 2, 3], ['a', 'b', 'a']);
  const uncounted: ScanPartSummary = { ...exact, columns: [{ ...exact.columns[0], counts: null }] };
  assert.equal(scanDriftOfSummaries(plan, exact, uncounted), null);
  assert.throws(
    () => scanDriftOfSummaries(plan, part([Number.NaN, Number.NaN, Number.NaN], ['a', 'b', 'a']), exact),
    (error: unknown) => error instanceof NoReferenceValuesError && error.column === 'x',
  );
  assert.throws(
    () => scanDriftOfSummaries(plan, part([1, 2, 3], [null, null, null]), exact),
    (error: unknown) => error instanceof NoReferenceValuesError && error.column === 'prediction',
  );
});
