import type * as ort from 'onnxruntime-node';
import { findDatasetVersion } from '../../db/datasets';
import { mustExist, inReadSnapshot } from '../../db/db';
import { findModelVersion } from '../../db/registry';
import { forEachLoggedOutput } from '../../db/prediction-log';
import type { ColumnDriftResult, CurrentSample, DriftScanPlan } from '../../domain/drift';
import type { FeatureSpec } from '../../ml/features/feature-spec';
import { featureSpecOfSchema } from '../../ml/features/feature-spec-of-schema';
import { columnDriftStream, type ColumnDriftStream, type ColumnValues } from '../../ml/drift/column-drift-stream';
import type { ActivityDependencies } from '../dependencies';
import { invalidInput } from '../failures';
import { scoreRows, withSession } from '../onnx-scoring';
import { featureColumnsOf } from '../training-data';
import { everyRow, readDatasetVersionTable } from './dataset-columns';
import { DRIFT_COMPUTE_OPTIONS, type DriftComputeOptions } from './drift-compute-options';
import { heartbeatingRead } from './heartbeating-read';

/** The report's name for the model's output column. */
const PREDICTION_COLUMN = 'prediction';

export function createPredictionDriftActivity(deps: ActivityDependencies, options: DriftComputeOptions = DRIFT_COMPUTE_OPTIONS) {
  return {
    /**
     * Drift of the model's output: the predicted label (classification, categorical) or
     * prediction (regression, numeric). The reference outputs are the version's own scores
     * of the reference rows; the current ones are what it answered in the window (the
     * prediction log), or its scores of the current dataset version. Null when no current
     * row has an output (every request in the window failed, or the version served none).
     */
    async computePredictionDrift(plan: DriftScanPlan): Promise<ColumnDriftResult | null> {
      const model = await modelInputs(deps, plan);
      const stream = await withSession(await deps.store.read(plan.artifactUri), async (session) => {
        const reference = await scoredOutputs(deps, plan, model, session, plan.reference.datasetVersionId, 'referenceDatasetVersionId');
        if (reference.values.length === 0) throw invalidInput('referenceDatasetVersionId', `dataset version ${plan.reference.datasetVersionId} has no rows to score`);
        const outputs = columnDriftStream(reference, options.exactValuesMax);
        if (plan.current.kind === 'dataset_version') {
          outputs.add((await scoredOutputs(deps, plan, model, session, plan.current.datasetVersionId, 'currentDatasetVersionId')).values);
        }
        return outputs;
      });
      if (plan.current.kind === 'prediction_log') await streamLoggedOutputs(deps, plan, plan.current, stream, options.fetchRows);
      return stream.presentValues().current === 0 ? null : stream.result();
    },
  };
}

/** The features the version reads and their kinds, as serving derives them: from its training data's schema. */
export async function modelInputs(deps: ActivityDependencies, plan: DriftScanPlan): Promise<FeatureSpec> {
  const version = mustExist(await findModelVersion(deps.dataSource, { id: plan.modelVersionId }), `model version ${plan.modelVersionId}`);
  const training = mustExist(await findDatasetVersion(deps.dataSource, version.datasetVersionId), `dataset version ${version.datasetVersionId}`);
  return featureSpecOfSchema(training.schema, version.features);
}

/** Every row of a dataset version scored through the version's ONNX file, from raw feature values. */
async function scoredOutputs(
  deps: ActivityDependencies,
  plan: DriftScanPlan,
  spec: FeatureSpec,
  session: ort.InferenceSession,
  datasetVersionId: string,
  field: string,
): Promise<ColumnValues> {
  const table = await readDatasetVersionTable(deps, datasetVersionId, field);
  const rows = everyRow(table);
  const scores = await scoreRows(session, plan.task, plan.classLabels.length, spec, featureColumnsOf(table, spec, rows), rows);
  return plan.task === 'CLASSIFICATION'
    ? { name: PREDICTION_COLUMN, kind: 'categorical', values: scores.labels }
    : { name: PREDICTION_COLUMN, kind: 'numeric', values: scores.predictions };
}

/** The version's answers in the window, chunk by chunk; rows that failed to score have no output and are skipped. */
async function streamLoggedOutputs(
  deps: ActivityDependencies,
  plan: DriftScanPlan,
  { environment, from, to }: Extract<CurrentSample, { kind: 'prediction_log' }>,
  stream: ColumnDriftStream,
  fetchRows: number,
): Promise<void> {
  const read = heartbeatingRead(fetchRows);
  // Only the scanned version's answers: another version's outputs are no sample of this one's.
  const window = { modelName: plan.modelName, environment, modelVersionId: plan.modelVersionId, from, to };
  await inReadSnapshot(deps.dataSource, (snapshot) =>
    forEachLoggedOutput(snapshot, window, plan.task, read, (rows) =>
      stream.add(
        plan.task === 'CLASSIFICATION'
          ? rows.map((row) => row.output as string | null)
          : Float64Array.from(rows, (row) => (row.output === null ? Number.NaN : (row.output as number))),
      ),
    ),
  );
}
