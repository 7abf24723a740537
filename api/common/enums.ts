import { registerEnumType } from '@nestjs/graphql';
import { DECISIONS, DEPLOY_ENVIRONMENTS, GATE_STATUSES } from '../../domain/approval';
import { QUALITY_CHECK_OPS } from '../../domain/evaluation';
import { LINEAGE_DIRECTIONS } from '../../domain/lineage';
import { MODEL_TASKS, PIPELINE_STATUSES } from '../../domain/pipeline';
import { OBJECTIVE_GOALS, TUNING_STRATEGIES } from '../../domain/tuning';

export function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
}

export const ModelTaskEnum = enumOf(MODEL_TASKS);
export const PipelineStatusEnum = enumOf(PIPELINE_STATUSES);
export const LineageDirectionEnum = enumOf(LINEAGE_DIRECTIONS);
export const TuningStrategyEnum = enumOf(TUNING_STRATEGIES);
export const ObjectiveGoalEnum = enumOf(OBJECTIVE_GOALS);
export const QualityCheckOpEnum = enumOf(QUALITY_CHECK_OPS);
export const DeployEnvironmentEnum = enumOf(DEPLOY_ENVIRONMENTS);
export const GateStatusEnum = enumOf(GATE_STATUSES);
export const DecisionEnum = enumOf(DECISIONS);

registerEnumType(ModelTaskEnum, {
  name: 'ModelTask',
  description: 'What a model predicts.',
  valuesMap: {
    CLASSIFICATION: { description: 'A class label (and a probability per class).' },
    REGRESSION: { description: 'A number.' },
  },
});
registerEnumType(PipelineStatusEnum, {
  name: 'PipelineStatus',
  description: 'Where a pipeline run stands.',
  valuesMap: {
    RUNNING: { description: 'Its stages are running.' },
    AWAITING_APPROVAL: { description: 'Registered its model and waits at its approval gate.' },
    DEPLOYING: { description: 'Approved; its deployment runs.' },
    SUCCEEDED: { description: 'Every stage succeeded (and the version was deployed, if asked).' },
    QUALITY_CHECKS_FAILED: { description: 'The version was registered but missed a quality check; no approval was asked.' },
    FAILED: { description: 'A stage failed; error says why. retryPipeline runs it again from that stage.' },
    CANCELLED: { description: 'Cancelled (cancelPipeline, or from Temporal).' },
    REJECTED: { description: 'An approver rejected its gate.' },
    EXPIRED: { description: 'Its gate expired without enough approvals.' },
    ROLLED_BACK: { description: 'Approved, but its canary failed a step and was rolled back.' },
  },
});
registerEnumType(LineageDirectionEnum, {
  name: 'LineageDirection',
  description: 'Which way lineage walks from its starting node.',
  valuesMap: {
    UPSTREAM: { description: 'Ancestors: where it came from.' },
    DOWNSTREAM: { description: 'Descendants: what was made from it.' },
    BOTH: { description: 'Ancestors and descendants (not siblings).' },
  },
});
registerEnumType(TuningStrategyEnum, {
  name: 'TuningStrategy',
  description: 'How tuning picks hyperparameter combinations.',
  valuesMap: {
    GRID: { description: 'Every combination of the listed values, in order.' },
    RANDOM: { description: 'Combinations drawn at random (seeded) from the lists and ranges.' },
  },
});
registerEnumType(ObjectiveGoalEnum, {
  name: 'ObjectiveGoal',
  description: "Which way tuning's objective is better.",
  valuesMap: {
    MAXIMIZE: { description: 'Higher is better (accuracy, macroF1, r2).' },
    MINIMIZE: { description: 'Lower is better (logLoss, rmse, mae).' },
  },
});
registerEnumType(QualityCheckOpEnum, {
  name: 'QualityCheckOp',
  description: 'How a quality check compares the measured value with its bound.',
  valuesMap: {
    GTE: { description: 'Passes when the value is at least the bound.' },
    LTE: { description: 'Passes when the value is at most the bound.' },
  },
});
registerEnumType(DeployEnvironmentEnum, {
  name: 'DeployEnvironment',
  description: 'A serving environment with its own traffic routes, approval gates and prediction log.',
  valuesMap: {
    STAGING: { description: 'Pre-production; gates need 1 approval unless asked or a policy says otherwise.' },
    PRODUCTION: { description: 'Production; gates need 2 approvals unless asked or a policy says otherwise.' },
  },
});
registerEnumType(GateStatusEnum, {
  name: 'GateStatus',
  description: 'Where an approval gate stands.',
  valuesMap: {
    PENDING: { description: 'Open: waiting for decisions.' },
    APPROVED: { description: 'Enough distinct approvers approved; a release goes on to deploy.' },
    REJECTED: { description: 'An approver rejected it (with a comment); a pipeline run ends REJECTED.' },
    EXPIRED: { description: 'The deadline passed without enough approvals; a pipeline run ends EXPIRED.' },
    CANCELLED: { description: 'The workflow that asked was cancelled before the gate closed.' },
  },
});
registerEnumType(DecisionEnum, {
  name: 'Decision',
  description: "An approver's answer to an approval gate.",
  valuesMap: {
    APPROVE: { description: "Counts towards the gate's required approvals." },
    REJECT: { description: 'Closes the gate REJECTED at once; needs a comment.' },
  },
});
