import { setTimeout as sleep } from 'node:timers/promises';
import * as documents from './documents';
import { ApiError, ProvenantApi, type ApiConnection } from './provenant-api';
import type {
  ApprovalGate,
  ApprovalGateFilter,
  AuditEvent,
  AuditEventFilter,
  AuditVerification,
  DatasetVersion,
  DatasetVersionFilter,
  DecideApprovalInput,
  Deployment,
  DriftReport,
  DriftReportFilter,
  DriftScan,
  InferenceRequest,
  InferenceResponse,
  LineageDirection,
  LineageGraph,
  Model,
  ModelVersion,
  Page,
  PageRequest,
  PipelineRun,
  PipelineStatus,
  Provenance,
  RegisterDatasetInput,
  SetStableVersionInput,
  StartPipelineInput,
  TrafficRoute,
  TriggerDriftScanInput,
} from './types';

/** The statuses a run never leaves; every other one is still moving or waiting for people. */
export const FINISHED_PIPELINE_STATUSES: ReadonlySet<PipelineStatus> = new Set([
  'SUCCEEDED',
  'FAILED',
  'QUALITY_CHECKS_FAILED',
  'REJECTED',
  'EXPIRED',
  'CANCELLED',
  'ROLLED_BACK',
]);

/** Between polls; a run takes seconds to days, and each poll is one cheap query. */
const DEFAULT_POLL_INTERVAL_MS = 1000;

export interface ClientConnection extends ApiConnection {
  /** Base URL of a serving process (Open Inference Protocol), for `infer`; it takes the same bearer token. */
  servingUrl?: string;
}

export interface FollowPipelineOptions {
  /** Called with the run after every poll, the last one included. */
  onProgress?: (run: PipelineRun) => void;
  /** Stops following; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Also resolve once the run waits at its open approval gate, instead of waiting for people to decide. */
  stopAtApproval?: boolean;
  intervalMs?: number;
}

interface Connection<T> {
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

function page<T>(connection: Connection<T>): Page<T> {
  return { nodes: connection.edges.map((edge) => edge.node), ...connection.pageInfo };
}

/** Rejects with the signal's own reason, as fetch does, rather than a generic AbortError wrapping it. */
async function pause(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(milliseconds, undefined, { signal });
  } catch (error) {
    throw signal?.aborted ? signal.reason : error;
  }
}

/**
 * Provenant's GraphQL API as typed methods. Each call is one request with the bearer
 * token; a refusal rejects with an ApiError carrying the API's code and field.
 */
export class ProvenantClient {
  /** For operations without a method here: raw GraphQL and the REST downloads. */
  readonly api: ProvenantApi;
  private readonly servingUrl: string | undefined;

  constructor(connection: ClientConnection) {
    this.api = new ProvenantApi(connection);
    this.servingUrl = connection.servingUrl;
  }

  /** Starts validate → train → evaluate → register (→ approve → deploy with `deploy`); roles engineer, admin. */
  async startPipeline(input: StartPipelineInput): Promise<PipelineRun> {
    return (await this.api.graphql<{ startModelPipeline: PipelineRun }>(documents.START_PIPELINE, { input })).startModelPipeline;
  }

  async pipelineRun(workflowId: string, signal?: AbortSignal): Promise<PipelineRun> {
    return (await this.api.graphql<{ pipelineRun: PipelineRun }>(documents.PIPELINE_RUN, { workflowId }, signal)).pipelineRun;
  }

  /**
   * Polls the run until it finishes (see FINISHED_PIPELINE_STATUSES), or with
   * `stopAtApproval` until its approval gate is open, and resolves to its last state.
   */
  async followPipeline(workflowId: string, options: FollowPipelineOptions = {}): Promise<PipelineRun> {
    for (;;) {
      const run = await this.pipelineRun(workflowId, options.signal);
      options.onProgress?.(run);
      if (FINISHED_PIPELINE_STATUSES.has(run.status)) return run;
      if (options.stopAtApproval && run.status === 'AWAITING_APPROVAL' && run.approvalGate) return run;
      await pause(options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS, options.signal);
    }
  }

  /** Newest first, every role. */
  async approvalGates(filter: ApprovalGateFilter = {}): Promise<Page<ApprovalGate>> {
    const answer = await this.api.graphql<{ approvalGates: Connection<ApprovalGate> }>(documents.APPROVAL_GATES, { ...filter });
    return page(answer.approvalGates);
  }

  async approvalGate(id: string): Promise<ApprovalGate> {
    return (await this.api.graphql<{ approvalGate: ApprovalGate }>(documents.APPROVAL_GATE, { id })).approvalGate;
  }

  /**
   * Approves or rejects an open gate (roles approver, admin; never the person who started
   * the run) and resolves to the gate after the decision.
   */
  async decideApproval(input: DecideApprovalInput): Promise<ApprovalGate> {
    return (await this.api.graphql<{ decideApproval: ApprovalGate }>(documents.DECIDE_APPROVAL, { input })).decideApproval;
  }

  /** Where a model version came from and everything that happened to it, each fact with its audit events. */
  async provenance(modelVersionId: string): Promise<Provenance> {
    return (await this.api.graphql<{ provenance: Provenance }>(documents.PROVENANCE, { modelVersionId })).provenance;
  }

  /** The graph around any record's id, `depth` hops (the API's default when left out) each way asked for. */
  async lineage(id: string, direction: LineageDirection = 'BOTH', depth?: number): Promise<LineageGraph> {
    return (await this.api.graphql<{ lineage: LineageGraph }>(documents.LINEAGE, { id, direction, depth })).lineage;
  }

  /** Newest first. */
  async auditEvents(filter: AuditEventFilter = {}): Promise<Page<AuditEvent>> {
    const { first, after, ...match } = filter;
    const answer = await this.api.graphql<{ auditEvents: Connection<AuditEvent> }>(documents.AUDIT_EVENTS, { filter: match, first, after });
    return page(answer.auditEvents);
  }

  /** Verifies the audit log's chain: the events appended since the API last did, or with `full` from the first; roles ops, admin. */
  async verifyAuditLog(options: { full?: boolean } = {}): Promise<AuditVerification> {
    return (await this.api.graphql<{ verifyAuditLog: AuditVerification }>(documents.VERIFY_AUDIT_LOG, { full: options.full ?? false })).verifyAuditLog;
  }

  /**
   * The audit events from `since` (inclusive) to `until` (exclusive, default now) as JSON
   * lines, a header first; roles ops, admin. Check it offline with scripts/verify-audit-export.mjs.
   */
  async exportAuditLog(range: { since: string; until?: string }): Promise<ReadableStream<Uint8Array>> {
    return this.api.download('/audit/export', { since: range.since, ...(range.until !== undefined ? { until: range.until } : {}) });
  }

  async models(): Promise<Model[]> {
    return (await this.api.graphql<{ models: Model[] }>(documents.MODELS)).models;
  }

  async model(name: string): Promise<Model> {
    return (await this.api.graphql<{ model: Model }>(documents.MODEL, { name })).model;
  }

  async modelVersion(id: string): Promise<ModelVersion> {
    return (await this.api.graphql<{ modelVersion: ModelVersion }>(documents.MODEL_VERSION, { id })).modelVersion;
  }

  /** Newest first, every role. */
  async pipelineRuns(request: PageRequest = {}): Promise<Page<PipelineRun>> {
    const answer = await this.api.graphql<{ pipelineRuns: Connection<PipelineRun> }>(documents.PIPELINE_RUNS, { ...request });
    return page(answer.pipelineRuns);
  }

  /** Registers a file inside one of the API's data roots as a content-addressed version (the same bytes give the same version); roles engineer, admin. */
  async registerDataset(input: RegisterDatasetInput): Promise<DatasetVersion> {
    return (await this.api.graphql<{ registerDataset: DatasetVersion }>(documents.REGISTER_DATASET, { input })).registerDataset;
  }

  async datasetVersion(id: string): Promise<DatasetVersion> {
    return (await this.api.graphql<{ datasetVersion: DatasetVersion }>(documents.DATASET_VERSION, { id })).datasetVersion;
  }

  /** Newest first, of every dataset or of `datasetName`. */
  async datasetVersions(filter: DatasetVersionFilter = {}): Promise<Page<DatasetVersion>> {
    const answer = await this.api.graphql<{ datasetVersions: Connection<DatasetVersion> }>(documents.DATASET_VERSIONS, { ...filter });
    return page(answer.datasetVersions);
  }

  /** A model's deployment history, newest first. */
  async deployments(modelName: string): Promise<Deployment[]> {
    return (await this.api.graphql<{ deployments: Deployment[] }>(documents.DEPLOYMENTS, { modelName })).deployments;
  }

  /** Which versions serve the model in each environment now. */
  async trafficRoutes(modelName: string): Promise<TrafficRoute[]> {
    return (await this.api.graphql<{ trafficRoutes: TrafficRoute[] }>(documents.TRAFFIC_ROUTES, { modelName })).trafficRoutes;
  }

  /** Makes a version stable at once (roles ops, admin); the release guard wants an APPROVED gate for it in the environment. */
  async promoteDeployment(input: SetStableVersionInput): Promise<Deployment> {
    return (await this.api.graphql<{ promoteDeployment: Deployment }>(documents.PROMOTE_DEPLOYMENT, { input })).promoteDeployment;
  }

  /** Puts a version back as stable at once (roles ops, admin), under the same release guard as promoting. */
  async rollbackDeployment(input: SetStableVersionInput): Promise<Deployment> {
    return (await this.api.graphql<{ rollbackDeployment: Deployment }>(documents.ROLLBACK_DEPLOYMENT, { input })).rollbackDeployment;
  }

  /** A model's drift reports, newest first. */
  async driftReports(filter: DriftReportFilter): Promise<Page<DriftReport>> {
    const answer = await this.api.graphql<{ driftReports: Connection<DriftReport> }>(documents.DRIFT_REPORTS, { ...filter });
    return page(answer.driftReports);
  }

  async driftReport(id: string): Promise<DriftReport> {
    return (await this.api.graphql<{ driftReport: DriftReport }>(documents.DRIFT_REPORT, { id })).driftReport;
  }

  /** The drift report as the self-contained HTML page the web UI links to. */
  async driftReportPage(id: string): Promise<ReadableStream<Uint8Array>> {
    return this.api.download(`/reports/drift/${encodeURIComponent(id)}`, {});
  }

  /** Starts a scan now (roles engineer, ops, admin): an environment's traffic over a window, or a dataset version. */
  async triggerDriftScan(input: TriggerDriftScanInput): Promise<DriftScan> {
    return (await this.api.graphql<{ triggerDriftScan: DriftScan }>(documents.TRIGGER_DRIFT_SCAN, { ...input })).triggerDriftScan;
  }

  async driftScan(workflowId: string): Promise<DriftScan> {
    return (await this.api.graphql<{ driftScan: DriftScan }>(documents.DRIFT_SCAN, { workflowId })).driftScan;
  }

  /** Polls the scan until it leaves RUNNING and resolves to its last state (with its report when it COMPLETED). */
  async followDriftScan(workflowId: string, options: { intervalMs?: number; signal?: AbortSignal } = {}): Promise<DriftScan> {
    for (;;) {
      const scan = await this.driftScan(workflowId);
      if (scan.status !== 'RUNNING' || scan.report) return scan;
      await pause(options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS, options.signal);
    }
  }

  /** Scores rows with the model's live route at the serving process (`servingUrl`), as any Open Inference Protocol client does. */
  async infer(modelName: string, request: InferenceRequest): Promise<InferenceResponse> {
    if (!this.servingUrl) throw new ApiError('BAD_USER_INPUT', 'no serving URL: pass servingUrl to ProvenantClient', 'servingUrl');
    const serving = new ProvenantApi({ ...this.api.connection, url: this.servingUrl });
    return (await serving.postJson(`/v2/models/${encodeURIComponent(modelName)}/infer`, request)) as InferenceResponse;
  }
}
