import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { readFile, stat } from 'node:fs/promises';
import { badInput, ProvenantError } from '../../domain/errors';
import { IMPORTED_TRAINER } from '../../domain/pipeline';
import type { Principal } from '../../domain/roles';
import { declaredClassLabels } from '../../ml/onnx/class-labels';
import { modelSignatureProblem } from '../../ml/onnx/model-signature';
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
    const file = await resolveInsideDataRoots(request.artifactUri, this.config.dataRoots, 'input.artifactUri');
    if ((await stat(file)).size > MAX_MODEL_BYTES) throw badInput('input.artifactUri', `is larger than ${MAX_MODEL_BYTES} bytes`);
    const bytes = await readFile(file);
    const version = await this.datasets.find(request.datasetVersionId, 'input.datasetVersionId');
    const problem = await modelSignatureProblem(bytes, { task: request.task, spec: featureSpecOfSchema(version.schema, request.features) });
    if (problem) throw badInput('input.artifactUri', problem);
    const classLabels = request.task === 'CLASSIFICATION' ? declaredClassLabels(bytes) : [];
    if (!classLabels) {
      throw badInput('input.artifactUri', 'a classifier must declare its string class labels (classlabels_strings), in probability column order');
    }
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
}

