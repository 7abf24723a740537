export { modelPipelineWorkflow } from './model-pipeline.workflow';
export { tuningTrialWorkflow } from './tuning-trial.workflow';
export { batchScoringWorkflow } from './batch-scoring.workflow';
export { deploymentWorkflow } from './deployment.workflow';
export { driftScanWorkflow } from './drift-scan.workflow';
export { approvalGateWorkflow } from './approval-gate.workflow';
export { reconcileExternalOperationsWorkflow } from './reconcile-external-operations.workflow';
