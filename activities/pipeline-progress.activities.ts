import { ApplicationFailure, Context } from '@temporalio/activity';
import type { EntityManager } from 'typeorm';
import { findGateOfRun } from '../db/approval-gates';
import { appendAuditEvent } from '../db/audit-log';
import { inTransaction, mustExist } from '../db/db';
import { lineageIdFor, recordLineageEdge, recordLineageNode } from '../db/lineage-store';
import { findPipelineRun, updatePipelineRun, updateStageRecord } from '../db/pipeline-runs';
import type { TrialRecord } from '../domain/tuning';
import type { PipelineStage, PipelineStatus, StageStatus } from '../domain/pipeline';
import { PIPELINE_ACTOR, type ActivityDependencies } from './dependencies';

export interface StageUpdate {
  workflowId: string;
  stage: PipelineStage;
  status: StageStatus;
  error?: string;
}

export interface PipelineCompletion {
  workflowId: string;
  status: PipelineStatus;
  error?: string;
}

export function createPipelineProgressActivities({ dataSource }: ActivityDependencies) {
  return {
    /** Writes a stage transition to the run's timeline and, once finished, to the audit log. */
    async recordStage(update: StageUpdate): Promise<void> {
      await inTransaction(dataSource, (tx) => writeStage(tx, update));
    },

    /**
     * Several transitions in one transaction, in order: one stage ending and the next
     * beginning, written by the workflow task that learnt the first had ended.
     */
    async recordStages(updates: StageUpdate[]): Promise<void> {
      await inTransaction(dataSource, async (tx) => {
        for (const update of updates) await writeStage(tx, update);
      });
    },

    /** The tuning trials so far, so `pipelineRun` shows progress while the search runs. */
    async recordTrials({ workflowId, trials }: { workflowId: string; trials: TrialRecord[] }): Promise<void> {
      await inTransaction(dataSource, async (tx) => {
        const run = mustExist(await findPipelineRun(tx, { workflowId }), `pipeline run ${workflowId}`);
        await updatePipelineRun(tx, { id: run.id }, { trials });
        for (const trial of trials.filter((t) => t.status !== 'RUNNING')) {
          const id = trialLineageId(workflowId, trial.index);
          await recordLineageNode(tx, { id, kind: 'training_trial', label: `trial ${trial.index} ${trial.status}` });
          await recordLineageEdge(tx, run.id, id, 'ran');
        }
      });
    },

    async completePipeline(completion: PipelineCompletion): Promise<void> {
      await inTransaction(dataSource, async (tx) => {
        const run = await findPipelineRun(tx, { workflowId: completion.workflowId }, { lock: true });
        if (!run) throw new Error(`pipeline_run ${completion.workflowId} does not exist`);
        await updatePipelineRun(tx, { id: run.id }, {
          status: completion.status,
          error: completion.error ?? null,
          finishedAt: run.finishedAt ?? new Date(),
        });
        await appendAuditEvent(tx, {
          actor: PIPELINE_ACTOR,
          action: `pipeline.${completion.status.toLowerCase()}`,
          subjectType: 'pipeline_run',
          subjectId: run.id,
          payload: {
            workflowId: completion.workflowId,
            modelVersionId: run.modelVersionId,
            ...(completion.error ? { error: completion.error } : {}),
          },
          idempotencyKey: `${runScope(completion.workflowId)}:${completion.status}`,
        });
      });
    },
  };
}

async function writeStage(tx: EntityManager, update: StageUpdate): Promise<void> {
  const now = new Date().toISOString();
  const finished = update.status !== 'RUNNING' && update.status !== 'PENDING';
  const run = await updateStageRecord(tx, update.workflowId, update.stage, (record) => ({
    ...record,
    status: update.status,
    // A retried activity must not move the start time; a skipped stage never ran.
    startedAt: update.status === 'SKIPPED' ? null : (record.startedAt ?? now),
    finishedAt: finished && update.status !== 'SKIPPED' ? (record.finishedAt ?? now) : null,
    error: update.error ?? null,
  }));
  if (update.stage === 'approve' && update.status === 'SUCCEEDED') await mustHaveApprovedGate(tx, run.id);
  if (finished && update.status !== 'SKIPPED') {
    await appendAuditEvent(tx, {
      actor: PIPELINE_ACTOR,
      action: `pipeline.stage.${update.status.toLowerCase()}`,
      subjectType: 'pipeline_run',
      subjectId: run.id,
      payload: { workflowId: update.workflowId, stage: update.stage, ...(update.error ? { error: update.error } : {}) },
      idempotencyKey: `${runScope(update.workflowId)}:${update.stage}:${update.status}`,
    });
  }
}

/**
 * The approve stage ends SUCCEEDED only when Postgres holds the run's gate APPROVED (its
 * decisions recorded and attested), whatever told the workflow so: a signal, like the
 * gate's report of its outcome, can be sent by anyone who can reach Temporal.
 */
async function mustHaveApprovedGate(tx: EntityManager, runId: string): Promise<void> {
  const gate = await findGateOfRun(tx, runId);
  if (gate?.status !== 'APPROVED') {
    throw ApplicationFailure.create({
      type: 'Forbidden',
      message: `the approve stage cannot succeed: the run's approval gate is ${gate ? gate.status : 'missing'} in the registry`,
      nonRetryable: true,
    });
  }
}

/**
 * What a stage's and a run's audit events are unique within: the workflow's run, not its
 * id, because a retried pipeline (a reset: same id, new run) may fail or succeed again.
 */
function runScope(workflowId: string): string {
  // Only pipeline workflows schedule these activities, so there is always a run.
  return `${workflowId}:${Context.current().info.workflowExecution!.runId}`;
}

export function trialLineageId(workflowId: string, index: number): string {
  return lineageIdFor(`${workflowId}:trial:${index}`);
}
