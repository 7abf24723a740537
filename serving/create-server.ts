import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { servingClearance } from '../db/approval-gates';
import { pingDatabase } from '../db/db';
import { ensurePredictionLogPartitions } from '../db/prediction-log';
import type { DeployEnvironment } from '../domain/approval';
import type { TrafficRoute } from '../domain/deployment';
import { bearerToken } from '../platform/auth/bearer-token';
import { MetricsAccess } from '../platform/auth/metrics-access';
import { TokenRegistry } from '../platform/auth/token-registry';
import { requireDatabaseUrl, type Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { probe } from '../platform/probe';
import type { ArtifactStore } from '../storage/artifact-store';
import { HttpError, InferenceHandler, type Reply } from './inference-handler';
import { ModelSessions } from './model-sessions';
import { PredictionLogWriter } from './prediction-log-writer';
import { RouteCache } from './route-cache';
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

/** `/v2/models/{name}`, optionally `/versions/{v}`, optionally `/infer`. */
const MODEL_PATH = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(\/infer)?$/;

/**
 * The serving process's HTTP server: the Open Inference Protocol (KServe v2) REST subset
 * on plain node:http, because every request takes this path and a framework would only
 * add to it. Health is open; metrics need the scrape token or an ops or admin token; model endpoints
 * need a serving token that names the model and this environment (or an ops or admin API token).
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
    onChange: (all) => sessions.route(routedVersionIds(all)),
  });
  const metrics = createServingMetrics(() => writer.bufferedRows);
  const writer = new PredictionLogWriter({ dataSource, logger, onDropped: (rows) => metrics.predictionLogDropped.inc(rows) });
  const handler = new InferenceHandler({
    routes,
    sessions,
    writer,
    metrics,
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

  /** Ready while not closing, with routes loaded and changes heard, and Postgres answering (the prediction log needs it). */
  const readiness = async (): Promise<Reply> => {
    const postgres = await probe(() => pingDatabase(dataSource));
    const ready = !closing && routes.ready && postgres === 'up';
    return { status: ready ? 200 : 503, body: { ready, postgres, routes: routes.ready ? 'up' : 'down' } };
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
    const endpoint = modelEndpoint(path);
    if (!endpoint) {
      return send(response, { status: 404, body: { error: `no endpoint ${request.method} ${path}: see GET /v2/models/{name} and POST /v2/models/{name}/infer` } });
    }
    const { name, version, infer } = endpoint;
    const decision = access.decide(bearerToken(request.headers.authorization), name);
    if (!decision.allowed) return send(response, handler.refuse(name, version, decision.status, decision.message));
    const method = infer ? 'POST' : 'GET';
    if (request.method !== method) {
      return send(response, handler.refuse(name, version, 405, `${path} takes ${method}, not ${request.method}`), { allow: method });
    }
    const reply = infer ? await handler.infer(name, version, () => readJsonBody(request)) : await handler.metadata(name, version);
    // A body refused unread would otherwise be taken for the next request on this connection.
    send(response, reply, reply.status === 413 ? { connection: 'close' } : {});
    if (reply.after) track(reply.after());
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

function routedVersionIds(routes: TrafficRoute[]): Set<string> {
  return new Set(
    routes.flatMap((route) => [route.stableVersionId, route.canaryVersionId, route.shadowVersionId]).filter((id): id is string => id !== null),
  );
}

interface ModelEndpoint {
  name: string;
  version: string | undefined;
  infer: boolean;
}

/** `/v2/models/{name}[/versions/{v}][/infer]` with its segments decoded; null for any other path. */
function modelEndpoint(path: string): ModelEndpoint | null {
  const match = MODEL_PATH.exec(path);
  if (!match) return null;
  const name = decodeSegment(match[1]);
  const version = match[2] === undefined ? undefined : decodeSegment(match[2]);
  if (name === null || version === null) return null;
  return { name, version, infer: match[3] !== undefined };
}

/** A percent-decoded path segment, or null when it is not valid percent-encoding. */
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** The body parsed as JSON; over MAX_BODY_BYTES is a 413, without reading the rest. */
function readJsonBody(request: http.IncomingMessage): Promise<unknown> {
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
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        reject(new HttpError(400, `the request body is not valid JSON: ${(error as Error).message}`));
      }
    });
  });
}

function tooLarge(): HttpError {
  return new HttpError(413, `the request body is larger than ${MAX_BODY_BYTES} bytes; send fewer rows per request`);
}

function send(response: http.ServerResponse, reply: Reply, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(reply.body);
  response.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}
