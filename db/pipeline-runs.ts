import { createHash } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import { initialStageRecords, type PipelineInput, type PipelineStage, type StageRecord } from '../domain/pipeline';
import { pipelineWorkflowId } from '../domain/workflow-contracts';
import { appendAuditEvent } from './audit-log';
import { canonicalJson } from './canonical-json';
import type { Db } from './db';
import { PipelineRunEntity } from './entities';
import { newestFirstPage, type NewestFirstPage, type PagePosition } from './newest-first-page';
import { recordLineageEdge, recordLineageNode } from './lineage-store';

export type { PipelineRunEntity } from './entities';

/** How the error of a run whose workflow Temporal never accepted begins; such a run may be started again. */
export const START_FAILED = 'could not start the workflow';

/**
 * The run's workflow id, derived from what it is asked to do and its run key, not from
 * who asked or on which queues: repeating a request finds the run it already made.
 */
function pipelineRunWorkflowId(input: PipelineInput, runKey: string | null): string {
  const requestKey = createHash('sha256')
    .update(canonicalJson({ ...input, requestedBy: undefined, taskQueues: undefined, runKey }))
    .digest('hex')
    .slice(0, 20);
  return pipelineWorkflowId(input.modelName, requestKey);
}

/**
 * Records a pipeline run once per distinct request: its row, its lineage and the
 * `pipeline.requested` audit event. A repeated request returns the existing run, and a run
 * whose workflow could not be started comes back RUNNING, for the caller to start again.
 * Runs inside the caller's transaction; starting the workflow is the caller's.
 */
export async function recordPipelineRun(manager: EntityManager, input: PipelineInput, requestedBy: string, runKey: string | null): Promise<PipelineRunEntity> {
  const workflowId = pipelineRunWorkflowId(input, runKey);
  const existing = await findPipelineRun(manager, { workflowId });
  if (existing?.status === 'FAILED' && existing.error?.startsWith(START_FAILED)) {
    const restarted = { status: 'RUNNING' as const, error: null, finishedAt: null };
    await updatePipelineRun(manager, { id: existing.id }, restarted);
    return { ...existing, ...restarted };
  }
  if (existing) return existing;
  const runs = manager.getRepository(PipelineRunEntity);
  const created = await runs.save(
    runs.create({
      workflowId,
      modelName: input.modelName,
      datasetVersionId: input.datasetVersionId,
      status: 'RUNNING',
      currentStage: 'validate',
      stages: initialStageRecords(Boolean(input.deploy)),
      input,
      requestedBy,
    }),
  );
  await recordLineageNode(manager, { id: created.id, kind: 'pipeline_run', label: workflowId });
  await recordLineageEdge(manager, input.datasetVersionId, created.id, 'used_by');
  await appendAuditEvent(manager, {
    actor: requestedBy,
    action: 'pipeline.requested',
    subjectType: 'pipeline_run',
    subjectId: created.id,
    payload: { workflowId, ...input },
  });
  return created;
}

/** A run by its id or its workflow's id. */
export type PipelineRunKey = { id: string } | { workflowId: string };

/**
 * With `lock`, the row stays locked until the transaction ends, so read-modify-writes of
 * the run (stage timeline, completion, retry) never overwrite each other.
 */
export function findPipelineRun(db: Db, key: PipelineRunKey, options: { lock?: boolean } = {}): Promise<PipelineRunEntity | null> {
  return db.getRepository(PipelineRunEntity).findOne({ where: key, ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
}

export function findPipelineRuns(db: Db, ids: string[]): Promise<PipelineRunEntity[]> {
  return db.getRepository(PipelineRunEntity).findBy({ id: In(ids) });
}

export function listPipelineRuns(db: Db, first: number, after: PagePosition | null): Promise<NewestFirstPage<PipelineRunEntity>> {
  return newestFirstPage(db.getRepository(PipelineRunEntity).createQueryBuilder('r'), first, after);
}

/** What the stages of a pipeline, its bookkeeping and its operators change on a run. */
export type PipelineRunChange = Partial<
  Pick<
    PipelineRunEntity,
    | 'status'
    | 'error'
    | 'finishedAt'
    | 'currentStage'
    | 'stages'
    | 'trials'
    | 'crossValidation'
    | 'modelVersionId'
    | 'validationReportId'
    | 'reproducibility'
  >
>;

export async function updatePipelineRun(db: Db, key: PipelineRunKey, change: PipelineRunChange): Promise<void> {
  await db.getRepository(PipelineRunEntity).update(key, change);
}

/**
 * Read-modify-write of one stage in a run's timeline under a row lock, so the
 * workflow's stage transitions and the activities' attempt counts never overwrite
 * each other. Must run inside a transaction, which holds the lock.
 */
export async function updateStageRecord(
  manager: EntityManager,
  workflowId: string,
  stage: PipelineStage,
  change: (record: StageRecord) => StageRecord,
): Promise<PipelineRunEntity> {
  const run = await findPipelineRun(manager, { workflowId }, { lock: true });
  if (!run) throw new Error(`pipeline_run ${workflowId} does not exist`);
  run.stages = run.stages.map((record) => (record.name === stage ? change(record) : record));
  run.currentStage = stage;
  await updatePipelineRun(manager, { id: run.id }, { stages: run.stages, currentStage: stage });
  return run;
}
