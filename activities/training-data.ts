import { findDatasetVersion, type DatasetVersion } from '../db/datasets';
import { TUNING_VALIDATION_FRACTION, type PipelineInput } from '../domain/pipeline';
import type { FeatureColumns, FeatureSpec } from '../ml/features/feature-spec';
import { featureSpecOfSchema } from '../ml/features/feature-spec-of-schema';
import { stratifiedTrainTestSplit } from '../ml/split/stratified-split';
import { trainTestSplit } from '../ml/split/train-test-split';
import { trainValidationTestSplit } from '../ml/split/train-validation-test-split';
import { cellsAt, numericColumn } from '../ml/tabular/numeric-columns';
import { columnIndex, type TypedTable } from '../ml/tabular/table';
import { checkTrainingColumns } from '../ml/validation/training-columns';
import { readDatasetTable } from '../storage/dataset-table';
import type { ActivityDependencies } from './dependencies';
import { invalidInput } from './failures';

/** Fewer usable rows than this cannot give both a training and a test split worth the name. */
export const MIN_TRAINING_ROWS = 10;

export interface Splits {
  train: Uint32Array;
  /** Empty unless the run tunes hyperparameters. */
  validation: Uint32Array;
  test: Uint32Array;
}

export interface TrainingData {
  version: DatasetVersion;
  table: TypedTable;
  /** The usable rows of the table; columns, target and splits index into these. */
  rows: Uint32Array;
  spec: FeatureSpec;
  /** Feature values at the usable rows; missing values stay missing (NaN or null) for the model's imputer. */
  columns: FeatureColumns;
  target: (string | number)[];
  splits: Splits;
}

/**
 * Loads the dataset a pipeline names and derives exactly the same rows and splits in
 * every stage: the splits are a pure function of the seed and the target values, so
 * evaluation scores precisely the rows training never saw.
 */
export async function loadTrainingData(deps: Pick<ActivityDependencies, 'dataSource' | 'store'>, input: PipelineInput): Promise<TrainingData> {
  const version = await findDatasetVersion(deps.dataSource, input.datasetVersionId);
  if (!version) throw invalidInput('input.datasetVersionId', `dataset version ${input.datasetVersionId} not found`);
  const table = await readDatasetTable(deps.store, version);
  const [problem] = checkTrainingColumns(table.schema, input);
  if (problem) throw invalidInput(problem.field, problem.message);
  const rows = usableRows(table, input);
  if (rows.length < MIN_TRAINING_ROWS) {
    throw invalidInput('input.datasetVersionId', `only ${rows.length} rows have a target value; at least ${MIN_TRAINING_ROWS} are needed`);
  }
  const spec = featureSpecOf(table, input.features);
  return {
    version,
    table,
    rows,
    spec,
    columns: featureColumnsOf(table, spec, rows),
    target: targetValues(table, rows, input),
    splits: splitRows(table, rows, input),
  };
}

/** Raw feature values at `rows`: numbers (NaN when missing) and categories (null when missing). */
export function featureColumnsOf(table: TypedTable, spec: FeatureSpec, rows: Uint32Array): FeatureColumns {
  return {
    numericColumns: spec.numeric.map((name) => numericColumn(table, name, rows)),
    categoricalColumns: spec.categorical.map((name) => cellsAt(table, name, rows).map((cell) => (cell === null ? null : String(cell)))),
  };
}

/** Rows with a target value: missing feature values are the model's to impute. */
export function usableRows(table: TypedTable, input: PipelineInput): Uint32Array {
  const target = columnIndex(table, input.target);
  if (target < 0) return new Uint32Array();
  const cells = table.columns[target];
  return Uint32Array.from(cells.flatMap((cell, row) => (cell === null ? [] : [row])));
}

export function featureSpecOf(table: TypedTable, features: string[]): FeatureSpec {
  return featureSpecOfSchema(table.schema, features);
}

function targetValues(table: TypedTable, rows: Uint32Array, input: PipelineInput): (string | number)[] {
  return cellsAt(table, input.target, rows).map((cell) => (input.task === 'REGRESSION' ? Number(cell) : String(cell)));
}

/**
 * Splits `rows` (indexes into them): stratified by class for classification, and
 * three-way when the run tunes, so trials are judged on rows the final test never sees.
 */
export function splitRows(table: TypedTable, rows: Uint32Array, input: PipelineInput): Splits {
  const labelsOrCount = input.task === 'CLASSIFICATION' ? (targetValues(table, rows, input) as string[]) : rows.length;
  if (input.tuning) {
    return trainValidationTestSplit(labelsOrCount, { validationFraction: TUNING_VALIDATION_FRACTION, testFraction: input.testFraction, seed: input.seed });
  }
  const options = { testFraction: input.testFraction, seed: input.seed };
  const split = typeof labelsOrCount === 'number' ? trainTestSplit(labelsOrCount, options) : stratifiedTrainTestSplit(labelsOrCount, options);
  return { ...split, validation: new Uint32Array() };
}
