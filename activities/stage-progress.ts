import { Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { inTransaction } from '../db/db';
import { updateStageRecord } from '../db/pipeline-runs';
import type { PipelineStage } from '../domain/pipeline';

/** Records which attempt of a stage is running, so `pipelineRun` shows retries as they happen. */
export async function markStageAttempt(dataSource: DataSource, workflowId: string, stage: PipelineStage): Promise<void> {
  const { attempt } = Context.current().info;
  await inTransaction(dataSource, (tx) => updateStageRecord(tx, workflowId, stage, (record) => ({ ...record, attempts: attempt })));
}
