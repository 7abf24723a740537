import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { appendAuditEvent } from '../../db/audit-log';
import { inTransaction } from '../../db/db';
import { findPipelineRun, updatePipelineRun, type PipelineRunEntity } from '../../db/pipeline-runs';
import { ProvenantError, badInput, notFound } from '../../domain/errors';
import type { PipelineStatus, StageRecord } from '../../domain/pipeline';
import type { Principal } from '../../domain/roles';
import { pipelineProgressQuery } from '../../domain/workflow-contracts';
import type { Config } from '../../platform/config';
import { logger } from '../../platform/logger';
import { CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from '../common/injection-tokens';
import { pipelineRunView, type PipelineRunType } from './pipeline.types';

/** Runs whose workflow is still going, and so can be cancelled. */
const ACTIVE: ReadonlySet<PipelineStatus> = new Set(['RUNNING', 'AWAITING_APPROVAL', 'DEPLOYING']);
const MAX_REASON_LENGTH = 500;
/** Why Temporal may not know a run Postgres has. */
const GONE = 'is no longer in Temporal (closed runs are kept for the namespace retention period only)';

type ResetRequest = Parameters<Client['workflowService']['resetWorkflowExecution']>[0];

/** A failed run's failed stage, and the Temporal run and event a retry resets it to. */
interface ResetPlan {
  stage: StageRecord;
  failedRunId: string;
  eventId: number;
}

/** What operators do to a run that went wrong: retry it where it failed, or cancel it. */
@Injectable()
export class PipelineOperationsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * Resets a FAILED run's workflow (Temporal's reset) to the start of the stage that
   * failed: the stages before it keep their results and are not run again, the failed
   * one and those after it run afresh as a new run of the same workflow id. The row is
   * RUNNING again before the new run can record anything (it waits on the row lock).
   */
  async retry(principal: Principal, workflowId: string): Promise<PipelineRunType> {
    const plan = await this.resetPlan(await this.find(workflowId));
    const run = await inTransaction(this.dataSource, async (tx) => {
      const locked = await findPipelineRun(tx, { workflowId }, { lock: true });
      if (locked?.status !== 'FAILED') throw refused(workflowId, `is ${locked?.status} now: someone else retried it first`);
      const runId = await this.reset(workflowId, plan, principal);
      const from = locked.stages.findIndex((stage) => stage.name === plan.stage.name);
      const stages = locked.stages.map((stage, index): StageRecord =>
        index < from ? stage : { ...stage, status: 'PENDING', attempts: 0, startedAt: null, finishedAt: null, error: null },
      );
      const retried = { status: 'RUNNING' as const, error: null, finishedAt: null, currentStage: plan.stage.name, stages };
      await updatePipelineRun(tx, { id: locked.id }, retried);
      await appendAuditEvent(tx, {
        actor: principal.name,
        action: 'pipeline.retried',
        subjectType: 'pipeline_run',
        subjectId: locked.id,
        payload: { workflowId, stage: plan.stage.name, error: locked.error, failedRunId: plan.failedRunId, runId, resetEventId: plan.eventId },
      });
      return { ...locked, ...retried };
    });
    return pipelineRunView(run);
  }

  /**
   * Asks the workflow to cancel; it compensates itself (an open approval gate closes
   * CANCELLED, a canary in progress rolls back) and records the run CANCELLED when done.
   * Engineers may cancel the runs they started; ops and admin any run.
   */
  async cancel(principal: Principal, workflowId: string, reasonText: string): Promise<PipelineRunType> {
    const reason = reasonText.trim();
    if (!reason || reason.length > MAX_REASON_LENGTH) throw badInput('reason', `must be 1-${MAX_REASON_LENGTH} characters`);
    const run = await this.find(workflowId);
    if (principal.role === 'engineer' && run.requestedBy !== principal.name) {
      throw new ProvenantError('FORBIDDEN', `workflowId: ${run.requestedBy} started this pipeline; an engineer may cancel only their own runs`, 'workflowId');
    }
    if (!ACTIVE.has(run.status)) throw refused(workflowId, `is ${run.status}; only a running pipeline can be cancelled`);
    await inTransaction(this.dataSource, async (tx) => {
      await appendAuditEvent(tx, {
        actor: principal.name,
        action: 'pipeline.cancel_requested',
        subjectType: 'pipeline_run',
        subjectId: run.id,
        payload: { workflowId, stage: run.currentStage, status: run.status, reason },
      });
      // Inside the transaction: a request Temporal never took leaves no audit event behind.
      await this.onTemporal(workflowId, 'has already ended in Temporal', () => this.temporal.workflow.getHandle(workflowId).cancel());
    });
    return pipelineRunView(run);
  }

  private async find(workflowId: string): Promise<PipelineRunEntity> {
    const run = await findPipelineRun(this.dataSource, { workflowId });
    if (!run) throw notFound('workflowId', `pipeline run ${workflowId}`);
    return run;
  }

  /** Everything a retry needs, checked before anything is written. */
  private async resetPlan(run: PipelineRunEntity): Promise<ResetPlan> {
    const { workflowId } = run;
    if (run.status !== 'FAILED') throw refused(workflowId, `is ${run.status}; only a FAILED run can be retried`);
    const stage = run.stages.find((record) => record.status === 'FAILED');
    if (!stage) {
      throw refused(workflowId, `failed before any stage started (${run.error}); start it again with startModelPipeline and the same input`);
    }
    const description = await this.onTemporal(workflowId, GONE, () => this.temporal.workflow.getHandle(workflowId).describe());
    if (description.status.name !== 'FAILED') {
      throw refused(workflowId, `its workflow is ${description.status.name} in Temporal, not FAILED yet; try again in a moment`);
    }
    // The workflow knows where each of its stages began; asking it keeps this independent of which activities a stage schedules.
    const progress = await this.onTemporal(workflowId, GONE, () =>
      this.temporal.workflow.getHandle(workflowId, description.runId).query(pipelineProgressQuery),
    );
    const eventId = progress.stages.find((record) => record.name === stage.name)?.resetEventId;
    if (!eventId) throw refused(workflowId, `its workflow reports no start of the ${stage.name} stage to reset to`);
    return { stage, failedRunId: description.runId, eventId };
  }

  private async reset(workflowId: string, plan: ResetPlan, principal: Principal): Promise<string> {
    const { runId } = await this.onTemporal(workflowId, GONE, () =>
      this.temporal.workflowService.resetWorkflowExecution({
        namespace: this.config.temporalNamespace,
        workflowExecution: { workflowId, runId: plan.failedRunId },
        // An int64 field: protobufjs encodes a JavaScript number as well as the Long its typings name.
        workflowTaskFinishEventId: plan.eventId as unknown as ResetRequest['workflowTaskFinishEventId'],
        reason: `retryPipeline by ${principal.name}: run again from the ${plan.stage.name} stage`,
        requestId: randomUUID(),
      }),
    );
    return runId!;
  }

  /** A Temporal call; a workflow it cannot find (`notFound` says why) is a refusal, any other failure means Temporal is out of reach. */
  private async onTemporal<T>(workflowId: string, notFound: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw refused(workflowId, notFound);
      logger.error({ err: error, workflowId }, 'a Temporal call for a pipeline operation failed');
      throw new ProvenantError('UNAVAILABLE', `could not reach Temporal for pipeline ${workflowId}: ${(error as Error).message}; try again`);
    }
  }
}

function refused(workflowId: string, reason: string): ProvenantError {
  return new ProvenantError('CONFLICT', `workflowId: pipeline ${workflowId} ${reason}`, 'workflowId');
}
