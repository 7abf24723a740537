import assert from 'node:assert/strict';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import { DATA_SOURCE, TEMPORAL_CLIENT } from '../api/common/injection-tokens';
import { HealthController } from '../api/health/health.controller';
import { createDataSource } from '../db/data-source';
import { freePort } from '../platform/free-port';
import { logger } from '../platform/logger';
import { createServingServer } from '../serving/create-server';
import { artifactStoreFor } from '../storage/configured-store';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';
import { METRICS_TOKEN, SAMPLE_DATA, SERVING_TOKEN, startHarness, TOKENS, waitForPipeline, type Harness } from './support/harness';
import { startTcpProxy } from './support/tcp-proxy';

const REGISTER = `mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`;
const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

/** The value of one sample in Prometheus text, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('observability: health probes, Prometheus metrics and traces', () => {
  let harness: Harness;
  let receiver: OtlpReceiver;
  let workerMetricsPort: number;
  const closeAtEnd: (() => Promise<void>)[] = [];

  before(async () => {
    receiver = await startOtlpReceiver();
    workerMetricsPort = await freePort();
    harness = await startHarness({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, PROVENANT_WORKER_METRICS_PORT: String(workerMetricsPort) },
    });
  });
  after(async () => {
    await harness?.close();
    await receiver?.close();
    for (const close of closeAtEnd) await close();
  });

  test('the API: live needs nothing, ready and /health check Postgres and Temporal, none needs a token', async () => {
    assert.deepEqual(await getJson(`${harness.url}/health/live`), { status: 200, body: { status: 'ok' } });
    const up = { status: 200, body: { status: 'ok', postgres: 'up', temporal: 'up' } };
    assert.deepEqual(await getJson(`${harness.url}/health/ready`), up);
    assert.deepEqual(await getJson(`${harness.url}/health`), up);
  });

  test('the serving process: live and ready on its /v2 and /health paths, and metrics of its requests', async () => {
    const server = createServingServer({
      config: harness.config,
      dataSource: harness.dataSource,
      store: artifactStoreFor(harness.config),
      environment: 'STAGING',
      logger,
    });
    const base = `http://127.0.0.1:${await server.listen(0)}`;
    try {
      for (const live of ['/v2/health/live', '/health/live']) {
        assert.deepEqual(await getJson(`${base}${live}`), { status: 200, body: { live: true } });
      }
      for (const ready of ['/v2/health/ready', '/health/ready']) {
        assert.deepEqual(await getJson(`${base}${ready}`), { status: 200, body: { ready: true, postgres: 'up', routes: 'up', models: 'up' } });
      }
      const unknown = await fetch(`${base}/v2/models/no-such-model/infer`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SERVING_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: [] }),
      });
      assert.equal(unknown.status, 404);
      // Series name models and versions: the scrape token or an ops or admin token, no one else.
      assert.equal((await fetch(`${base}/metrics`)).status, 401);
      assert.equal((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } })).status, 403);
      assert.equal((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKENS.ops}` } })).status, 200);
      const metrics = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain/);
      const text = await metrics.text();
      assert.equal(sample(text, 'provenant_serving_requests_total{model="(unrouted)",version="",role="",status="404"}'), 1);
      assert.match(text, /^# TYPE provenant_serving_latency_seconds histogram$/m);
      assert.ok(sample(text, 'process_cpu_user_seconds_total')! > 0, 'process metrics are collected');
    } finally {
      await server.close();
    }
  });

  test('ready turns 503 naming the dependency that became unreachable; live stays 200', async () => {
    const databaseUrl = new URL(harness.databaseUrl);
    const postgresProxy = await startTcpProxy({ host: databaseUrl.hostname, port: Number(databaseUrl.port) });
    const [temporalHost, temporalPort] = harness.config.temporalAddress!.split(':');
    const temporalProxy = await startTcpProxy({ host: temporalHost, port: Number(temporalPort) });
    const proxiedUrl = new URL(databaseUrl);
    proxiedUrl.port = String(postgresProxy.port);
    const config = { ...harness.config, databaseUrl: proxiedUrl.href };
    const dataSource = await createDataSource(proxiedUrl.href).initialize();
    const connection = await Connection.connect({ address: temporalProxy.address });
    // The API's health controller on its own: a second whole API would register the process's metrics twice.
    const api: INestApplication = await NestFactory.create(
      {
        module: class HealthProbeModule {},
        controllers: [HealthController],
        providers: [
          { provide: DATA_SOURCE, useValue: dataSource },
          { provide: TEMPORAL_CLIENT, useValue: new Client({ connection, namespace: config.temporalNamespace }) },
        ],
      },
      { logger: false },
    );
    await api.listen(0, '127.0.0.1');
    const apiBase = (await api.getUrl()).replace('[::1]', '127.0.0.1');
    const serving = createServingServer({ config, dataSource, store: artifactStoreFor(config), environment: 'STAGING', logger });
    const servingBase = `http://127.0.0.1:${await serving.listen(0)}`;
    try {
      assert.deepEqual(await getJson(`${apiBase}/health/ready`), { status: 200, body: { status: 'ok', postgres: 'up', temporal: 'up' } });
      assert.equal((await getJson(`${servingBase}/health/ready`)).status, 200);

      await temporalProxy.cut();
      const temporalDown = { status: 503, body: { status: 'degraded', postgres: 'up', temporal: 'down' } };
      assert.deepEqual(await getJson(`${apiBase}/health/ready`), temporalDown);
      assert.deepEqual(await getJson(`${apiBase}/health`), temporalDown);
      assert.equal((await getJson(`${servingBase}/health/ready`)).status, 200, 'serving does not need Temporal');

      await postgresProxy.cut();
      assert.deepEqual(await getJson(`${apiBase}/health/ready`), { status: 503, body: { status: 'degraded', postgres: 'down', temporal: 'down' } });
      const servingReady = await getJson(`${servingBase}/v2/health/ready`);
      assert.equal(servingReady.status, 503);
      // Whether the route listener has noticed yet is a race; the Postgres probe has an answer.
      const { ready, postgres } = servingReady.body as { ready: boolean; postgres: string };
      assert.deepEqual({ ready, postgres }, { ready: false, postgres: 'down' });

      assert.deepEqual(await getJson(`${apiBase}/health/live`), { status: 200, body: { status: 'ok' } });
      assert.deepEqual(await getJson(`${servingBase}/health/live`), { status: 200, body: { live: true } });
    } finally {
      await serving.close();
      await api.close();
      await dataSource.destroy();
      // The client's retry timer of the last failed probe may outlive it by one backoff (at most
      // 5 s plus jitter), and a retry on a closed connection throws outside any caller: close it later.
      const retriesSpentAt = Date.now() + 7000;
      closeAtEnd.push(async () => {
        await delay(retriesSpentAt - Date.now());
        await connection.close();
      });
    }
  });

  test('a pipeline run is one trace from the API client through the workflow to its activities, and the worker counts it', async () => {
    const registered = await harness.gql(REGISTER, { input: { name: 'seattle-weather', uri: path.join(SAMPLE_DATA, 'seattle-weather.csv') } });
    assert.equal(registered.errors, undefined, JSON.stringify(registered.errors));
    const started = await harness.gql(START, {
      input: {
        modelName: 'weather-traced',
        datasetVersionId: registered.data!.registerDataset.id,
        target: 'weather',
        features: ['precipitation', 'temp_max', 'temp_min', 'wind'],
        task: 'CLASSIFICATION',
      },
    });
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const { workflowId } = started.data!.startModelPipeline;
    const run = await waitForPipeline(harness, workflowId);
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    // The run is recorded as finished a moment before the workflow itself completes.
    await harness.temporal.workflow.getHandle(workflowId).result();

    assert.equal((await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`)).status, 401);
    const metrics = await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(metrics.status, 200);
    const text = await metrics.text();
    const queue = harness.config.taskQueuePrefix;
    assert.equal(sample(text, 'provenant_pipeline_runs_finished_total{status="SUCCEEDED"}'), 1);
    assert.equal(
      sample(text, `provenant_activity_duration_seconds_count{activity_type="trainModel",task_queue="${queue}.training",outcome="completed"}`),
      1,
    );
    assert.ok(sample(text, 'nodejs_heap_size_used_bytes')! > 0, 'process metrics are collected');
    // The Temporal SDK's own metrics, proxied from its exporter under the same endpoint.
    assert.match(text, /^temporal_workflow_completed\{.*workflow_type="modelPipelineWorkflow".*\} [1-9]/m);
    assert.match(text, /^temporal_activity_execution_latency_count\{.*activity_type="trainModel".*\} [1-9]/m);
    assert.equal((await fetch(`http://127.0.0.1:${workerMetricsPort}/other`)).status, 404);

    // The API derives run and gate metrics from Postgres, whichever process wrote them.
    const apiMetrics = await (await fetch(`${harness.url}/metrics`, { headers: { authorization: `Bearer ${TOKENS.ops}` } })).text();
    assert.equal(sample(apiMetrics, 'provenant_pipeline_runs{status="SUCCEEDED"}'), 1);
    assert.equal(sample(apiMetrics, 'provenant_pipeline_runs{status="FAILED"}'), 0);
    assert.equal(sample(apiMetrics, 'provenant_gates_pending{environment="STAGING"}'), 0);

    // Workflow spans leave the sandbox when the run completes; all spans arrive in batches every few seconds.
    const spans = await waitForSpans(receiver, (all) => all.some((s) => s.name === 'RunWorkflow:modelPipelineWorkflow' && s.attributes.workflowId === workflowId));
    const start = spans.find((s) => s.name === 'StartWorkflow:modelPipelineWorkflow' && s.attributes.temporalWorkflowId === workflowId);
    assert.ok(start, `no StartWorkflow span among ${spans.map((s) => s.name).join(', ')}`);
    assert.equal(start.parentSpanId, undefined, 'the client starts the trace');
    const trace = spans.filter((s) => s.traceId === start.traceId);
    const runWorkflow = only(trace, 'RunWorkflow:modelPipelineWorkflow');
    assert.equal(runWorkflow.parentSpanId, start.spanId, 'the workflow run is a child of the start');
    assert.equal(runWorkflow.attributes.workflowId, workflowId);
    const startTrain = only(trace, 'StartActivity:trainModel');
    assert.equal(startTrain.parentSpanId, runWorkflow.spanId, 'the workflow schedules the activity');
    const runTrain = only(trace, 'RunActivity:trainModel');
    assert.equal(runTrain.parentSpanId, startTrain.spanId, 'the activity attempt is a child of its scheduling');
    assert.equal(runTrain.attributes.temporalWorkflowId, workflowId);
    for (const activity of ['validateTrainingData', 'evaluateCandidate', 'registerModelVersion', 'completePipeline']) {
      assert.equal(only(trace, `RunActivity:${activity}`).traceId, start.traceId);
    }
    assert.deepEqual(new Set(trace.map((s) => s.serviceName)), new Set(['provenant-worker']));
  });
});

/** Waits until `done` holds for the spans received so far. */
async function waitForSpans(receiver: OtlpReceiver, done: (spans: ReceivedSpan[]) => boolean, timeoutMs = 30_000): Promise<ReceivedSpan[]> {
  const deadline = Date.now() + timeoutMs;
  while (!done(receiver.spans)) {
    if (Date.now() > deadline) throw new Error(`spans not received within ${timeoutMs} ms; got ${receiver.spans.map((s) => s.name).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return receiver.spans;
}

function only(spans: ReceivedSpan[], name: string): ReceivedSpan {
  const matching = spans.filter((s) => s.name === name);
  assert.equal(matching.length, 1, `expected one ${name} span, got ${matching.length}`);
  return matching[0];
}
