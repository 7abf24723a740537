import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DecisionRequest, GateState } from './approval';
import type { PipelineStatus, StageRecord } from './pipeline';
import type { TrialRecord } from './tuning';

/** Failure types that activities raise as non-retryable: retrying cannot fix them. */
export const NON_RETRYABLE_FAILURES = ['InvalidInput', 'ValidationFailed'] as const;

export interface PipelineProgress {
  status: PipelineStatus;
  currentStage: string;
  stages: StageRecord[];
  trials: TrialRecord[];
}

export const pipelineProgressQuery = defineQuery<PipelineProgress>('pipelineProgress');

export function pipelineWorkflowId(modelName: string, requestKey: string): string {
  return `pipeline:${modelName}:${requestKey}`;
}

/** The approval gate a pipeline run asks for before deploying to `environment`: a child workflow of the run. */
export function releaseGateWorkflowId(pipelineWorkflowId: string, environment: string): string {
  return `${pipelineWorkflowId}:approval:${environment}`;
}

/** Decide an open approval gate; validated in the workflow, so a refused decision leaves no trace in history. */
export const decideGateUpdate = defineUpdate<GateState, [DecisionRequest]>('decideGate');
export const gateStateQuery = defineQuery<GateState | null>('gateState');

/**
 * Sent to a pipeline run by its release gate's workflow once the settling decision is
 * recorded, attested, audited and the gate closed: the run reads the outcome from the
 * registry in that moment instead of waiting for the gate's workflow to close. It carries
 * nothing to believe, since anyone who can reach Temporal can send it.
 */
export const releaseGateSettledSignal = defineSignal('releaseGateSettled');
