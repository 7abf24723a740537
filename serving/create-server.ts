import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { servingClearance } from '../db/approval-gates';
import { pingDatabase } from '../db/db';
import { ensurePredictionLogPartitions } from '../db/prediction-log';
import type { DeployEnvironment } from '../domain/approval';
import { bearerToken } from '../platform/auth/bearer-token';
import { MetricsAccess } from '../platform/auth/metrics-access';
import { TokenRegistry } from '../platform/auth/token-registry';
import { REPO_ROOT, requireDatabaseUrl, type Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { probe } from '../platform/probe';
import type { ArtifactStore } from '../storage/artifact-store';
import { decodeInferenceBody, HEADER_LENGTH_HEADER } from './binary-tensor-data';
import { HttpError, InferenceHandler, type Reply } from './inference-handler';
import { ModelSessions } from './model-sessions';
import { ModelStatistics } from './model-statistics';
import { PredictionLogWriter } from './prediction-log-writer';
import { protocolEndpoint, type ProtocolEndpoint } from './protocol-paths';
import { routedIds, RouteCache } from './route-cache';
import { ServingAccess } from './serving-access';
import { createServingMetrics } from './serving-metrics';
import { TrafficSplit } from './traffic-split';

export interface ServingServerOptions {
  config: Config;
  dataSource: DataSource;
  store: ArtifactStore;
  environment: DeployEnvironment;
  logger: Logger;
}

export interface ServingServer {
  /** Prepares the log partitions, loads the routes, then listens; resolves to the port bound (useful with 0). */
  listen(port: number, host?: string): Promise<number>;
  /** Stops taking requests, finishes those in flight and their shadows, flushes the prediction log. */
  close(): Promise<void>;
}

export const MAX_BODY_BYTES = 8 * 1024 * 1024;
const PARTITION_CHECK_INTERVAL_MS = 24 * 60 * 60_000;

/** The Open Inference Protocol's health paths, and the API's, so every process is probed alike. */
const LIVE_PATHS = new Set(['/v2/health/live', '/health/live']);
const READY_PATHS = new Set(['/v2/health/ready', '/health/ready']);

/**
 * The protocol extensions this server implements, as server metadata lists them. Of the
 * model repository extension, the index answers; load and unload are refused, since the
 * traffic routes decide what is loaded (as Triton refuses them outside explicit mode).
 */
export const PROTOCOL_EXTENSIONS = ['binary_tensor_data', 'statistics', 'model_repository', 'model_configuration'];
const SERVER_METADATA = {
  name: 'provenant',
  version: (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version,
  extensions: PROTOCOL_EXTENSIONS,
};

/**
 * The serving process's HTTP server: the Open Inference Protocol (KServe v2) REST API with
 * Triton's extensions for binary tensor data, statistics, the repository index and model
 * configuration, on plain node:http, because every request takes this path and a framework
 * would only add to it. Health is open; metrics need the scrape token or an ops or admin
 * token; model endpoints need a serving token that names the model and this environment
 * (or an ops or admin API token), and server-wide ones a token that may call models here.
 */
export function createServingServer(options: ServingServerOptions): ServingServer {
  const { config, dataSource, store, environment } = options;
  const logger = options.logger.child({ component: 'serving', environment });
  const metricsAccess = new MetricsAccess(new TokenRegistry(config.apiTokens), config.metricsToken);
  const access = new ServingAccess(config.apiTokens, config.servingTokens, environment);
  const sessions = new ModelSessions({ dataSource, store, logger });
  const routes = new RouteCache({
    dataSource,
    databaseUrl: requireDatabaseUrl(config),
    environment,
    logger,
    onChange: (all) => sessions.route(new Set(all.flatMap(routedIds))),
  });
  const metrics = createServingMetrics(() => writer.bufferedRows);
  const writer = new PredictionLogWriter({ dataSource, logger, onDropped: (rows) => metrics.predictionLogDropped.inc(rows) });
  const handler = new InferenceHandler({
    routes,
    sessions,
    writer,
    metrics,
    statistics: new ModelStatistics(),
    environment,
    split: new TrafficSplit(config.canaryKey),
    clearanceOf: (modelVersionId) => servingClearance(dataSource, modelVersionId, environment),
    logger,
  });

  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  let closing = false;
  let partitionTimer: NodeJS.Timeout | undefined;
  const ensurePartitions = async () => {
    for (const { partition, error } of await ensurePredictionLogPartitions(dataSource)) {
      logger.warn({ err: error, partition }, 'could not create a prediction_log partition; that day stays in the default partition');
    }
  };

  /**
   * Ready while not closing, with routes loaded and changes heard, no routed version still
   * loading, and Postgres answering (the prediction log needs it). A version whose load
   * failed does not hold the server back: its model reports itself not ready.
   */
  const readiness = async (): Promise<Reply> => {
    const postgres = await probe(() => pingDatabase(dataSource));
    const models = sessions.routedLoading ? 'loading' : 'up';
    const ready = !closing && routes.ready && postgres === 'up' && models === 'up';
    return { status: ready ? 200 : 503, body: { ready, postgres, routes: routes.ready ? 'up' : 'down', models } };
  };

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && LIVE_PATHS.has(path)) return send(response, { status: 200, body: { live: true } });
    if (request.method === 'GET' && READY_PATHS.has(path)) return send(response, await readiness());
    if (request.method === 'GET' && path === '/metrics') {
      const refusal = metricsAccess.refusal(request.headers.authorization);
      if (refusal) return send(response, { status: refusal.code === 'UNAUTHENTICATED' ? 401 : 403, body: { error: refusal.message } });
      response.writeHead(200, { 'content-type': metrics.registry.contentType });
      response.end(await metrics.registry.metrics());
      return;
    }
    const endpoint = protocolEndpoint(path);
    if (!endpoint) {
      return send(response, { status: 404, body: { error: `no endpoint ${request.method} ${path}: see GET /v2/models/{name} and POST /v2/models/{name}/infer` } });
    }
    const reply = await answer(endpoint, request);
    // A body refused unread would otherwise be taken for the next request on this connection.
    send(response, reply, reply.status === 413 ? { connection: 'close' } : {});
    if (reply.after) track(reply.after());
  };

  const answer = async (endpoint: ProtocolEndpoint, request: http.IncomingMessage): Promise<Reply> => {
    const bearer = bearerToken(request.headers.authorization);
    const modelName = endpoint.kind === 'model' || endpoint.kind === 'repository-control' ? endpoint.name : undefined;
    const version = endpoint.kind === 'model' ? endpoint.version : undefined;
    // Refusals of a model's endpoints count in its metrics; server-wide ones belong to no model.
    const refuse = (status: number, message: string, headers?: Record<string, string>): Reply => {
      if (modelName !== undefined) return { ...handler.refuse(modelName, version, status, message), headers };
      return { status, body: { error: message, ...(status === 403 ? { code: 'FORBIDDEN' } : {}) }, headers };
    };
    const decision = access.decide(bearer, modelName);
    if (!decision.allowed) return refuse(decision.status, decision.message);
    if (request.method !== endpoint.method) {
      return refuse(405, `${request.url?.split('?')[0]} takes ${endpoint.method}, not ${request.method}`, { allow: endpoint.method });
    }
    const mayCall = (name: string) => access.decide(bearer, name).allowed;
    switch (endpoint.kind) {
      case 'server-metadata':
        return { status: 200, body: SERVER_METADATA };
      case 'repository-index':
        try {
          return await handler.repositoryIndex(repositoryIndexBody(await readBody(request)), mayCall);
        } catch (error) {
          if (error instanceof HttpError) return refuse(error.status, error.message);
          throw error;
        }
      case 'repository-control':
        return refuse(400, `models are not ${endpoint.action}ed on request here: the traffic routes of ${environment} decide which versions are loaded; change the route instead`);
      case 'all-statistics':
        return handler.statistics(undefined, undefined, mayCall);
    }
    switch (endpoint.action) {
      case 'infer':
        return handler.infer(endpoint.name, version, async () => decodeInferenceBody(await readBody(request), headerValue(request, HEADER_LENGTH_HEADER)));
      case 'metadata':
        return handler.metadata(endpoint.name, version);
      case 'config':
        return handler.config(endpoint.name, version);
      case 'ready':
        return handler.ready(endpoint.name, version);
      case 'stats':
        return handler.statistics(endpoint.name, version, mayCall);
    }
  };

  const server = http.createServer((request, response) => {
    track(
      handle(request, response).catch((error: unknown) => {
        logger.error({ err: error, url: request.url }, 'unexpected error in the serving server');
        if (response.headersSent) response.destroy();
        else send(response, { status: 500, body: { error: 'internal error' } });
      }),
    );
  });

  return {
    async listen(port, host = '127.0.0.1') {
      await ensurePartitions();
      partitionTimer = setInterval(() => void ensurePartitions(), PARTITION_CHECK_INTERVAL_MS).unref();
      await routes.start();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      return (server.address() as AddressInfo).port;
    },
    async close() {
      closing = true;
      clearInterval(partitionTimer);
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Requests finishing now may start shadows, which join the set: wait until it stays empty.
      while (inFlight.size > 0) await Promise.all(inFlight);
      server.closeAllConnections();
      await stopped;
      await writer.close();
      await routes.close();
      await sessions.close();
    },
  };
}

/** The index request's JSON body, `{}` when empty (Triton's client sends none). */
function repositoryIndexBody(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `the request body is not valid JSON: ${(error as Error).message}`);
  }
}

function headerValue(request: http.IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body's bytes; over MAX_BODY_BYTES is a 413, without reading the rest. */
function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      request.off('data', onData);
      request.pause();
      reject(tooLarge());
    };
    request.on('data', onData);
    request.once('error', reject);
    request.once('close', () => {
      if (!ended) reject(new HttpError(400, 'the request body was cut short'));
    });
    request.once('end', () => {
      ended = true;
      resolve(Buffer.concat(chunks));
    });
  });
}

function tooLarge(): HttpError {
  return new HttpError(413, `the request body is larger than ${MAX_BODY_BYTES} bytes; send fewer rows per request`);
}

/** JSON, or with binary outputs the JSON then their bytes, its length in Inference-Header-Content-Length. */
function send(response: http.ServerResponse, reply: Reply, headers: Record<string, string> = {}): void {
  const json = Buffer.from(JSON.stringify(reply.body), 'utf8');
  const all = { ...reply.headers, ...headers };
  if (!reply.binary) {
    response.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': json.length, ...all });
    response.end(json);
    return;
  }
  const body = Buffer.concat([json, ...reply.binary]);
  response.writeHead(reply.status, {
    'content-type': 'application/octet-stream',
    'content-length': body.length,
    [HEADER_LENGTH_HEADER]: String(json.length),
    ...all,
  });
  response.end(body);
}
