import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createDeploymentActivities } from '../activities/deployment.activities';
import { DeploymentEntity } from '../db/entities';
import { DEFAULT_CANARY_POLICY } from '../domain/deployment';
import { logger } from '../platform/logger';
import { createServingServer, type ServingServer } from '../serving/create-server';
import { artifactStoreFor } from '../storage/configured-store';
import { auditLogSealed } from '../db/audit-log';
import { SAMPLE_DATA, SERVING_TOKEN, TOKENS, assertError, registerDataset, startHarness, waitForPipeline, type Harness } from './support/harness';

const MODEL = 'weather-canary';
const FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'];
const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const GATE = `query G($workflowId: String!) { pipelineRun(workflowId: $workflowId) { status error modelVersion { id version } approvalGate { id } stages { name status } } }`;
const DEPLOYMENTS = `
  query D($model: String!) {
    deployments(modelName: $model) { id version kind status weights { weight } observations reason triggeredBy previousVersionId }
    trafficRoutes(modelName: $model) { environment stableVersionId canaryVersionId canaryWeight }
    model(name: $model) { aliases { alias version } }
  }`;

describe('deployment: canary with metric gates, automatic rollback, operator overrides', () => {
  let harness: Harness;
  let serving: ServingServer;
  let servingUrl: string;
  let datasetVersionId: string;
  let rows: Record<string, number | string>[];
  let runs = 0;

  /** Live traffic: small requests from real rows, until stopped; counts failures. */
  const trafficUntil = (done: Promise<unknown>) => {
    let stop = false;
    let sent = 0;
    let failed = 0;
    done.finally(() => (stop = true));
    const worker = async () => {
      while (!stop) {
        const batch = Array.from({ length: 3 }, () => rows[(sent * 7 + Math.floor(Math.random() * rows.length)) % rows.length]);
        sent += 1;
        const response = await fetch(`${servingUrl}/v2/models/${MODEL}/infer`, {
          method: 'POST',
          headers: { authorization: `Bearer ${SERVING_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ inputs: FEATURES.map((name) => ({ name, datatype: 'FP32', shape: [batch.length], data: batch.map((row) => row[name]) })) }),
        });
        if (!response.ok) failed += 1;
        await response.arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    return Promise.all([worker(), worker()]).then(() => ({ sent, failed }));
  };

  /** Trains a version, approves its gate as `approver`, and lets the deploy stage run under live traffic. */
  const release = async (features: string[], canary: Record<string, unknown>, hyperparameters: Record<string, number> = {}) => {
    runs += 1;
    const started = await harness.gql(
      START,
      {
        input: {
          modelName: MODEL,
          datasetVersionId,
          target: 'weather',
          features,
          task: 'CLASSIFICATION',
          hyperparameters,
          runKey: `release-${runs}`,
          deploy: { environment: 'STAGING', requiredApprovals: 1, canary },
        },
      },
      TOKENS.engineer,
    );
    const workflowId = started.data!.startModelPipeline.workflowId;
    const waiting = await waitForPipeline(harness, workflowId);
    assert.equal(waiting.status, 'AWAITING_APPROVAL', JSON.stringify(waiting));
    const { approvalGate } = (await harness.gql(GATE, { workflowId })).data!.pipelineRun;
    const finished = harness.temporal.workflow.getHandle(workflowId).result().catch(() => undefined);
    const traffic = trafficUntil(finished);
    const statuses = new Set<string>();
    const watching = (async () => {
      for (let done = false; !done; ) {
        statuses.add((await harness.gql(GATE, { workflowId })).data!.pipelineRun.status);
        done = await Promise.race([finished.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 200))]);
      }
    })();
    const decided = await harness.gql(`mutation D($input: DecideApprovalInput!) { decideApproval(input: $input) { status } }`, { input: { gateId: approvalGate.id, decision: 'APPROVE' } }, TOKENS.approver);
    assert.equal(decided.data!.decideApproval.status, 'APPROVED', JSON.stringify(decided));
    await finished;
    await watching;
    return { run: (await harness.gql(GATE, { workflowId })).data!.pipelineRun, traffic: await traffic, statuses };
  };
  const state = async () => (await harness.gql(DEPLOYMENTS, { model: MODEL })).data!;

  before(async () => {
    harness = await startHarness();
    datasetVersionId = await registerDataset(harness, 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
    const [header, ...lines] = (await readFile(path.join(SAMPLE_DATA, 'seattle-weather.csv'), 'utf8')).trim().split('\n');
    const names = header.split(',');
    rows = lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [names[i], i >= 1 && i <= 4 ? Number(value) : value])));
    serving = createServingServer({ config: harness.config, dataSource: harness.dataSource, store: artifactStoreFor(harness.config), environment: 'STAGING', logger });
    servingUrl = `http://127.0.0.1:${await serving.listen(0)}`;
  });
  after(async () => {
    await serving?.close();
    await harness?.close();
  });

  test('the first approved version becomes stable at once', async () => {
    const { run } = await release(FEATURES, {});
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    const { deployments, trafficRoutes } = await state();
    assert.deepEqual(deployments.map((d: { kind: string; status: string; version: number }) => [d.kind, d.status, d.version]), [['CANARY', 'PROMOTED', 1]]);
    assert.equal(trafficRoutes[0].stableVersionId, run.modelVersion.id);
  });

  test('a healthy canary is promoted step by step under live traffic', async () => {
    const { run, traffic, statuses } = await release(FEATURES.slice().reverse(), { steps: [50, 100], observationWindow: '2s', minRequests: 5, maxLatencyRatio: 50, maxPredictionShift: 0.2 });
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    assert.ok(statuses.has('DEPLOYING'), `the run showed DEPLOYING while the canary ran: ${[...statuses]}`);
    assert.equal(traffic.failed, 0, 'no request failed while the split changed');
    const { deployments, trafficRoutes, model } = await state();
    const [latest] = deployments;
    assert.deepEqual([latest.kind, latest.status, latest.version], ['CANARY', 'PROMOTED', 2]);
    assert.deepEqual(latest.weights.map((w: { weight: number }) => w.weight), [50, 100]);
    assert.ok(latest.observations.every((o: { passed: boolean; canaryRequests: number }) => o.passed && o.canaryRequests >= 5), JSON.stringify(latest.observations));
    assert.deepEqual([trafficRoutes[0].stableVersionId, trafficRoutes[0].canaryVersionId, trafficRoutes[0].canaryWeight], [run.modelVersion.id, null, 0]);
    assert.deepEqual(model.aliases, [{ alias: 'staging', version: 2 }]);
  });

  test('a canary whose predictions shift is rolled back automatically, naming the metric and value', async () => {
    const before_ = (await state()).trafficRoutes[0].stableVersionId;
    // Heavy shrinkage leaves only the intercepts: this version says "rain" to ~97% of days, stable to ~43%.
    const overRegularised = { l2: 1000, learningRate: 0.0005, maxIterations: 5000 };
    const { run } = await release(FEATURES, { steps: [50, 100], observationWindow: '2s', minRequests: 5, maxLatencyRatio: 50, maxPredictionShift: 0.2 }, overRegularised);
    assert.equal(run.status, 'ROLLED_BACK', JSON.stringify({ run, deployments: (await state()).deployments[0] }));
    assert.match(run.error, /^canary rolled back at 50%: prediction shift 0\.\d+ > 0\.2 \(Jensen–Shannon distance to stable\)$/);
    const { deployments, trafficRoutes } = await state();
    assert.deepEqual([deployments[0].status, deployments[0].version], ['ROLLED_BACK', 3]);
    assert.deepEqual([trafficRoutes[0].stableVersionId, trafficRoutes[0].canaryVersionId, trafficRoutes[0].canaryWeight], [before_, null, 0]);
    await auditLogSealed(harness.dataSource);
    const audit = await harness.dataSource.query(`SELECT action FROM audit_event WHERE subject_id = $1 ORDER BY sequence`, [deployments[0].id]);
    assert.deepEqual(audit.map((a: { action: string }) => a.action), ['deployment.canary_started', 'deployment.weight_changed', 'deployment.rolled_back']);
  });

  test('canary windows are aggregated in Postgres: per request, numeric predictions in stable deciles', async () => {
    const { observeCanary } = createDeploymentActivities({ dataSource: harness.dataSource, store: artifactStoreFor(harness.config), logger, config: harness.config });
    const versions = (await harness.gql(`{ model(name: "${MODEL}") { versions { id } } }`)).data!.model.versions;
    const deployment = await harness.dataSource.getRepository(DeploymentEntity).save({
      modelName: 'mpg-window', modelVersionId: versions[0].id, environment: 'PRODUCTION', kind: 'CANARY', status: 'ROLLED_BACK',
      workflowId: 'window-test', trafficWeight: 50, weights: [], observations: [], triggeredBy: 'test', previousVersionId: null, pipelineRunId: null, reason: null,
    });
    const [{ since }] = await harness.dataSource.query(`SELECT now()::text AS since`);
    // Stable: 40 requests of 2 rows, predictions 10..49. Canary: 30 requests of 2 rows, all far above, one failed.
    const rows: unknown[][] = [];
    for (let r = 0; r < 40; r += 1) for (let i = 0; i < 2; i += 1) rows.push([`s${r}`, i, 'stable', { prediction: 10 + r }, null, 5 + (r % 10)]);
    for (let r = 0; r < 30; r += 1) for (let i = 0; i < 2; i += 1) rows.push([`c${r}`, i, 'canary', r === 0 ? null : { prediction: 500 + r }, r === 0 ? 'boom' : null, 7]);
    for (const [requestId, rowIndex, role, output, error, latency] of rows) {
      await harness.dataSource.query(
        `INSERT INTO prediction_log (request_id, row_index, model_name, environment, model_version_id, role, features, output, error, latency_ms)
         VALUES ($1, $2, 'mpg-window', 'PRODUCTION', $3, $4, '{}', $5, $6, $7)`,
        [requestId, rowIndex, versions[0].id, role, output === null ? null : JSON.stringify(output), error, latency],
      );
    }
    const observation = await observeCanary({ deploymentId: deployment.id, weight: 50, since, policy: { ...DEFAULT_CANARY_POLICY, minRequests: 10 } });
    assert.deepEqual([observation.canaryRequests, observation.stableRequests], [30, 40], 'requests, not rows');
    assert.ok(Math.abs(observation.canaryErrorRate - 1 / 30) < 1e-12);
    assert.equal(observation.canaryP95Ms, 7);
    assert.ok(observation.stableP95Ms! > 13 && observation.stableP95Ms! <= 14, `stable p95 ${observation.stableP95Ms}`);
    // Stable spreads evenly over its 10 deciles, the canary sits in the top one: P = (0,…,0,1),
    // Q = (0.1,…,0.1), M = (0.05,…,0.05,0.55); JSD = ½·log2(1/0.55) + ½·(0.9 + 0.1·log2(0.1/0.55)).
    const expected = Math.sqrt(0.5 * Math.log2(1 / 0.55) + 0.5 * (0.9 + 0.1 * Math.log2(0.1 / 0.55)));
    assert.ok(Math.abs(observation.predictionShift! - expected) < 1e-12, `shift ${observation.predictionShift} vs ${expected}`);
    assert.equal(observation.passed, false);
  });

  test('operators start and stop shadow scoring', async () => {
    const set = `mutation S($input: SetShadowVersionInput!) { setShadowVersion(input: $input) { shadowVersionId } }`;
    const input = { modelName: MODEL, environment: 'STAGING', version: 1, reason: 'compare v1 quietly' };
    assertError(await harness.gql(set, { input }, TOKENS.engineer), 'FORBIDDEN', undefined, /role engineer/);
    const v1 = (await harness.gql(`{ model(name: "${MODEL}") { versions { id version } } }`)).data!.model.versions.find((v: { version: number }) => v.version === 1);
    assert.deepEqual((await harness.gql(set, { input }, TOKENS.ops)).data!.setShadowVersion, { shadowVersionId: v1.id });
    assert.deepEqual((await harness.gql(set, { input: { ...input, version: null, reason: 'done' } }, TOKENS.ops)).data!.setShadowVersion, { shadowVersionId: null });
  });

  test('operators roll back and promote explicitly, as durable and audited workflows', async () => {
    const input = { modelName: MODEL, environment: 'STAGING', version: 1, reason: 'v2 misbehaves on the night shift' };
    assertError(await harness.gql(`mutation R($input: SetStableVersionInput!) { rollbackDeployment(input: $input) { id } }`, { input }, TOKENS.engineer), 'FORBIDDEN', undefined, /role engineer/);
    const rolled = await harness.gql(`mutation R($input: SetStableVersionInput!) { rollbackDeployment(input: $input) { kind status version triggeredBy reason } }`, { input }, TOKENS.ops);
    assert.deepEqual(rolled.data!.rollbackDeployment, { kind: 'ROLLBACK', status: 'ROLLED_BACK', version: 1, triggeredBy: 'ops-user', reason: input.reason });
    const { trafficRoutes, model } = await state();
    const v1 = (await harness.gql(`{ model(name: "${MODEL}") { versions { id version } } }`)).data!.model.versions.find((v: { version: number }) => v.version === 1);
    assert.equal(trafficRoutes[0].stableVersionId, v1.id);
    assert.deepEqual(model.aliases, [{ alias: 'staging', version: 1 }]);
    assertError(
      await harness.gql(`mutation R($input: SetStableVersionInput!) { promoteDeployment(input: $input) { id } }`, { input: { ...input, version: 9 } }, TOKENS.ops),
      'NOT_FOUND',
      'input.version',
      /version 9 of weather-canary/,
    );
  });
});
