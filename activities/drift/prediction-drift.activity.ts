import { findDatasetVersion } from '../../db/datasets';
import { mustExist, inReadSnapshot } from '../../db/db';
import { findModelVersion } from '../../db/registry';
import { forEachLoggedOutput } from '../../db/prediction-log';
import { MINIMUM_SAMPLE_SIZE, type ColumnDriftResult, type CurrentSample, type DriftScanPlan } from '../../domain/drift';
import { signatureOrContract, type ModelSignature } from '../../domain/model-signature';
import type { FeatureSpec } from '../../ml/features/feature-spec';
import type { ScoringModel } from '../../ml/onnx/model-scoring';
import { featureSpecOfSchema } from '../../ml/features/feature-spec-of-schema';
import { columnDriftResult, columnDriftStream, type ColumnDriftStream, type ColumnValues } from '../../ml/drift/column-drift-stream';
import type { TypedTable } from '../../ml/tabular/table';
import type { ActivityDependencies } from '../dependencies';
import { invalidInput } from '../failures';
import { scoreRows, withScoringModel } from '../onnx-scoring';
import { everyRow, modelFeatureColumns, readScanSamples, sampleOfTable, type SampleColumns } from './dataset-columns';
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
      const { reference, current } = await readScanSamples(deps, plan, model.spec);
      return predictionDriftOfTables(deps, plan, model, reference, current, options);
    },
  };
}

/**
 * The model's output drift from samples already read (holding the model's features): the reference scored, and the
 * current sample scored (a dataset version) or the window's logged answers (current null).
 */
export async function predictionDriftOfTables(
  deps: ActivityDependencies,
  plan: DriftScanPlan,
  { spec, signature }: ModelInputs,
  reference: SampleColumns,
  current: SampleColumns | null,
  options: DriftComputeOptions,
): Promise<ColumnDriftResult | null> {
  const stream = await withScoringModel(await deps.store.read(plan.artifactUri), signature, async (model) => {
    const referenceOutputs = await scoredSampleOutputs(plan, spec, model, reference);
    if (referenceOutputs.values.length === 0) throw invalidInput('referenceDatasetVersionId', `dataset version ${plan.reference.datasetVersionId} has no rows to score`);
    const outputs = columnDriftStream(referenceOutputs, options.exactValuesMax);
    if (current) outputs.add((await scoredSampleOutputs(plan, spec, model, current)).values);
    return outputs;
  });
  if (plan.current.kind === 'prediction_log') await streamLoggedOutputs(deps, plan, plan.current, stream, options.fetchRows);
  return stream.presentValues().current === 0 ? null : columnDriftResult(stream, plan.minimumSampleSize ?? MINIMUM_SAMPLE_SIZE);
}

/** What the version reads and how it is scored. */
export interface ModelInputs {
  spec: FeatureSpec;
  signature: ModelSignature;
}

/** The features the version reads and their kinds, as serving derives them (from its training data's schema), and its signature. */
export async function modelInputs(deps: ActivityDependencies, plan: DriftScanPlan): Promise<ModelInputs> {
  const version = mustExist(await findModelVersion(deps.dataSource, { id: plan.modelVersionId }), `model version ${plan.modelVersionId}`);
  const training = mustExist(await findDatasetVersion(deps.dataSource, version.datasetVersionId), `dataset version ${version.datasetVersionId}`);
  const spec = featureSpecOfSchema(training.schema, version.features);
  return { spec, signature: signatureOrContract(version.signature, plan.task, spec) };
}

/** Every row of a dataset version's table scored through the version's ONNX file, from raw feature values. */
export function scoredOutputs(plan: DriftScanPlan, spec: FeatureSpec, model: ScoringModel, table: TypedTable): Promise<ColumnValues> {
  return scoredSampleOutputs(plan, spec, model, sampleOfTable(table, spec));
}

/** Every row of a sample (holding the model's features) scored through the version's ONNX file, from raw feature values. */
export async function scoredSampleOutputs(plan: DriftScanPlan, spec: FeatureSpec, model: ScoringModel, sample: SampleColumns): Promise<ColumnValues> {
  const scores = await scoreRows(model, plan.classLabels.length, spec, modelFeatureColumns(sample, spec), everyRow(sample));
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
