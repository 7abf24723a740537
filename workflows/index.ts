export { modelPipelineWorkflow } from './model-pipeline.workflow';
