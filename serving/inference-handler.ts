import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ServingClearance } from '../db/approval-gates';
import type { PredictionRole } from '../db/prediction-log';
import type { DeployEnvironment } from '../domain/approval';
import type { TrafficRoute } from '../domain/deployment';
import { onnxInputs } from '../ml/features/onnx-inputs';
import type { Logger } from '../platform/logger';
import { InferenceRequestError, parseInferenceRequest, requestIdOf } from './inference-request';
import { scoredRows, selectOutputs } from './inference-response';
import { modelConfig, modelMetadata } from './model-metadata';
import type { ModelSessions, ServedVersion } from './model-sessions';
import type { ModelStat, ModelStatistics } from './model-statistics';
import { featureRecords } from './prediction-log';
import type { PredictionLogWriter } from './prediction-log-writer';
import { requestedOutputs } from './requested-outputs';
import { routedIds, type RouteCache } from './route-cache';
import { UNROUTED_MODEL, type ServingMetrics } from './serving-metrics';
import type { TrafficSplit } from './traffic-split';

/** A refusal with its HTTP status; the message goes to the caller as `{ error }`, with `code: 'FORBIDDEN'` for a 403. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The body of a refusal: a 403 also carries the API's stable code, so clients tell "not allowed" from "not found". */
function refusalBody(status: number, message: string): { error: string; code?: 'FORBIDDEN' } {
  return status === 403 ? { error: message, code: 'FORBIDDEN' } : { error: message };
}

export interface Reply {
  status: number;
  body: unknown;
  /** Output tensors sent as binary data, after the JSON body, in the order of its outputs. */
  binary?: Buffer[];
  headers?: Record<string, string>;
  /** Work to do once the caller has its answer: shadow scoring. */
  after?: () => Promise<void>;
}

export interface InferenceHandlerOptions {
  routes: RouteCache;
  sessions: ModelSessions;
  writer: PredictionLogWriter;
  metrics: ServingMetrics;
  statistics: ModelStatistics;
  environment: DeployEnvironment;
  split: TrafficSplit;
  /** What the records say about serving a version in this environment (approval gates, quality checks). */
  clearanceOf: (modelVersionId: string) => Promise<ServingClearance>;
  logger: Logger;
}

/** Shadow scoring beyond this many at once is skipped (and counted): a shadow must never starve live traffic. */
const MAX_SHADOWS_IN_FLIGHT = 64;

interface RequestLabels {
  model: string;
  version: string;
  role: PredictionRole | '';
}

/**
 * Answers the protocol's model endpoints for one environment: picks the version (by the
 * route's weighted split, or the one the URL names), scores, logs every row, and hands
 * back shadow scoring to run after the response.
 */
export class InferenceHandler {
  private shadowsInFlight = 0;

  constructor(private readonly options: InferenceHandlerOptions) {}

  /** `readBody` is called only once the request is known to need it, so its refusals are counted like any other. */
  async infer(modelName: string, versionParam: string | undefined, readBody: () => Promise<unknown>): Promise<Reply> {
    const labels = this.labelsFor(modelName, versionParam);
    let reply: Reply;
    try {
      reply = await this.score(modelName, versionParam, await readBody(), labels);
    } catch (error) {
      reply = this.errorReply(error);
    }
    this.options.metrics.requests.inc({ ...labels, status: reply.status });
    return reply;
  }

  /** The protocol's model metadata: the stable version's, listing the versions taking traffic (stable and canary); or version `v`'s. */
  metadata(modelName: string, versionParam: string | undefined): Promise<Reply> {
    return this.describe(modelName, versionParam, modelMetadata);
  }

  /** The model configuration Triton's clients read, of the same version as the metadata. */
  config(modelName: string, versionParam: string | undefined): Promise<Reply> {
    return this.describe(modelName, versionParam, modelConfig);
  }

  /**
   * Ready (200) when the session of every version that would answer is loaded: the route's
   * stable and canary, or version `v`. Asking loads nothing: routed versions load when the
   * route names them; another approved version loads on its first inference request.
   * Not ready is a 400, as Triton answers; an unknown model a 404.
   */
  async ready(modelName: string, versionParam: string | undefined): Promise<Reply> {
    try {
      const ids = await this.versionIdsFor(modelName, versionParam);
      const named = { name: modelName, ...(versionParam === undefined ? {} : { version: versionParam }) };
      const waiting = ids.filter((id) => this.options.sessions.loaded(id) === undefined);
      if (waiting.length === 0) return { status: 200, body: { ...named, ready: true } };
      const why =
        versionParam === undefined || this.isRouted(modelName, ids[0])
          ? 'its session is still loading, or failed to load and is retried on the next request'
          : 'a version outside the route loads on its first inference request';
      return { status: 400, body: { ...named, ready: false, error: `model "${modelName}"${versionParam === undefined ? '' : ` version ${versionParam}`} is not ready: ${why}` } };
    } catch (error) {
      return this.errorReply(error);
    }
  }

  /**
   * The statistics extension: of one version, of every version of a model (those loaded
   * here or with requests counted), or of every model `mayCall` allows when no name is given.
   */
  async statistics(modelName: string | undefined, versionParam: string | undefined, mayCall: (modelName: string) => boolean): Promise<Reply> {
    try {
      const { statistics } = this.options;
      let stats: ModelStat[];
      if (modelName === undefined) {
        const names = new Set([...this.options.routes.all().map((route) => route.modelName), ...statistics.modelNames()]);
        stats = [...names].filter(mayCall).sort().flatMap((name) => this.versionStats(name));
      } else if (versionParam === undefined) {
        this.routeOf(modelName);
        stats = this.versionStats(modelName);
      } else {
        const version = await this.existingVersion(modelName, versionParam);
        stats = [statistics.get(modelName, version)];
      }
      return { status: 200, body: { model_stats: stats } };
    } catch (error) {
      return this.errorReply(error);
    }
  }

  /**
   * The model repository extension's index: every version the routes name (stable, canary,
   * shadow) of the models `mayCall` allows, with its state; `{"ready": true}` keeps the READY ones.
   */
  async repositoryIndex(body: unknown, mayCall: (modelName: string) => boolean): Promise<Reply> {
    const readyOnly = typeof body === 'object' && body !== null && (body as { ready?: unknown }).ready === true;
    const { sessions } = this.options;
    const entries = [];
    for (const route of this.options.routes.all().filter((candidate) => mayCall(candidate.modelName))) {
      for (const id of new Set(routedIds(route))) {
        const state = sessions.state(id);
        if (readyOnly && state !== 'READY') continue;
        const version = await sessions.versionNumberOf(id);
        const reason = state === 'UNAVAILABLE' ? 'not loaded: its load failed and is retried on the next request' : undefined;
        entries.push({ name: route.modelName, version: String(version), state, ...(reason ? { reason } : {}) });
      }
    }
    return { status: 200, body: entries };
  }

  /** A request refused before it reached a model (no token, wrong method), counted under the model it named. */
  refuse(modelName: string, versionParam: string | undefined, status: number, message: string): Reply {
    this.options.metrics.requests.inc({ ...this.labelsFor(modelName, versionParam), status });
    return { status, body: refusalBody(status, message) };
  }

  private async score(modelName: string, versionParam: string | undefined, body: unknown, labels: RequestLabels): Promise<Reply> {
    const route = this.routeOf(modelName);
    const requestId = requestIdOf(body) ?? randomUUID();
    const target =
      versionParam === undefined
        ? this.options.split.choose(route, requestId)
        : { versionId: await this.pinnedVersionId(route, versionParam), role: 'pinned' as const };
    if (!target) throw noVersion(modelName, this.options.environment);
    labels.role = target.role;
    const reply = await this.load(target.versionId, target.role === 'pinned', (served) => {
      labels.version = String(served.version);
      return this.scoreWith(served, target.role, requestId, body);
    });
    const shadowVersionId = route.shadowVersionId;
    if (shadowVersionId !== null && target.role !== 'pinned' && shadowVersionId !== target.versionId) {
      reply.after = () => this.shadow(shadowVersionId, modelName, requestId, body);
    }
    return reply;
  }

  /**
   * Scores and logs; a model that fails to score gets its rows logged with the error and
   * a 500. Every row is logged with all its outputs, whichever the request asked for.
   */
  private async scoreWith(served: ServedVersion, role: PredictionRole, requestId: string, body: unknown): Promise<Reply> {
    const { statistics } = this.options;
    const started = performance.now();
    const failed = () => statistics.failure(served.modelName, served.version, (performance.now() - started) * 1e6);
    let parsed;
    let wanted;
    try {
      parsed = parseInferenceRequest(body, served.spec);
      wanted = requestedOutputs(body, served.session.outputNames, `model "${served.modelName}" version ${served.version}`);
    } catch (error) {
      failed();
      throw error;
    }
    const { rowCount, columns } = parsed;
    const inputs = onnxInputs(served.spec, columns, Uint32Array.from({ length: rowCount }, (_, row) => row));
    const features = featureRecords(served.spec, columns, rowCount);
    const log = (outputs: Record<string, unknown>[] | null, error: string | null, latencyMs: number) => {
      const loggedAt = new Date();
      this.options.writer.append(
        features.map((record, rowIndex) => ({
          requestId,
          rowIndex,
          modelName: served.modelName,
          environment: this.options.environment,
          modelVersionId: served.id,
          role,
          features: record,
          output: outputs?.[rowIndex] ?? null,
          error,
          latencyMs,
          loggedAt,
        })),
      );
    };
    const inputsReady = performance.now();
    let results;
    try {
      results = await served.session.run(inputs);
    } catch (error) {
      const message = `model "${served.modelName}" version ${served.version} failed to score the request: ${(error as Error).message}`;
      this.options.logger.error({ err: error, requestId, modelVersionId: served.id }, 'scoring failed');
      log(null, message, performance.now() - started);
      failed();
      return { status: 500, body: { error: message } };
    }
    const scoredAt = performance.now();
    const scored = scoredRows(served.task, served.classLabels, results);
    const { outputs, binary } = selectOutputs(scored.outputs, wanted);
    const finished = performance.now();
    const latencyMs = finished - started;
    this.options.metrics.latency.observe({ model: served.modelName, version: String(served.version), role }, latencyMs / 1000);
    statistics.success(served.modelName, served.version, rowCount, {
      inputNs: (inputsReady - started) * 1e6,
      inferNs: (scoredAt - inputsReady) * 1e6,
      outputNs: (finished - scoredAt) * 1e6,
    });
    log(scored.rowOutputs, null, latencyMs);
    return {
      status: 200,
      body: { model_name: served.modelName, model_version: String(served.version), id: requestId, outputs },
      ...(binary.length > 0 ? { binary } : {}),
    };
  }

  /** The shadow's answer is only logged; whatever goes wrong is counted and logged, never seen by the caller. */
  private async shadow(versionId: string, modelName: string, requestId: string, body: unknown): Promise<void> {
    const labels: RequestLabels = { model: modelName, version: '', role: 'shadow' };
    if (this.shadowsInFlight >= MAX_SHADOWS_IN_FLIGHT) {
      this.options.metrics.requests.inc({ ...labels, status: 'skipped' });
      return;
    }
    this.shadowsInFlight++;
    let status: number;
    try {
      const reply = await this.load(versionId, false, (served) => {
        labels.version = String(served.version);
        return this.scoreWith(served, 'shadow', requestId, body);
      });
      status = reply.status;
    } catch (error) {
      status = this.errorReply(error).status;
      this.options.logger.warn({ err: error, requestId, modelVersionId: versionId }, 'shadow scoring failed');
    } finally {
      this.shadowsInFlight--;
    }
    this.options.metrics.requests.inc({ ...labels, status });
  }

  /** Runs `use` on the loaded version; a version that cannot be loaded is the server's problem (503), not the caller's. */
  private async load<T>(versionId: string, pinned: boolean, use: (served: ServedVersion) => Promise<T>): Promise<T> {
    let loaded = false;
    try {
      return await this.options.sessions.use(
        versionId,
        (served) => {
          loaded = true;
          return use(served);
        },
        pinned,
      );
    } catch (error) {
      if (loaded) throw error;
      throw new HttpError(503, `model version ${versionId} cannot be loaded right now; try again later`);
    }
  }

  /** Metadata-like answers: of the stable version (listing stable and canary), or of version `v` if it may be served. */
  private async describe(modelName: string, versionParam: string | undefined, render: (served: ServedVersion, versions: string[]) => unknown): Promise<Reply> {
    try {
      const ids = await this.versionIdsFor(modelName, versionParam);
      const served = await Promise.all(ids.map((id) => this.load(id, versionParam !== undefined, async (version) => version)));
      return { status: 200, body: render(served[0], served.map((version) => String(version.version))) };
    } catch (error) {
      return this.errorReply(error);
    }
  }

  /** The versions answering un-versioned requests (stable, then canary), or version `v` if it may be served. */
  private async versionIdsFor(modelName: string, versionParam: string | undefined): Promise<string[]> {
    const route = this.routeOf(modelName);
    const ids =
      versionParam === undefined
        ? [route.stableVersionId, route.canaryVersionId].filter((id): id is string => id !== null)
        : [await this.pinnedVersionId(route, versionParam)];
    if (ids.length === 0) throw noVersion(modelName, this.options.environment);
    return ids;
  }

  private isRouted(modelName: string, versionId: string): boolean {
    const route = this.options.routes.get(modelName);
    return route !== undefined && routedIds(route).includes(versionId);
  }

  /** Statistics of every version of `modelName` loaded here or with requests counted. */
  private versionStats(modelName: string): ModelStat[] {
    const route = this.options.routes.get(modelName);
    const loaded = route ? routedIds(route).flatMap((id) => this.options.sessions.loaded(id)?.version ?? []) : [];
    const versions = new Set([...loaded, ...this.options.statistics.versionsOf(modelName)]);
    return [...versions].sort((a, b) => a - b).map((version) => this.options.statistics.get(modelName, version));
  }

  /** Version `v` of a routed model, if it exists; whether it may be served is not asked. */
  private async existingVersion(modelName: string, versionParam: string): Promise<number> {
    this.routeOf(modelName);
    const version = versionNumber(versionParam);
    if (!(await this.options.sessions.versionIdOf(modelName, version))) throw new HttpError(404, `model "${modelName}" has no version ${versionParam}`);
    return version;
  }

  private routeOf(modelName: string): TrafficRoute {
    const route = this.options.routes.get(modelName);
    if (!route) throw new HttpError(404, `model "${modelName}" is not served in ${this.options.environment}`);
    return route;
  }

  /**
   * The version the URL names, if this environment may serve it: approved for the
   * environment, or the route's stable or canary; never one rejected for the environment
   * or one whose run failed its quality checks.
   */
  private async pinnedVersionId(route: TrafficRoute, versionParam: string): Promise<string> {
    const { modelName } = route;
    const { environment } = this.options;
    const id = await this.options.sessions.versionIdOf(modelName, versionNumber(versionParam));
    if (!id) throw new HttpError(404, `model "${modelName}" has no version ${versionParam}`);
    const clearance = await this.options.clearanceOf(id);
    const refused = `model "${modelName}" version ${versionParam} is not served in ${environment}`;
    if (clearance.rejected) throw new HttpError(403, `${refused}: its approval for ${environment} was rejected`);
    if (clearance.qualityChecksFailed) throw new HttpError(403, `${refused}: its pipeline run failed its quality checks`);
    const routed = routedIds(route).includes(id);
    // Approved for the environment, or released there by a confirmed break-glass (two admins).
    if (routed || clearance.approved || (await this.options.sessions.releasedIn(id, environment))) return id;
    throw new HttpError(403, `${refused}: it was never approved for ${environment} and is not its route's stable or canary`);
  }

  private labelsFor(modelName: string, versionParam: string | undefined): RequestLabels {
    const routed = this.options.routes.get(modelName) !== undefined;
    return { model: routed ? modelName : UNROUTED_MODEL, version: '', role: versionParam === undefined ? '' : 'pinned' };
  }

  private errorReply(error: unknown): Reply {
    if (error instanceof HttpError) return { status: error.status, body: refusalBody(error.status, error.message) };
    if (error instanceof InferenceRequestError) return { status: 400, body: { error: error.message } };
    this.options.logger.error({ err: error }, 'unexpected error answering an inference request');
    return { status: 500, body: { error: 'internal error' } };
  }
}

function versionNumber(versionParam: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(versionParam)) throw new HttpError(400, `version "${versionParam}" must be a version number such as 1 or 2`);
  return Number(versionParam);
}

function noVersion(modelName: string, environment: DeployEnvironment): HttpError {
  return new HttpError(404, `model "${modelName}" has no version serving in ${environment}`);
}
