/**
 * The GraphQL documents ProvenantClient sends, one per method, selecting exactly the
 * fields its interfaces in ./types declare.
 */

const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';

const PIPELINE_RUN_FIELDS = `
  id workflowId modelName datasetVersionId status currentStage error requestedBy createdAt finishedAt
  validationReportId temporalUiUrl
  stages { name status attempts startedAt finishedAt error }
  modelVersion { id version }
  approvalGate { id environment status requiredApprovals deadline }`;

const APPROVAL_GATE_FIELDS = `
  id workflowId subject { kind id title url } evidenceLinks { label url }
  policy policyVersion approverRoles policyApprovers excludedApprovers expiresAfter
  modelVersionId environment status requiredApprovals approvers requestedBy evidence
  deadline remindedAt createdAt closedAt
  decisions { actor decision comment channel decidedAt }`;

const MODEL_VERSION_FIELDS = `
  id modelName version metrics artifactUri artifactSha256 aliases target features classLabels
  hyperparameters datasetVersionId pipelineRunId createdAt
  tags { key value setBy setAt }`;

const MODEL_FIELDS = `
  id name task createdAt
  aliases { alias version setBy setAt }
  versions { ${MODEL_VERSION_FIELDS} }`;

const VALIDATION_CHECK_FIELDS = 'name column observed threshold status message';

const PROVENANCE_FIELDS = `
  modelVersion { id modelName version artifactSha256 registeredAt auditEventIds }
  data {
    datasetVersionId datasetName version contentSha256 rowCount format sourceUri registeredBy registeredAt
    usedAs auditEventIds
  }
  pipelineRun { id workflowId status requestedBy startedAt finishedAt auditEventIds }
  code { trainer trainerVersion gitCommit nodeVersion onnxruntimeVersion provenantVersion auditEventIds }
  parameters {
    hyperparameters { name value } requestedHyperparameters { name value } seed testFraction crossValidationFolds
    tuning { strategy objectiveMetric objectiveGoal maxTrials trials succeededTrials failedTrials bestValue }
    auditEventIds
  }
  validation {
    reportId status failingChecks { ${VALIDATION_CHECK_FIELDS} } warningChecks { ${VALIDATION_CHECK_FIELDS} } auditEventIds
  }
  evaluation {
    reportId testRowCount metrics { name value } qualityChecksPassed
    qualityChecks { check metric observed required passed message }
    champion { championVersionId championVersion metrics { metric candidate champion delta } }
    championSkipped auditEventIds
  }
  approvalGates {
    id environment status requiredApprovals requestedBy openedAt closedAt auditEventIds
    decisions { actor decision comment channel decidedAt auditEventIds }
  }
  deployments {
    id environment kind status triggeredBy reason previousVersionId previousVersion startedAt finishedAt auditEventIds
  }
  aliasMoves { alias fromVersionId fromVersion toVersionId toVersion actor reason at auditEventIds }
  driftReports { id createdAt environment datasetDrift driftShare retrainingRunId auditEventIds }
  retrainingRuns {
    id driftReportId workflowId status requestedBy startedAt finishedAt modelVersionId auditEventIds
  }`;

const AUDIT_EVENT_FIELDS = 'sequence id occurredAt actor action subjectType subjectId payload previousHash hash';

export const START_PIPELINE = `
  mutation StartModelPipeline($input: StartModelPipelineInput!) {
    startModelPipeline(input: $input) { ${PIPELINE_RUN_FIELDS} }
  }`;

export const PIPELINE_RUN = `
  query PipelineRun($workflowId: String!) {
    pipelineRun(workflowId: $workflowId) { ${PIPELINE_RUN_FIELDS} }
  }`;

// A variable left out lets the API's own default apply (first: 20 and so on).
export const APPROVAL_GATES = `
  query ApprovalGates($status: GateStatus, $first: Int, $after: String) {
    approvalGates(status: $status, first: $first, after: $after) {
      edges { node { ${APPROVAL_GATE_FIELDS} } }
      ${PAGE_INFO}
    }
  }`;

export const APPROVAL_GATE = `
  query ApprovalGate($id: ID!) {
    approvalGate(id: $id) { ${APPROVAL_GATE_FIELDS} }
  }`;

export const DECIDE_APPROVAL = `
  mutation DecideApproval($input: DecideApprovalInput!) {
    decideApproval(input: $input) { ${APPROVAL_GATE_FIELDS} }
  }`;

export const PROVENANCE = `
  query Provenance($modelVersionId: ID!) {
    provenance(modelVersionId: $modelVersionId) { ${PROVENANCE_FIELDS} }
  }`;

export const LINEAGE = `
  query Lineage($id: ID!, $direction: LineageDirection, $depth: Int) {
    lineage(id: $id, direction: $direction, depth: $depth) { nodes { id kind label } edges { from to relation } }
  }`;

export const AUDIT_EVENTS = `
  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      edges { node { ${AUDIT_EVENT_FIELDS} } }
      ${PAGE_INFO}
    }
  }`;

export const VERIFY_AUDIT_LOG = `
  query VerifyAuditLog($full: Boolean!) { verifyAuditLog(full: $full) { ok checked firstInvalidSequence lastSequence lastHash checkpointsChecked brokenCheckpointSequence } }`;

export const MODELS = `query Models { models { ${MODEL_FIELDS} } }`;

export const MODEL = `
  query Model($name: String!) {
    model(name: $name) { ${MODEL_FIELDS} }
  }`;

export const MODEL_VERSION = `
  query ModelVersion($id: ID!) {
    modelVersion(id: $id) { ${MODEL_VERSION_FIELDS} }
  }`;
