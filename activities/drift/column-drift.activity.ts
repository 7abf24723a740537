import { inReadSnapshot } from '../../db/db';
import { forEachLoggedFeatures } from '../../db/prediction-log';
import { MINIMUM_SAMPLE_SIZE, type ColumnDriftResult, type CurrentSample, type DriftScanPlan } from '../../domain/drift';
import { columnDriftResult, columnDriftStream, type ColumnDriftStream } from '../../ml/drift/column-drift-stream';
import type { ActivityDependencies } from '../dependencies';
import { invalidInput } from '../failures';
import { readScanSamples, sampleDriftValues, scanSampleSpec, type DriftColumnSpec, type SampleColumns } from './dataset-columns';
import { DRIFT_COMPUTE_OPTIONS, type DriftComputeOptions } from './drift-compute-options';
import { heartbeatingRead } from './heartbeating-read';

export function createColumnDriftActivity(deps: ActivityDependencies, options: DriftComputeOptions = DRIFT_COMPUTE_OPTIONS) {
  return {
    /**
     * Drift of some of the plan's columns (the workflow fans out over groups of them):
     * the reference dataset version in memory, the current sample streamed through
     * columnDriftStream, from a dataset version or from the prediction log window.
     */
    async computeColumnDrift(plan: DriftScanPlan, columns: string[]): Promise<ColumnDriftResult[]> {
      const specs = columns.map((name) => {
        const spec = plan.columns.find((column) => column.name === name);
        if (!spec) throw invalidInput('columns', `"${name}" is not a column of the scan (${plan.columns.map((column) => column.name).join(', ')})`);
        return spec;
      });
      const { reference, current } = await readScanSamples(deps, plan, scanSampleSpec(specs));
      return columnDriftOfTables(deps, plan, specs, reference, current, options);
    },
  };
}

/**
 * Drift of the columns from samples already read: the reference in memory, the current
 * sample streamed through columnDriftStream, from the current sample (a dataset version) or
 * from the prediction log window (current null).
 */
export async function columnDriftOfTables(
  deps: ActivityDependencies,
  plan: DriftScanPlan,
  specs: DriftColumnSpec[],
  reference: SampleColumns,
  current: SampleColumns | null,
  options: DriftComputeOptions,
): Promise<ColumnDriftResult[]> {
  const streams = sampleDriftValues(reference, specs).map((column) => columnDriftStream(column, options.exactValuesMax));
  if (current) sampleDriftValues(current, specs).forEach((column, i) => streams[i].add(column.values));
  else if (plan.current.kind === 'prediction_log') await streamLoggedFeatures(deps, plan.modelName, plan.current, specs, streams, options.fetchRows);
  return streams.map((stream, i) => resultOf(plan, specs[i].name, stream));
}

/**
 * The window's logged feature values of the columns, chunk by chunk, from every version
 * the environment served with: input drift is about the traffic, whichever version scored
 * it. A row whose features lack a column was scored by a version that does not read it (a
 * canary with other features): it is no sample of that column. A logged null is a missing
 * value.
 */
async function streamLoggedFeatures(
  deps: ActivityDependencies,
  modelName: string,
  { environment, from, to }: Extract<CurrentSample, { kind: 'prediction_log' }>,
  specs: DriftColumnSpec[],
  streams: ColumnDriftStream[],
  fetchRows: number,
): Promise<void> {
  const read = heartbeatingRead(fetchRows);
  await inReadSnapshot(deps.dataSource, (snapshot) =>
    forEachLoggedFeatures(snapshot, { modelName, environment, modelVersionId: null, from, to }, specs, read, (rows) => {
      specs.forEach((spec, i) => {
        const logged = rows.filter((row) => row[`present${i}`]);
        streams[i].add(
          spec.kind === 'numeric'
            ? Float64Array.from(logged, (row) => (row[`value${i}`] === null ? Number.NaN : (row[`value${i}`] as number)))
            : logged.map((row) => row[`value${i}`] as string | null),
        );
      });
    }),
  );
}

/**
 * A reference without a single value of a column is the wrong reference: the scan stops
 * and names it. A current sample below the minimum size, even without any value, is a
 * finding, not a failure: the column is reported NOT_ENOUGH_DATA (and, without a value, as
 * a data-quality problem) and the scan goes on.
 */
function resultOf(plan: DriftScanPlan, column: string, stream: ColumnDriftStream): ColumnDriftResult {
  if (stream.presentValues().reference === 0) {
    throw invalidInput('referenceDatasetVersionId', `column "${column}" has no values in dataset version ${plan.reference.datasetVersionId}: there is nothing to compare`);
  }
  return columnDriftResult(stream, plan.minimumSampleSize ?? MINIMUM_SAMPLE_SIZE);
}
