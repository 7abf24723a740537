import { DatasetVersionEntity } from '../db/entities';
import type { PipelineInput } from '../domain/pipeline';
import { trainTestSplit } from '../ml/split/train-test-split';
import { cellsAt, completeRows, numericColumn } from '../ml/tabular/numeric-columns';
import type { TypedTable } from '../ml/tabular/table';
import { checkTrainingColumns } from '../ml/validation/training-columns';
import { readDatasetTable } from '../storage/dataset-table';
import type { ActivityDependencies } from './dependencies';
import { invalidInput } from './failures';

/** Fewer complete rows than this cannot give both a training and a test split worth the name. */
export const MIN_TRAINING_ROWS = 10;

export interface TrainingData {
  version: DatasetVersionEntity;
  table: TypedTable;
  /** One column per feature, restricted to complete rows. */
  features: Float64Array[];
  target: (string | number)[];
  split: { train: Uint32Array; test: Uint32Array };
}

/**
 * Loads the dataset a pipeline names and derives exactly the same rows and split in
 * every stage: the split is a pure function of the seed and the complete-row count,
 * so evaluation scores precisely the rows training never saw.
 */
export async function loadTrainingData(deps: ActivityDependencies, input: PipelineInput): Promise<TrainingData> {
  const version = await deps.dataSource.getRepository(DatasetVersionEntity).findOneBy({ id: input.datasetVersionId });
  if (!version) throw invalidInput('input.datasetVersionId', `dataset version ${input.datasetVersionId} not found`);
  const table = await readDatasetTable(deps.store, version);
  const [problem] = checkTrainingColumns(table.schema, input);
  if (problem) throw invalidInput(problem.field, problem.message);
  const rows = completeRows(table, [input.target, ...input.features]);
  if (rows.length < MIN_TRAINING_ROWS) {
    throw invalidInput(
      'input.datasetVersionId',
      `only ${rows.length} rows have a value in every selected column; at least ${MIN_TRAINING_ROWS} are needed`,
    );
  }
  return {
    version,
    table,
    features: input.features.map((name) => numericColumn(table, name, rows)),
    target: cellsAt(table, input.target, rows).map((cell) =>
      input.task === 'REGRESSION' ? Number(cell) : String(cell),
    ),
    split: trainTestSplit(rows.length, { testFraction: input.testFraction, seed: input.seed }),
  };
}
