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
  query VerifyAuditLog($full: Boolean!) { verifyAuditLog(full: $full) { ok checked firstInvalidSequence lastSequence lastHash checkpointsChecked brokenCheckpointSequence tamperingFindings } }`;

export const MODELS = `query Models { models { ${MODEL_FIELDS} } }`;

export const MODEL = `
  query Model($name: String!) {
    model(name: $name) { ${MODEL_FIELDS} }
  }`;

export const MODEL_VERSION = `
  query ModelVersion($id: ID!) {
    modelVersion(id: $id) { ${MODEL_VERSION_FIELDS} }
  }`;

export const PIPELINE_RUNS = `
  query PipelineRuns($first: Int, $after: String) {
    pipelineRuns(first: $first, after: $after) {
      edges { node { ${PIPELINE_RUN_FIELDS} } }
      ${PAGE_INFO}
    }
  }`;

const DATASET_VERSION_FIELDS = `
  id datasetName version contentSha256 format sourceUri rowCount byteSize createdBy createdAt
  schema { name type nullCount distinctCount min max mean }`;

export const REGISTER_DATASET = `
  mutation RegisterDataset($input: RegisterDatasetInput!) {
    registerDataset(input: $input) { ${DATASET_VERSION_FIELDS} }
  }`;

export const DATASET_VERSION = `
  query DatasetVersion($id: ID!) {
    datasetVersion(id: $id) { ${DATASET_VERSION_FIELDS} }
  }`;

export const DATASET_VERSIONS = `
  query DatasetVersions($datasetName: String, $first: Int, $after: String) {
    datasetVersions(datasetName: $datasetName, first: $first, after: $after) {
      edges { node { ${DATASET_VERSION_FIELDS} } }
      ${PAGE_INFO}
    }
  }`;

const DEPLOYMENT_FIELDS = `
  id modelName modelVersionId version environment kind status previousVersionId trafficWeight reason triggeredBy
  workflowId createdAt finishedAt breakGlassId temporalUiUrl`;

export const DEPLOYMENTS = `
  query Deployments($modelName: String!) {
    deployments(modelName: $modelName) { ${DEPLOYMENT_FIELDS} }
  }`;

export const TRAFFIC_ROUTES = `
  query TrafficRoutes($modelName: String!) {
    trafficRoutes(modelName: $modelName) { modelName environment stableVersionId canaryVersionId canaryWeight shadowVersionId updatedAt }
  }`;

export const PROMOTE_DEPLOYMENT = `
  mutation PromoteDeployment($input: SetStableVersionInput!) {
    promoteDeployment(input: $input) { ${DEPLOYMENT_FIELDS} }
  }`;

export const ROLLBACK_DEPLOYMENT = `
  mutation RollbackDeployment($input: SetStableVersionInput!) {
    rollbackDeployment(input: $input) { ${DEPLOYMENT_FIELDS} }
  }`;

const DRIFT_COLUMN_FIELDS = 'column kind test statistic pValue threshold referenceSize currentSize drifted note';

const DRIFT_REPORT_FIELDS = `
  id workflowId modelName environment modelVersionId modelVersion triggeredBy
  reference { datasetVersionId rows }
  current { kind environment from to datasetVersionId rows }
  datasetDrift driftShare driftShareThreshold numberOfColumns numberOfDriftedColumns
  columns { ${DRIFT_COLUMN_FIELDS} }
  predictionDrift { ${DRIFT_COLUMN_FIELDS} }
  retraining { action reason pipelineWorkflowId }
  reportUrl createdAt`;

export const DRIFT_REPORTS = `
  query DriftReports($modelName: String!, $environment: DeployEnvironment, $first: Int, $after: String) {
    driftReports(modelName: $modelName, environment: $environment, first: $first, after: $after) {
      edges { node { ${DRIFT_REPORT_FIELDS} } }
      ${PAGE_INFO}
    }
  }`;

export const DRIFT_REPORT = `
  query DriftReport($id: ID!) {
    driftReport(id: $id) { ${DRIFT_REPORT_FIELDS} }
  }`;

const DRIFT_SCAN_FIELDS = `workflowId temporalUiUrl status failure report { ${DRIFT_REPORT_FIELDS} }`;

export const TRIGGER_DRIFT_SCAN = `
  mutation TriggerDriftScan($modelName: String!, $environment: DeployEnvironment, $window: String, $currentDatasetVersionId: ID, $referenceDatasetVersionId: ID) {
    triggerDriftScan(modelName: $modelName, environment: $environment, window: $window, currentDatasetVersionId: $currentDatasetVersionId, referenceDatasetVersionId: $referenceDatasetVersionId) {
      ${DRIFT_SCAN_FIELDS}
    }
  }`;

export const DRIFT_SCAN = `
  query DriftScan($workflowId: String!) {
    driftScan(workflowId: $workflowId) { ${DRIFT_SCAN_FIELDS} }
  }`;
