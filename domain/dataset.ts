export const COLUMN_TYPES = ['number', 'string', 'boolean'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** The statistics that become estimates on columns too large to count exactly. */
export const ESTIMABLE_STATISTICS = ['distinctCount', 'quantiles', 'topCategories'] as const;
export type EstimableStatistic = (typeof ESTIMABLE_STATISTICS)[number];

export interface Quantile {
  /** Probability in [0, 1]: 0.5 is the median. */
  p: number;
  value: number;
}

export interface CategoryCount {
  value: string;
  count: number;
}

/**
 * A column's type and profile. The profile fields are optional because dataset versions
 * registered before profiles existed store only name, type, nullCount and distinctCount.
 */
export interface ColumnSchema {
  name: string;
  type: ColumnType;
  nullCount: number;
  distinctCount: number;
  /** Non-null values. */
  count?: number;
  /** Number columns with at least one value. */
  min?: number;
  max?: number;
  mean?: number;
  /** Population standard deviation (divides by the count). */
  std?: number;
  quantiles?: Quantile[];
  /** String and boolean columns: the most frequent values, most frequent first. */
  topCategories?: CategoryCount[];
  /** Statistics of this column that are estimates; every statistic not listed is exact. */
  estimated?: EstimableStatistic[];
}

export const DATASET_FORMATS = ['csv', 'jsonl', 'parquet'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/**
 * One file of a dataset version registered as a set of Parquet files (a directory or a
 * glob): stored as an artifact of its own, in the set's order (by file name). Drift scans
 * fan out over the parts (see docs/data-engine.md).
 */
export interface DatasetPart {
  uri: string;
  sha256: string;
  byteSize: number;
  rows: number;
}
