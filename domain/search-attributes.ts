import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import type { DeployEnvironment } from './approval';
import type { PipelineInput, PipelineStatus } from './pipeline';

/**
 * Custom search attributes, so operators can filter runs in the Temporal UI and with
 * `temporal workflow list --query`, e.g. `ProvenantModel = "weather-classifier" AND
 * ProvenantStatus = "FAILED"`. Defined once here: the API, the workers and the
 * workflows all name them through these keys.
 */
export const SEARCH_ATTRIBUTES = {
  model: defineSearchAttributeKey('ProvenantModel', SearchAttributeType.KEYWORD),
  kind: defineSearchAttributeKey('ProvenantKind', SearchAttributeType.KEYWORD),
  environment: defineSearchAttributeKey('ProvenantEnvironment', SearchAttributeType.KEYWORD),
  /** Pipelines only: the stage running (or the last one that ran). */
  stage: defineSearchAttributeKey('ProvenantStage', SearchAttributeType.KEYWORD),
  /** Pipelines only: the run's status as `pipelineRun` reports it (AWAITING_APPROVAL, QUALITY_CHECKS_FAILED, …), which Temporal's own status cannot tell. */
  status: defineSearchAttributeKey('ProvenantStatus', SearchAttributeType.KEYWORD),
} as const;

export const WORKFLOW_KINDS = ['pipeline', 'tuning_trial', 'deployment', 'batch_scoring', 'drift_scan', 'approval_gate'] as const;
export type WorkflowKind = (typeof WORKFLOW_KINDS)[number];

/** What a workflow other than a pipeline is searchable by, set when it starts. */
export function workflowSearchAttributes(kind: WorkflowKind, modelName: string, environment: DeployEnvironment | null = null): SearchAttributePair[] {
  return [
    { key: SEARCH_ATTRIBUTES.kind, value: kind },
    { key: SEARCH_ATTRIBUTES.model, value: modelName },
    ...(environment ? [{ key: SEARCH_ATTRIBUTES.environment, value: environment }] : []),
  ];
}

/** A pipeline's attributes at a point of its run; the environment is the one it asks to deploy to. */
export function pipelineSearchAttributes(input: Pick<PipelineInput, 'modelName' | 'deploy'>, stage: string, status: PipelineStatus): SearchAttributePair[] {
  return [
    ...workflowSearchAttributes('pipeline', input.modelName, input.deploy?.environment ?? null),
    { key: SEARCH_ATTRIBUTES.stage, value: stage },
    { key: SEARCH_ATTRIBUTES.status, value: status },
  ];
}
