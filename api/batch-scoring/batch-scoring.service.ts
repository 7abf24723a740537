import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { appendAuditEvent } from '../../db/audit-log';
import { findDatasetVersion } from '../../db/datasets';
import { mustExist, inTransaction } from '../../db/db';
import { createBatchScoringJob, findBatchScoringJob, updateBatchScoringJob, type BatchScoringJobRow } from '../../db/batch-scoring';
import { recordLineageEdge, recordLineageNode } from '../../db/lineage-store';
import { findAliasedVersion } from '../../db/model-aliases';
import { findModel, findModelVersionByNumber, findNewestModelVersion, type ModelEntity, type ModelVersionEntity } from '../../db/registry';
import { batchScoringWorkflowId, DEFAULT_CHUNK_ROWS, MAX_CHUNK_ROWS, MIN_CHUNK_ROWS, predictionColumnNames, type BatchScoringInput } from '../../domain/batch-scoring';
import { badInput, notFound, ProvenantError } from '../../domain/errors';
import type { Principal } from '../../domain/roles';
import { workflowSearchAttributes } from '../../domain/search-attributes';
import { taskQueuesFor } from '../../domain/task-queues';
import type { Config } from '../../platform/config';
import { logger } from '../../platform/logger';
import type { batchScoringWorkflow } from '../../workflows';
import { isUuid } from '../../domain/ids';
import { CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from '../common/injection-tokens';
import { checkName } from '../common/names';
import { DatasetsService } from '../datasets/datasets.service';
import { batchScoringJobView, type BatchScoringJobType, type StartBatchScoringInput } from './batch-scoring.types';
import { scoringColumnsProblem } from './scoring-columns';

/** The alias a batch job scores with when no version is named: the one deployments serve. */
const CHAMPION = 'champion';

@Injectable()
export class BatchScoringService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
    private readonly datasets: DatasetsService,
  ) {}

  /**
   * Checks the request against the model and the dataset's stored schema, records the
   * job with its lineage and audit event, then starts its workflow.
   */
  async start(principal: Principal, request: StartBatchScoringInput): Promise<BatchScoringJobType> {
    checkName('input.modelName', request.modelName);
    const chunkRows = request.chunkRows ?? DEFAULT_CHUNK_ROWS;
    if (!(Number.isInteger(chunkRows) && chunkRows >= MIN_CHUNK_ROWS && chunkRows <= MAX_CHUNK_ROWS)) {
      throw badInput('input.chunkRows', `must be an integer from ${MIN_CHUNK_ROWS} to ${MAX_CHUNK_ROWS}`);
    }
    const model = await findModel(this.dataSource, { name: request.modelName });
    if (!model) throw notFound('input.modelName', `model ${request.modelName}`);
    const version = await this.versionToScoreWith(model, request.version);
    const dataset = await this.datasets.find(request.datasetVersionId, 'input.datasetVersionId');
    const datasetLabel = `${dataset.datasetName} v${dataset.version}`;
    if (dataset.rowCount === 0) throw badInput('input.datasetVersionId', `dataset ${datasetLabel} has no rows to score`);
    const training = mustExist(await findDatasetVersion(this.dataSource, version.datasetVersionId), `dataset version ${version.datasetVersionId}`);
    const problem = scoringColumnsProblem(dataset.schema, training.schema, version.features, predictionColumnNames(model.task, version.classLabels));
    if (problem) throw badInput('input.datasetVersionId', `dataset ${datasetLabel} ${problem}`);

    const id = randomUUID();
    const input: BatchScoringInput = { jobId: id, chunkRows, taskQueues: taskQueuesFor(this.config.taskQueuePrefix) };
    const job = await inTransaction(this.dataSource, async (manager) => {
      const created = await createBatchScoringJob(manager, {
        id,
        workflowId: batchScoringWorkflowId(id),
        modelName: model.name,
        modelVersionId: version.id,
        inputDatasetVersionId: dataset.id,
        status: 'RUNNING',
        rowsTotal: dataset.rowCount,
        rowsScored: 0,
        requestedBy: principal.name,
      });
      await recordLineageNode(manager, { id, kind: 'batch_scoring', label: `batch scoring of ${datasetLabel} by ${model.name} v${version.version}` });
      await recordLineageEdge(manager, dataset.id, id, 'used_by');
      await recordLineageEdge(manager, version.id, id, 'used_by');
      await appendAuditEvent(manager, {
        actor: principal.name,
        action: 'batch_scoring.started',
        subjectType: 'batch_scoring_job',
        subjectId: id,
        payload: {
          workflowId: created.workflowId,
          modelName: model.name,
          modelVersionId: version.id,
          version: version.version,
          versionChosenBy: request.version != null ? 'request' : 'default',
          inputDatasetVersionId: dataset.id,
          rowsTotal: dataset.rowCount,
          chunkRows,
        },
      });
      return created;
    });
    await this.startWorkflow(job, input);
    return batchScoringJobView(job);
  }

  async get(id: string): Promise<BatchScoringJobType> {
    if (!isUuid(id)) throw badInput('id', 'is not a batch scoring job id (expected a UUID)');
    const job = await findBatchScoringJob(this.dataSource, id);
    if (!job) throw notFound('id', `batch scoring job ${id}`);
    return batchScoringJobView(job);
  }

  /** The named version, else the champion, else the latest. */
  private async versionToScoreWith(model: ModelEntity, requested: number | undefined | null): Promise<ModelVersionEntity> {
    if (requested != null) {
      const version = await findModelVersionByNumber(this.dataSource, model.name, requested);
      if (!version) throw notFound('input.version', `version ${requested} of model ${model.name}`);
      return version;
    }
    const version = (await findAliasedVersion(this.dataSource, model.name, CHAMPION)) ?? (await findNewestModelVersion(this.dataSource, model.id));
    if (!version) throw notFound('input.modelName', `a version of model ${model.name}`);
    return version;
  }

  private async startWorkflow(job: BatchScoringJobRow, input: BatchScoringInput): Promise<void> {
    try {
      await this.temporal.workflow.start<typeof batchScoringWorkflow>('batchScoringWorkflow', {
        workflowId: job.workflowId,
        taskQueue: input.taskQueues.pipelines,
        args: [input],
        typedSearchAttributes: workflowSearchAttributes('batch_scoring', job.modelName),
      });
    } catch (error) {
      logger.error({ err: error, workflowId: job.workflowId }, 'could not start batch scoring workflow');
      await inTransaction(this.dataSource, async (manager) => {
        await updateBatchScoringJob(manager, job.id, { status: 'FAILED', error: `could not start the workflow: ${(error as Error).message}`, finishedAt: new Date() });
        await appendAuditEvent(manager, {
          actor: 'system:api',
          action: 'batch_scoring.start_failed',
          subjectType: 'batch_scoring_job',
          subjectId: job.id,
          payload: { workflowId: job.workflowId, error: (error as Error).message },
        });
      });
      throw new ProvenantError('UNAVAILABLE', `could not start batch scoring ${job.workflowId}: Temporal is unreachable; try again`);
    }
  }
}
