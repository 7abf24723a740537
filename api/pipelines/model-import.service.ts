import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { badInput, ProvenantError } from '../../domain/errors';
import { IMPORTED_TRAINER } from '../../domain/pipeline';
import type { Principal } from '../../domain/roles';
import { graphInputNames } from '../../ml/onnx/graph-inputs';
import { inferModelSignature, type InputMappingEntry, type SignatureProblemField } from '../../ml/onnx/model-signature';
import type { FeatureSpec } from '../../ml/features/feature-spec';
import { isNumericMlflowType, MLFLOW_MODEL_FILE, parseMlflowModel, type MlflowModel } from './mlflow-model';
import type { Config } from '../../platform/config';
import type { ArtifactStore } from '../../storage/artifact-store';
import { resolveInsideDataRoots } from '../../storage/data-roots';
import { ARTIFACT_STORE, CONFIG, TEMPORAL_CLIENT } from '../common/injection-tokens';
import { DatasetsService } from '../datasets/datasets.service';
import { featureSpecOfSchema } from '../../ml/features/feature-spec-of-schema';
import type { ImportModelVersionInput, PipelineRunType } from './pipeline.types';
import { PipelinesService } from './pipelines.service';

/** ONNX files are small next to datasets; anything larger is almost certainly not a model. */
const MAX_MODEL_BYTES = 512 * 1024 * 1024;

@Injectable()
export class ModelImportService {
  constructor(
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly datasets: DatasetsService,
    private readonly pipelines: PipelinesService,
  ) {}

  /**
   * Registers an ONNX model trained elsewhere. The file and its signature are checked
   * before anything is written; then it runs the pipeline without a train stage
   * (validate, evaluate, register), so an import is validated, evaluated, held to its
   * quality checks and traced exactly like a model trained here. Returns the finished run.
   */
  async importModel(principal: Principal, request: ImportModelVersionInput): Promise<PipelineRunType> {
    const input = await this.pipelines.pipelineInput(principal, { ...request, trainer: undefined });
    checkMappings(request);
    const { bytes, mlflow } = await this.readModel(request.artifactUri);
    const version = await this.datasets.find(request.datasetVersionId, 'input.datasetVersionId');
    const spec = featureSpecOfSchema(version.schema, request.features);
    const inferred = await inferModelSignature(bytes, {
      task: request.task,
      spec,
      features: request.features,
      inputMapping: request.inputMapping ?? (mlflow ? mlflowInputMapping(mlflow, graphInputNames(bytes), request.features, spec) : null),
      outputMapping: request.outputMapping ?? null,
    });
    if (inferred.problem !== undefined) throw badInput(PROBLEM_FIELDS[inferred.field], inferred.problem);
    const { classLabels } = inferred;
    const artifact = await this.store.put(bytes);
    const run = await this.pipelines.launch(
      principal,
      {
        ...input,
        trainer: IMPORTED_TRAINER,
        hyperparameters: {},
        importedModel: {
          artifactSha256: artifact.sha256,
          artifactUri: artifact.uri,
          classLabels,
          trainRowCount: 0,
          iterations: 0,
          effectiveHyperparameters: {},
          signature: inferred.signature,
          mlflowRunId: mlflow?.runId ?? null,
        },
      },
      `import:${artifact.sha256}:${request.runKey ?? ''}`,
    );
    try {
      await this.temporal.workflow.getHandle(run.workflowId).result();
    } catch {
      // The run records why it failed; the caller reads it from the returned run.
    }
    const finished = await this.pipelines.get(run.workflowId);
    if (finished.status === 'RUNNING') throw new ProvenantError('UNAVAILABLE', `import ${run.workflowId} is still running`);
    return finished;
  }

  /** The ONNX file `uri` names, or the one an MLflow model directory (or its MLmodel file) names, with what the MLmodel says. */
  private async readModel(uri: string): Promise<{ bytes: Buffer; mlflow: MlflowModel | null }> {
    const candidate = uri.startsWith('file:') ? uri : path.resolve(uri);
    const directory = await stat(candidate.startsWith('file:') ? new URL(candidate) : candidate).then((entry) => entry.isDirectory(), () => false);
    const file = directory
      ? await resolveInsideDataRoots(path.join(candidate, MLFLOW_MODEL_FILE), this.config.dataRoots, FIELD).catch((error: unknown) => {
          const noMlmodel = error instanceof ProvenantError && error.message.includes('no such file');
          throw noMlmodel ? badInput(FIELD, `is not a regular file: ${candidate} (nor an MLflow model directory: it holds no ${MLFLOW_MODEL_FILE} file)`) : error;
        })
      : await resolveInsideDataRoots(uri, this.config.dataRoots, FIELD);
    if (path.basename(file) !== MLFLOW_MODEL_FILE) return { bytes: await readModelFile(file), mlflow: null };
    const mlflow = parseMlflowModel(await readFile(file, 'utf8'));
    const onnxFile = await resolveInsideDataRoots(path.join(path.dirname(file), mlflow.onnxFile), this.config.dataRoots, FIELD);
    return { bytes: await readModelFile(onnxFile), mlflow };
  }
}

const FIELD = 'input.artifactUri';
const PROBLEM_FIELDS: Record<SignatureProblemField, string> = { artifact: FIELD, inputMapping: 'input.inputMapping', outputMapping: 'input.outputMapping' };

/** The explicit mappings' own shape; whether they fit the model is inferModelSignature's to say. */
function checkMappings({ inputMapping, outputMapping }: ImportModelVersionInput): void {
  const seen = new Set<string>();
  inputMapping?.forEach((entry, index) => {
    const field = `input.inputMapping[${index}]`;
    if (entry.input.trim() === '') throw badInput(`${field}.input`, 'must name an input of the model');
    if (seen.has(entry.input)) throw badInput(`${field}.input`, `maps the input "${entry.input}" a second time`);
    seen.add(entry.input);
    if (entry.features.length === 0) throw badInput(`${field}.features`, 'must list at least one declared feature');
  });
  for (const [role, name] of Object.entries(outputMapping ?? {})) {
    if (typeof name === 'string' && name.trim() === '') throw badInput(`input.outputMapping.${role}`, 'must name an output of the model, or be left out');
  }
}

async function readModelFile(file: string): Promise<Buffer> {
  if ((await stat(file)).size > MAX_MODEL_BYTES) throw badInput(FIELD, `is larger than ${MAX_MODEL_BYTES} bytes`);
  return readFile(file);
}

/**
 * The inputs an MLflow signature's columns give: the declared features must be its
 * columns, of the same kinds; a model with one input takes them in the signature's order,
 * and per-column inputs are matched by name as in any import.
 */
function mlflowInputMapping(mlflow: MlflowModel, modelInputs: string[], features: string[], spec: FeatureSpec): InputMappingEntry[] | null {
  const columns = mlflow.inputColumns;
  if (!columns) return null;
  const names = columns.map((column) => column.name);
  if (JSON.stringify([...names].sort()) !== JSON.stringify([...features].sort())) {
    throw badInput('input.features', `must be the MLflow signature's input columns ${JSON.stringify(names)} (they are ${JSON.stringify(features)})`);
  }
  for (const column of columns) {
    if (isNumericMlflowType(column.type) !== spec.numeric.includes(column.name)) {
      const kind = spec.numeric.includes(column.name) ? 'a number column' : 'a string column';
      throw badInput('input.features', `${JSON.stringify(column.name)} is ${kind} in the dataset, but the MLflow signature types it ${column.type}`);
    }
  }
  return modelInputs.length === 1 ? [{ input: modelInputs[0], features: names }] : null;
}

