export const COLUMN_TYPES = ['number', 'string', 'boolean'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface ColumnSchema {
  name: string;
  type: ColumnType;
  nullCount: number;
  distinctCount: number;
}

export const DATASET_FORMATS = ['csv', 'jsonl'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];
