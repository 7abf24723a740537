/**
 * The workflow types Provenant defines (the functions workflows/index.ts exports), by
 * name: what a Temporal client sees of a workflow, and so what tells a Provenant
 * workflow apart from anyone else's in a shared namespace. approvalGateWorkflow is the
 * gate users' own workflows request.
 */
export const PROVENANT_WORKFLOW_TYPES = [
  'modelPipelineWorkflow',
  'tuningTrialWorkflow',
  'batchScoringWorkflow',
  'deploymentWorkflow',
  'driftScanWorkflow',
  'approvalGateWorkflow',
  'reconcileExternalOperationsWorkflow',
] as const;
export type ProvenantWorkflowType = (typeof PROVENANT_WORKFLOW_TYPES)[number];

const NAMES: ReadonlySet<string> = new Set(PROVENANT_WORKFLOW_TYPES);

export function isProvenantWorkflowType(workflowType: string): workflowType is ProvenantWorkflowType {
  return NAMES.has(workflowType);
}
