export { modelPipelineWorkflow } from './model-pipeline.workflow';
export { tuningTrialWorkflow } from './tuning-trial.workflow';
