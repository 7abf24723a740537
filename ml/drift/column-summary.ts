import { categoryTallyOf } from './category-tally';
import type { ColumnValues } from './column-drift-stream';
import { mergeNumericSketches, SKETCH_BUCKETS_MAX, sketchOfCounts, sketchOfValues, type NumericSketch } from './numeric-sketch';

/**
 * Distinct values a part of a scan may summarise as exact counts, over all its columns and
 * its output: 40 000 entries keep a part's summary (each entry a value and a count, as
 * JSON) well under the 2 MB Temporal allows an activity result. A part with more, or with
 * a value JSON cannot carry (±Infinity), is summarised as not exact: the scan then reads
 * the samples whole (see docs/data-engine.md).
 */
export const PART_SUMMARY_ENTRIES_MAX = 40_000;

/**
 * One column's values in one part of a sample, as value → count (in order of first
 * appearance) and missing values: exact, and mergeable across parts. `counts` is null when
 * the part had too many distinct values to carry; a numeric column then carries a
 * `sketch` of its values instead when the scan asked for sketches (sketchedSummaries).
 */
export type ColumnSummary =
  | { name: string; kind: 'numeric'; missing: number; counts: [number, number][] | null; sketch?: NumericSketch }
  | { name: string; kind: 'categorical'; missing: number; counts: [string, number][] | null };

/** A column's values counted (NaN and null are missing). */
export function summariseColumn(column: ColumnValues): ColumnSummary {
  const { counts, missing } = categoryTallyOf(column.values);
  // JSON carries no ±Infinity: such a part is not summarised exactly.
  const carried = column.kind === 'categorical' || [...counts.keys()].every((value) => Number.isFinite(value));
  const entries = carried ? [...counts] : null;
  return column.kind === 'numeric'
    ? { name: column.name, kind: 'numeric', missing, counts: entries as [number, number][] | null }
    : { name: column.name, kind: 'categorical', missing, counts: entries as [string, number][] | null };
}

/** The part's summaries, every count dropped when together they hold more than `entriesMax` distinct values. */
export function boundedSummaries(summaries: ColumnSummary[], entriesMax: number = PART_SUMMARY_ENTRIES_MAX): ColumnSummary[] {
  const entries = summaries.reduce((sum, summary) => sum + (summary.counts?.length ?? 0), 0);
  return entries <= entriesMax ? summaries : summaries.map((summary) => ({ ...summary, counts: null }) as ColumnSummary);
}

/**
 * The part's columns summarised for a scan that merges sketches: each numeric column as
 * exact counts while it has at most its share of the numeric budget of distinct values
 * (half of PART_SUMMARY_ENTRIES_MAX over the numeric columns, at most SKETCH_BUCKETS_MAX),
 * else as a NumericSketch of that many buckets; categorical columns as exact counts, every
 * count dropped (the scan then reads the samples whole) when together they hold more than
 * the other half. So a part's summary stays well under Temporal's 2 MB whatever its rows.
 * A numeric column with an infinite value (which no sketch holds) is not summarised either.
 */
export function sketchedSummaries(columns: readonly ColumnValues[], entriesMax: number = PART_SUMMARY_ENTRIES_MAX): ColumnSummary[] {
  const numeric = columns.filter((column) => column.kind === 'numeric').length;
  const bucketsMax = Math.max(1, Math.min(SKETCH_BUCKETS_MAX, Math.floor(entriesMax / 2 / Math.max(1, numeric))));
  const summaries = columns.map((column): ColumnSummary => {
    if (column.kind === 'categorical' || distinctAtMost(column.values, bucketsMax) || column.values.some((value) => value === Infinity || value === -Infinity)) {
      return summariseColumn(column);
    }
    const sketch = sketchOfValues(column.values, bucketsMax);
    return { name: column.name, kind: 'numeric', missing: sketch.missing, counts: null, sketch };
  });
  const categorical = summaries.reduce((sum, summary) => sum + (summary.kind === 'categorical' ? (summary.counts?.length ?? 0) : 0), 0);
  return categorical <= entriesMax / 2 ? summaries : summaries.map((summary) => ({ name: summary.name, kind: summary.kind, missing: summary.missing, counts: null }) as ColumnSummary);
}

function distinctAtMost(values: Float64Array, limit: number): boolean {
  const distinct = new Set<number>();
  for (const value of values) {
    if (!Number.isNaN(value)) distinct.add(value);
    if (distinct.size > limit) return false;
  }
  return true;
}

/** True when every summary has its counts or a sketch: the drift is computed from them, not from a whole read. */
export function mergeableSummaries(summaries: readonly ColumnSummary[]): boolean {
  return summaries.every((summary) => summary.counts !== null || (summary.kind === 'numeric' && summary.sketch !== undefined));
}

/** True when every summary still has its counts. */
export function exactSummaries(summaries: readonly ColumnSummary[]): boolean {
  return summaries.every((summary) => summary.counts !== null);
}

/**
 * Two parts' summaries of a column as one: missing values added, counts added per value
 * (a's values first, then b's new ones, in order), or, when either is a sketch, both as
 * sketches merged (the counts sketched as their values would be). Pure and associative,
 * so parts merged in their order give the same summary however the work was spread.
 */
export function mergeColumnSummaries(a: ColumnSummary, b: ColumnSummary): ColumnSummary {
  if (a.name !== b.name || a.kind !== b.kind) throw new RangeError(`cannot merge the summary of ${b.kind} column ${b.name} into ${a.kind} column ${a.name}`);
  const missing = a.missing + b.missing;
  if (a.kind === 'numeric' && b.kind === 'numeric' && (a.sketch || b.sketch)) {
    const sketchOf = (summary: typeof a) => summary.sketch ?? (summary.counts ? sketchOfCounts(summary.counts, summary.missing) : undefined);
    const [first, second] = [sketchOf(a), sketchOf(b)];
    if (first && second) return { name: a.name, kind: 'numeric', missing, counts: null, sketch: mergeNumericSketches(first, second) };
  }
  if (a.counts === null || b.counts === null) return { name: a.name, kind: a.kind, missing, counts: null } as ColumnSummary;
  const counts = new Map<number | string, number>(a.counts);
  for (const [value, count] of b.counts) counts.set(value, (counts.get(value) ?? 0) + count);
  return { ...a, missing, counts: [...counts] } as ColumnSummary;
}

/**
 * A summary's values, each repeated its count times, then the missing ones: the same
 * multiset as the rows summarised, in another order. Every drift statistic depends on
 * the multiset alone (up to the rounding of sums, which follows the order).
 */
export function valuesOfSummary(summary: ColumnSummary): ColumnValues {
  if (summary.counts === null) throw new RangeError(`the summary of column ${summary.name} has no counts`);
  const size = summary.counts.reduce((sum, [, count]) => sum + count, 0) + summary.missing;
  if (summary.kind === 'numeric') {
    const values = new Float64Array(size).fill(Number.NaN);
    let offset = 0;
    for (const [value, count] of summary.counts) {
      values.fill(value, offset, offset + count);
      offset += count;
    }
    return { name: summary.name, kind: 'numeric', values };
  }
  const values: (string | null)[] = [];
  for (const [value, count] of summary.counts) for (let i = 0; i < count; i += 1) values.push(value);
  for (let i = 0; i < summary.missing; i += 1) values.push(null);
  return { name: summary.name, kind: 'categorical', values };
}

/** What one part of a scan's sample gives the scan: its columns' summaries and the model output's. */
export interface ScanPartSummary {
  columns: ColumnSummary[];
  prediction: ColumnSummary;
}

/** The parts' summaries merged in their order, column by column. */
export function mergeScanParts(parts: readonly ScanPartSummary[]): ScanPartSummary {
  if (parts.length === 0) throw new RangeError('no part to merge');
  return parts.reduce((merged, part) => ({
    columns: merged.columns.map((column, c) => mergeColumnSummaries(column, part.columns[c])),
    prediction: mergeColumnSummaries(merged.prediction, part.prediction),
  }));
}
