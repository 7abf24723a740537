import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { initialStageRecords, type PipelineInput } from '../domain/pipeline';
import { pipelineWorkflowId } from '../domain/workflow-contracts';
import { appendAuditEvent } from './audit-log';
import { canonicalJson } from './canonical-json';
import { PipelineRunEntity } from './entities';
import { recordLineageEdge, recordLineageNode } from './lineage-store';

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
  const runs = manager.getRepository(PipelineRunEntity);
  const existing = await runs.findOneBy({ workflowId });
  if (existing?.status === 'FAILED' && existing.error?.startsWith(START_FAILED)) {
    await runs.update(existing.id, { status: 'RUNNING', error: null, finishedAt: null });
    return { ...existing, status: 'RUNNING', error: null, finishedAt: null };
  }
  if (existing) return existing;
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
