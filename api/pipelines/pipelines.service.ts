import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { appendAuditEvent } from '../../db/audit-log';
import { policyForRelease } from '../../db/approval-policies';
import { inTransaction } from '../../db/db';
import { findPipelineRun, listPipelineRuns, recordPipelineRun, START_FAILED, updatePipelineRun, type PipelineRunEntity } from '../../db/pipeline-runs';
import { ProvenantError, badInput, notFound } from '../../domain/errors';
import type { PipelineInput } from '../../domain/pipeline';
import type { Principal } from '../../domain/roles';
import { pipelineSearchAttributes } from '../../domain/search-attributes';
import { taskQueuesFor } from '../../domain/task-queues';
import { checkTrainingColumns } from '../../ml/validation/training-columns';
import type { Config } from '../../platform/config';
import { logger } from '../../platform/logger';
import type { modelPipelineWorkflow } from '../../workflows';
import { checkPageSize, cursorPosition, positionCursor } from '../common/connection';
import { CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from '../common/injection-tokens';
import { checkName } from '../common/names';
import { DatasetsService } from '../datasets/datasets.service';
import { parseExpectations } from '../validation/expectations-input';
import { deployRequest } from './deploy-options';
import { evaluationOptions } from './evaluation-options';
import { trainingOptions } from './training-options';
import { pipelineRunView, type PipelineRunConnection, type PipelineRunType, type StartModelPipelineInput } from './pipeline.types';

const DEFAULT_SEED = 42;
const DEFAULT_TEST_FRACTION = 0.2;

@Injectable()
export class PipelinesService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
    private readonly datasets: DatasetsService,
  ) {}

  /**
   * Checks the request against the dataset's stored schema, records the run, then
   * starts its workflow. The workflow id is derived from the inputs, so repeating a
   * request returns the run it already started instead of training twice.
   */
  async start(principal: Principal, request: StartModelPipelineInput): Promise<PipelineRunType> {
    return pipelineRunView(await this.launch(principal, await this.pipelineInput(principal, request), request.runKey ?? null));
  }

  /** Records the run (once per distinct input) and makes sure its workflow is started. */
  async launch(principal: Principal, input: PipelineInput, runKey: string | null): Promise<PipelineRunEntity> {
    const run = await inTransaction(this.dataSource, (tx) => recordPipelineRun(tx, input, principal.name, runKey));
    if (run.status === 'RUNNING') await this.startWorkflow(run);
    return run;
  }

  private async startWorkflow(run: PipelineRunEntity): Promise<void> {
    try {
      await this.temporal.workflow.start<typeof modelPipelineWorkflow>('modelPipelineWorkflow', {
        workflowId: run.workflowId,
        taskQueue: run.input.taskQueues.pipelines,
        args: [run.input],
        typedSearchAttributes: pipelineSearchAttributes(run.input, 'validate', 'RUNNING'),
        // A retried request after a crash between commit and start lands here again.
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    } catch (error) {
      logger.error({ err: error, workflowId: run.workflowId }, 'could not start pipeline workflow');
      await inTransaction(this.dataSource, async (tx) => {
        await updatePipelineRun(tx, { id: run.id }, {
          status: 'FAILED',
          error: `${START_FAILED}: ${(error as Error).message}`,
          finishedAt: new Date(),
        });
        await appendAuditEvent(tx, {
          actor: 'system:api',
          action: 'pipeline.start_failed',
          subjectType: 'pipeline_run',
          subjectId: run.id,
          payload: { workflowId: run.workflowId, error: (error as Error).message },
        });
      });
      throw new ProvenantError('UNAVAILABLE', `could not start pipeline ${run.workflowId}: Temporal is unreachable; try again`);
    }
  }

  /** The checked input of a pipeline; `importModelVersion` builds on it too. */
  async pipelineInput(principal: Principal, request: StartModelPipelineInput): Promise<PipelineInput> {
    checkName('input.modelName', request.modelName);
    const version = await this.datasets.find(request.datasetVersionId, 'input.datasetVersionId');
    const [problem] = checkTrainingColumns(version.schema, request);
    if (problem) throw badInput(problem.field, problem.message);
    const expectations = parseExpectations(request.expectations);
    const seed = request.seed ?? DEFAULT_SEED;
    if (!Number.isSafeInteger(seed) || seed < 0) throw badInput('input.seed', 'must be a non-negative integer');
    const testFraction = request.testFraction ?? DEFAULT_TEST_FRACTION;
    if (!(testFraction > 0 && testFraction < 1)) throw badInput('input.testFraction', 'must be between 0 and 1 (exclusive)');
    const options = await trainingOptions(this.dataSource, { ...request, seed });
    return {
      modelName: request.modelName,
      datasetVersionId: version.id,
      target: request.target,
      features: request.features,
      task: request.task,
      seed,
      testFraction,
      requestedBy: principal.name,
      expectations,
      ...options,
      ...evaluationOptions(request, version.schema),
      deploy: deployRequest(
        request.deploy,
        principal.name,
        this.config.apiTokens,
        request.deploy ? await policyForRelease(this.dataSource, request.modelName, request.deploy.environment) : null,
      ),
      taskQueues: taskQueuesFor(this.config.taskQueuePrefix),
    };
  }

  async get(workflowId: string): Promise<PipelineRunType> {
    const run = await findPipelineRun(this.dataSource, { workflowId });
    if (!run) throw notFound('workflowId', `pipeline run ${workflowId}`);
    return pipelineRunView(run);
  }

  /** Newest first, with stable cursors. */
  async list(first: number, after?: string): Promise<PipelineRunConnection> {
    const page = await listPipelineRuns(this.dataSource, checkPageSize(first), cursorPosition(after));
    const edges = page.rows.map((run, index) => ({ node: pipelineRunView(run), cursor: positionCursor(page.positions[index]) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
