import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DriftScanPlan } from '../../domain/drift';
import { columnDriftResult, columnDriftStream, type ColumnValues } from './column-drift-stream';
import { mergeScanParts, sketchedSummaries, summariseColumn, type ScanPartSummary } from './column-summary';
import { ksTwoSample } from './ks-two-sample';
import { seededRandom } from '../random/seeded-random';
import { standardNormal } from '../random/standard-normal';
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

test('numeric columns past the budget are sketched, and their drift lies within its reported bound of the exact drift', () => {
  const random = seededRandom(5);
  const rows = (n: number, shift: number) => Float64Array.from({ length: n }, () => shift + standardNormal(random));
  const slices = (values: Float64Array, outputs: (string | null)[]) =>
    [0, 1, 2, 3].map((s) => {
      const range = [(s * values.length) / 4, ((s + 1) * values.length) / 4];
      return sketchedSummaries([numeric('x', Array.from(values.subarray(range[0], range[1]))), labels(outputs.slice(range[0], range[1]))], 4000);
    });
  const referenceValues = rows(40_000, 0);
  const currentValues = rows(30_000, 0.3);
  const outputsOf = (values: Float64Array) => Array.from(values, (value) => (value > 0.5 ? 'high' : 'low'));
  const parts = (summaries: ReturnType<typeof slices>): ScanPartSummary[] => summaries.map(([x, prediction]) => ({ columns: [x], prediction }));
  const reference = parts(slices(referenceValues, outputsOf(referenceValues)));
  const current = parts(slices(currentValues, outputsOf(currentValues)));
  assert.ok(reference.every((part) => part.columns[0].kind === 'numeric' && part.columns[0].counts === null && part.columns[0].sketch));
  const drift = scanDriftOfSummaries({ minimumSampleSize: 30 } as DriftScanPlan, mergeScanParts(reference), mergeScanParts(current))!;
  const exact = columnDriftStream(numeric('x', Array.from(referenceValues)), 1e6, 1e6);
  exact.add(currentValues);
  const exactResult = columnDriftResult(exact, 30);
  const [x] = drift.columns;
  assert.deepEqual([x.test, x.binned, x.status, x.referenceSize, x.currentSize], ['wasserstein', true, 'TESTED', 40_000, 30_000]);
  assert.ok(x.errorBound! > 0 && x.errorBound! < 0.03, `bound ${x.errorBound}`);
  assert.ok(Math.abs(x.statistic - exactResult.statistic) <= x.errorBound!, `${x.statistic} ± ${x.errorBound} vs ${exactResult.statistic}`);
  assert.equal(x.drifted, exactResult.drifted);
  // The categorical output stays exact counts: the same test result as the values give.
  const outputs = columnDriftStream(labels(outputsOf(referenceValues)));
  outputs.add(outputsOf(currentValues));
  assert.deepEqual(drift.predictionDrift, columnDriftResult(outputs, 30));
  // Merged in another grouping, the sketches give the same report.
  const regrouped = mergeScanParts([mergeScanParts(reference.slice(2)), mergeScanParts(reference.slice(0, 2))]);
  assert.deepEqual(scanDriftOfSummaries({ minimumSampleSize: 30 } as DriftScanPlan, regrouped, mergeScanParts(current))!.columns[0].statistic, x.statistic);
});

test('a small reference tests a sketched current sample with Kolmogorov–Smirnov, the true distance within its bound above', () => {
  const random = seededRandom(9);
  const referenceValues = Array.from({ length: 800 }, () => standardNormal(random));
  const currentValues = Array.from({ length: 50_000 }, () => 0.2 + standardNormal(random));
  const summary = (values: number[]) => sketchedSummaries([numeric('x', values), labels(values.map(() => 'a'))], 4000);
  const part = (values: number[]): ScanPartSummary => {
    const [x, prediction] = summary(values);
    return { columns: [x], prediction };
  };
  const drift = scanDriftOfSummaries({ minimumSampleSize: 30 } as DriftScanPlan, part(referenceValues), mergeScanParts([part(currentValues.slice(0, 25_000)), part(currentValues.slice(25_000))]))!;
  const exact = ksTwoSample(Float64Array.from(referenceValues), Float64Array.from(currentValues));
  const [x] = drift.columns;
  assert.deepEqual([x.test, x.binned], ['ks', true]);
  assert.ok(x.statistic <= exact.statistic + 1e-12 && exact.statistic <= x.statistic + x.errorBound!, `${x.statistic} + ${x.errorBound} vs ${exact.statistic}`);
  assert.equal(x.drifted, exact.pValue < 0.05);
});
