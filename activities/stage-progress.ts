import { Context } from '@temporalio/activity';
import type { EntityManager } from 'typeorm';
import { PipelineRunEntity } from '../db/entities';
import type { PipelineStage, StageRecord } from '../domain/pipeline';

/**
 * Read-modify-write of one stage in a run's timeline under a row lock, so the
 * workflow's stage transitions and the activities' attempt counts never overwrite
 * each other.
 */
export async function updateStage(
  manager: EntityManager,
  workflowId: string,
  stage: PipelineStage,
  change: (record: StageRecord) => StageRecord,
): Promise<PipelineRunEntity> {
  const repository = manager.getRepository(PipelineRunEntity);
  const run = await repository.findOne({ where: { workflowId }, lock: { mode: 'pessimistic_write' } });
  if (!run) throw new Error(`pipeline_run ${workflowId} does not exist`);
  run.stages = run.stages.map((record) => (record.name === stage ? change(record) : record));
  run.currentStage = stage;
  await repository.update(run.id, { stages: run.stages, currentStage: stage });
  return run;
}

/** Records which attempt of a stage is running, so `pipelineRun` shows retries as they happen. */
export async function markStageAttempt(manager: EntityManager, workflowId: string, stage: PipelineStage): Promise<void> {
  const { attempt } = Context.current().info;
  await manager.transaction((tx) => updateStage(tx, workflowId, stage, (record) => ({ ...record, attempts: attempt })));
}
