import type { Role } from '../../domain/roles';

/**
 * Who may call what: the expected policy, written down once, against which
 * test/authorization-matrix.test.ts checks the running API. `ALL` is every role (a
 * token is still needed); `PUBLIC` needs no token.
 */
export type Access = readonly Role[] | 'ALL' | 'PUBLIC';

const AUTHORS = ['engineer', 'admin'] as const;
const OPERATORS = ['ops', 'admin'] as const;
const MONITORS = ['engineer', 'ops', 'admin'] as const;

/** Every query and mutation of the GraphQL schema. A new operation fails the matrix until it has a row here. */
export const OPERATION_ROLES: Record<string, Access> = {
  // Reading is open to every role.
  me: 'ALL',
  models: 'ALL',
  model: 'ALL',
  modelVersion: 'ALL',
  datasetVersion: 'ALL',
  validationReport: 'ALL',
  pipelineRun: 'ALL',
  pipelineRuns: 'ALL',
  trainers: 'ALL',
  lineage: 'ALL',
  provenance: 'ALL',
  auditEvents: 'ALL',
  approvalGates: 'ALL',
  approvalGate: 'ALL',
  approvalPolicies: 'ALL',
  breakGlassRequests: 'ALL',
  deployments: 'ALL',
  trafficRoutes: 'ALL',
  predictions: 'ALL',
  batchScoringJob: 'ALL',
  driftReports: 'ALL',
  driftReport: 'ALL',
  driftScan: 'ALL',
  driftSchedules: 'ALL',
  retrainingPolicy: 'ALL',

  // Engineers build models.
  registerDataset: AUTHORS,
  validateDataset: AUTHORS,
  startModelPipeline: AUTHORS,
  importModelVersion: AUTHORS,
  setModelVersionTag: AUTHORS,
  removeModelVersionTag: AUTHORS,
  startBatchScoring: AUTHORS,

  // Engineers and operators move aliases (only ops and admin move champion: a rule on the input, not the role) and record outcomes.
  setModelAlias: MONITORS,
  removeModelAlias: MONITORS,
  recordGroundTruth: MONITORS,

  // Engineers and operators watch for drift and decide what happens on it.
  triggerDriftScan: MONITORS,
  scheduleDriftScan: MONITORS,
  pauseDriftSchedule: MONITORS,
  resumeDriftSchedule: MONITORS,
  runDriftScheduleNow: MONITORS,
  deleteDriftSchedule: MONITORS,
  setRetrainingPolicy: MONITORS,

  // Approvers decide gates.
  decideApproval: ['approver', 'admin'],

  // Operators run production and hold the audit trail.
  promoteDeployment: OPERATORS,
  rollbackDeployment: OPERATORS,
  setShadowVersion: OPERATORS,
  verifyAuditLog: OPERATORS,
  // Heavy reads across every table, the audit chain included.
  maturityScorecard: OPERATORS,
  exportAuditLog: OPERATORS,
  checkpointAuditLog: OPERATORS,
  retryPipeline: OPERATORS,
  cancelPipeline: ['engineer', 'ops', 'admin'],

  // Admins only: a trainer's command runs arbitrary code on the workers; Slack links grant roles.
  registerTrainer: ['admin'],
  mapSlackUser: ['admin'],
  slackUsers: ['admin'],

  // Admins only: approval policies say who may let what through; a break-glass bypasses the release guard (and needs a second admin, a rule on the input).
  createApprovalPolicy: ['admin'],
  updateApprovalPolicy: ['admin'],
  deleteApprovalPolicy: ['admin'],
  requestBreakGlass: ['admin'],
  confirmBreakGlass: ['admin'],
};

/** Slack cannot send a bearer token: its requests are authenticated by their signature instead. */
export type HttpAccess = Access | 'SLACK_SIGNATURE';

/** Every HTTP route of the API's controllers, as `METHOD /path` with Nest's `:param` placeholders. */
export const HTTP_ROUTE_ROLES: Record<string, HttpAccess> = {
  'GET /artifacts/:sha256': 'ALL',
  'GET /reports/drift/:id': 'ALL',
  'GET /audit/export': OPERATORS,
  'POST /slack/events': 'SLACK_SIGNATURE',
  'GET /health': 'PUBLIC',
  'GET /health/live': 'PUBLIC',
  'GET /health/ready': 'PUBLIC',
  // Or the scrape token, PROVENANT_METRICS_TOKEN (test/bad-input.test.ts).
  'GET /metrics': OPERATORS,
  // The web UI's static files: a browser fetches them before anyone signs in; every query they make carries a token.
  'GET /ui': 'PUBLIC',
  'GET /ui/:file': 'PUBLIC',
  // The web UI's sign-in sets the session cookie drift report links open with; signing out clears it, whoever asks.
  'POST /ui/session': 'ALL',
  'DELETE /ui/session': 'PUBLIC',
  // GraphiQL's page and files, likewise: the queries it sends carry the token set in the page.
  'GET /graphiql': 'PUBLIC',
  'GET /graphiql/:file': 'PUBLIC',
  // Links to the UI, GraphiQL and the docs.
  'GET /': 'PUBLIC',
};
