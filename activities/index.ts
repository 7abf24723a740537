import { createApprovalGateActivities } from './approval-gate.activities';
import { createBatchScoringActivities, createBatchScoringBookkeeping } from './batch-scoring.activity';
import type { ActivityDependencies } from './dependencies';
import { createDeploymentActivities } from './deployment.activities';
import { createCrossValidateActivity } from './cross-validate.activity';
import { createEvaluateActivity } from './evaluate.activity';
import { createExternalOperationActivities } from './external-operations';
import { createExternalTrainerActivity } from './external-trainer';
import { createPipelineProgressActivities } from './pipeline-progress.activities';
import { createRegisterActivity } from './register.activity';
import { createSlackNotificationActivities } from './slack-notifications.activity';
import { createTrainActivity } from './train.activity';
import { createValidateActivity } from './validate.activity';
import { createColumnDriftActivity } from './drift/column-drift.activity';
import { createConceptDriftActivity } from './drift/concept-drift.activity';
import { createPerformanceEstimateActivity } from './drift/performance-estimate.activity';
import { createDriftAlertActivity } from './drift/drift-alert.activity';
import { createDriftReportActivity } from './drift/drift-report.activity';
import { createPlanDriftScanActivity } from './drift/plan-drift-scan.activity';
import { createPredictionDriftActivity } from './drift/prediction-drift.activity';
import { createRetrainingActivity } from './drift/retraining.activity';
import { createScanDriftActivity } from './drift/scan-drift.activity';
import { createScanPartSummaryActivity } from './drift/scan-part-summary.activity';

export type { ActivityDependencies } from './dependencies';

/** Activities grouped by the task queue that runs them. */
export function createActivities(deps: ActivityDependencies) {
  return {
    pipelines: {
      ...createPipelineProgressActivities(deps),
      ...createValidateActivity(deps),
      ...createRegisterActivity(deps),
      ...createApprovalGateActivities(deps),
      ...createDeploymentActivities(deps),
      ...createSlackNotificationActivities(deps),
      ...createBatchScoringBookkeeping(deps),
      ...createPlanDriftScanActivity(deps),
      ...createDriftReportActivity(deps),
      ...createRetrainingActivity(deps),
      ...createDriftAlertActivity(deps),
      ...createExternalOperationActivities(deps),
    },
    training: { ...createTrainActivity(deps), ...createExternalTrainerActivity(deps), ...createCrossValidateActivity(deps) },
    scoring: { ...createEvaluateActivity(deps), ...createBatchScoringActivities(deps) },
    monitoring: {
      ...createScanDriftActivity(deps),
      ...createScanPartSummaryActivity(deps),
      ...createColumnDriftActivity(deps),
      ...createPredictionDriftActivity(deps),
      ...createConceptDriftActivity(deps),
      ...createPerformanceEstimateActivity(deps),
    },
  };
}

export type PipelineActivities = ReturnType<typeof createActivities>['pipelines'];
export type DeploymentActivities = ReturnType<typeof createDeploymentActivities>;
export type TrainingActivities = ReturnType<typeof createActivities>['training'];
export type ScoringActivities = ReturnType<typeof createActivities>['scoring'];
export type MonitoringActivities = ReturnType<typeof createActivities>['monitoring'];
