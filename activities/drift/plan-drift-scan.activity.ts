import type { EntityManager } from 'typeorm';
import { findDatasetVersion, type DatasetVersionEntity } from '../../db/datasets';
import { findDeploymentInTraffic } from '../../db/deployments';
import { declaredColumnKinds } from '../../db/model-column-kinds';
import { findAliasedVersion } from '../../db/model-aliases';
import { countServedRows } from '../../db/prediction-log';
import { findModel, findModelVersion, findNewestModelVersion, type ModelEntity, type ModelVersionEntity } from '../../db/registry';
import { findTrafficRoute } from '../../db/traffic-routes';
import type { DeployEnvironment } from '../../domain/approval';
import { MINIMUM_SAMPLE_SIZE, type ColumnKind, type CurrentSample, type DriftScanInput, type DriftScanPlan } from '../../domain/drift';
import { isUuid } from '../../domain/ids';
import { featureSpecOfSchema } from '../../ml/features/feature-spec-of-schema';
import type { ActivityDependencies } from '../dependencies';
import { invalidInput } from '../failures';
import type { DriftColumnSpec } from './dataset-columns';

export function createPlanDriftScanActivity(deps: ActivityDependencies) {
  return {
    /**
     * Resolves what a scan compares, once, so that every compute activity reads the same
     * thing: the model version (the stable one in the environment, else the champion, else
     * the newest), its running deployment, the reference sample (the version's training
     * data unless one is named), the current sample (a dataset version, or the prediction
     * log over the window ending at `windowEnd`, the workflow's clock) and the columns with
     * their kinds. Only reads; every problem a user can fix names its input field.
     */
    async planDriftScan(input: DriftScanInput, scanId: string, windowEnd: string): Promise<DriftScanPlan> {
      const manager = deps.dataSource.manager;
      const model = await findModel(manager, { name: input.modelName });
      if (!model) throw invalidInput('modelName', `model ${input.modelName} not found`);
      const version = await scannedVersion(manager, model, input.environment);
      const deploymentId = input.environment ? ((await findDeploymentInTraffic(manager, version.id, input.environment))?.id ?? null) : null;
      const reference = await datasetVersion(manager, input.referenceDatasetVersionId ?? version.datasetVersionId, 'referenceDatasetVersionId');
      const declared = new Map((await declaredColumnKinds(manager, model.name)).map((declaration) => [declaration.column, declaration.kind]));
      const columns = columnsOf(version, reference, declared);
      const current = input.currentDatasetVersionId
        ? await datasetSample(manager, input.currentDatasetVersionId, version)
        : await predictionLogWindow(manager, input, windowEnd);
      return {
        scanId,
        modelName: model.name,
        modelId: model.id,
        task: model.task,
        target: version.target,
        modelVersionId: version.id,
        modelVersion: version.version,
        artifactUri: version.artifactUri,
        classLabels: version.classLabels,
        deploymentId,
        reference: { datasetVersionId: reference.id, rows: reference.rowCount, ...partsOf(reference) },
        current,
        columns,
        minimumSampleSize: minimumSampleSizeOf(input),
      };
    },
  };
}

/** The stable version routed in the environment, else the champion, else the newest registered version. */
async function scannedVersion(manager: EntityManager, model: ModelEntity, environment: DeployEnvironment | null): Promise<ModelVersionEntity> {
  const route = environment ? await findTrafficRoute(manager, { modelName: model.name, environment }) : null;
  const version = route?.stableVersionId
    ? await findModelVersion(manager, { id: route.stableVersionId })
    : ((await findAliasedVersion(manager, model.name, 'champion')) ?? (await findNewestModelVersion(manager, model.id)));
  if (!version) throw invalidInput('modelName', `model ${model.name} has no registered version to scan`);
  return version;
}

async function datasetVersion(manager: EntityManager, id: string, field: string): Promise<DatasetVersionEntity> {
  const version = isUuid(id) ? await findDatasetVersion(manager, id) : null;
  if (!version) throw invalidInput(field, `dataset version ${id} not found`);
  return version;
}

/**
 * The model's features with the kinds declared for the model, else the kinds its
 * reference's schema gives them (Evidently's inference: numbers and booleans numeric,
 * anything else categorical); each must have values in the reference.
 */
function columnsOf(version: ModelVersionEntity, reference: DatasetVersionEntity, declared: Map<string, ColumnKind>): DriftColumnSpec[] {
  assertFeatureValues(version, reference, 'referenceDatasetVersionId');
  const spec = featureSpecOfSchema(reference.schema, version.features);
  return version.features.map((name) => {
    const kind = declared.get(name);
    return kind ? { name, kind, kindChosenBy: 'DECLARED' } : { name, kind: spec.numeric.includes(name) ? 'numeric' : 'categorical', kindChosenBy: 'SCHEMA' };
  });
}

/**
 * A drift statistic compares the values on both sides: a dataset version without a
 * feature, or with nothing but missing values in it, cannot be compared, and its stored
 * profile says so before any work is fanned out.
 */
function assertFeatureValues(version: ModelVersionEntity, dataset: DatasetVersionEntity, field: string): void {
  for (const name of version.features) {
    const column = dataset.schema.find((candidate) => candidate.name === name);
    if (!column) throw invalidInput(field, `dataset version ${dataset.id} has no column "${name}", a feature of model version ${version.version}`);
    if (column.nullCount >= dataset.rowCount) {
      throw invalidInput(field, `column "${name}" of dataset version ${dataset.id} has no values (all ${dataset.rowCount} rows are missing): there is nothing to compare`);
    }
  }
}

async function datasetSample(manager: EntityManager, id: string, version: ModelVersionEntity): Promise<CurrentSample> {
  const dataset = await datasetVersion(manager, id, 'currentDatasetVersionId');
  assertFeatureValues(version, dataset, 'currentDatasetVersionId');
  return { kind: 'dataset_version', datasetVersionId: dataset.id, rows: dataset.rowCount, ...partsOf(dataset) };
}

/**
 * A version of several Parquet files says how many: the scan fans out over them; a
 * Parquet version also gives each file's rows, so the scan may split a large file.
 */
function partsOf(dataset: DatasetVersionEntity): { parts?: number; partRows?: number[] } {
  const parts = dataset.parts ? { parts: dataset.parts.length } : {};
  if (dataset.format !== 'parquet') return parts;
  return { ...parts, partRows: dataset.parts ? dataset.parts.map((part) => part.rows) : [dataset.rowCount] };
}

/** The window [windowEnd − windowMs, windowEnd) of the environment's served predictions, whichever version served them. */
async function predictionLogWindow(manager: EntityManager, input: DriftScanInput, windowEnd: string): Promise<CurrentSample> {
  const environment = input.environment;
  if (!environment) throw invalidInput('environment', 'is required unless currentDatasetVersionId is given');
  const end = Date.parse(windowEnd);
  if (!Number.isFinite(end)) throw invalidInput('windowEnd', `${windowEnd} is not a timestamp`);
  if (!Number.isSafeInteger(input.windowMs) || input.windowMs <= 0) throw invalidInput('windowMs', `must be a positive number of milliseconds (got ${input.windowMs})`);
  const from = new Date(end - input.windowMs).toISOString();
  const to = new Date(end).toISOString();
  const rows = await countServedRows(manager, { modelName: input.modelName, environment, modelVersionId: null, from, to });
  if (rows === 0) throw invalidInput('window', `no predictions of ${input.modelName} were logged in ${environment} between ${from} and ${to}`);
  return { kind: 'prediction_log', environment, from, to, rows };
}

/** The scan's own minimum sample size, else the default; the API checks it, the plan makes sure. */
function minimumSampleSizeOf(input: DriftScanInput): number {
  const minimum = input.minimumSampleSize ?? MINIMUM_SAMPLE_SIZE;
  if (!Number.isSafeInteger(minimum) || minimum < 1) throw invalidInput('minimumSampleSize', `must be a positive integer (got ${minimum})`);
  return minimum;
}
