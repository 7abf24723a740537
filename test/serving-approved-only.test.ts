import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { logger } from '../platform/logger';
import { createServingServer, type ServingServer } from '../serving/create-server';
import { artifactStoreFor } from '../storage/configured-store';
import { SAMPLE_DATA, SERVING_TOKEN, TOKENS, registerDataset, startHarness, waitForPipeline, type Harness } from './support/harness';

const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const GATE = `query G($workflowId: String!) { pipelineRun(workflowId: $workflowId) { status approvalGate { id } } }`;
const DECIDE = `mutation D($input: DecideApprovalInput!) { decideApproval(input: $input) { status } }`;
const MODEL = 'weather-approved-only';
const FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'];

/**
 * A pinned version (`/v2/models/{name}/versions/{v}/infer`) is served only when it was
 * approved for the serving process's environment or is its route's stable or canary, and
 * never when its approval was rejected or its run failed its quality checks. The versions
 * get there through the real pipeline: gates decided from GraphQL, checks evaluated.
 */
describe('serving answers pinned versions only when they were approved', () => {
  let harness: Harness;
  let staging: ServingServer;
  let production: ServingServer;
  let stagingUrl: string;
  let productionUrl: string;
  const versions: Record<'approved' | 'rejected' | 'checksFailed' | 'neverAsked', { id: string; version: number }> = {} as never;

  before(async () => {
    harness = await startHarness();
    const datasetVersionId = await registerDataset(harness, 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
    const start = async (extra: Record<string, unknown>) => {
      const started = await harness.gql(START, { input: { modelName: MODEL, datasetVersionId, target: 'weather', features: FEATURES, task: 'CLASSIFICATION', ...extra } }, TOKENS.engineer);
      assert.equal(started.errors, undefined, JSON.stringify(started.errors));
      return started.data!.startModelPipeline.workflowId as string;
    };
    /** Runs a deploying pipeline to its gate and decides it as the approver; resolves to the finished run. */
    const decided = async (decision: 'APPROVE' | 'REJECT', runKey: string) => {
      const workflowId = await start({ runKey, deploy: { environment: 'STAGING', requiredApprovals: 1 } });
      const waiting = await waitForPipeline(harness, workflowId);
      assert.equal(waiting.status, 'AWAITING_APPROVAL', JSON.stringify(waiting));
      const { approvalGate } = (await harness.gql(GATE, { workflowId })).data!.pipelineRun;
      const comment = decision === 'REJECT' ? 'the wind feature is stale' : undefined;
      const answer = await harness.gql(DECIDE, { input: { gateId: approvalGate.id, decision, comment } }, TOKENS.approver);
      assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
      await harness.temporal.workflow.getHandle(workflowId).result().catch(() => undefined);
      return waitForPipeline(harness, workflowId);
    };
    const plain = async (extra: Record<string, unknown>) => waitForPipeline(harness, await start(extra));

    const approved = await decided('APPROVE', 'approved');
    assert.equal(approved.status, 'SUCCEEDED', JSON.stringify(approved));
    const [rejected, checksFailed, neverAsked] = await Promise.all([
      decided('REJECT', 'rejected'),
      plain({ runKey: 'checks-failed', qualityChecks: [{ metric: 'accuracy', op: 'GTE', value: 0.999 }] }),
      plain({ runKey: 'never-asked' }),
    ]);
    assert.equal(rejected.status, 'REJECTED', JSON.stringify(rejected));
    assert.equal(checksFailed.status, 'QUALITY_CHECKS_FAILED', JSON.stringify(checksFailed));
    assert.equal(neverAsked.status, 'SUCCEEDED', JSON.stringify(neverAsked));
    Object.assign(versions, {
      approved: approved.modelVersion,
      rejected: rejected.modelVersion,
      checksFailed: checksFailed.modelVersion,
      neverAsked: neverAsked.modelVersion,
    });

    const serve = (environment: 'STAGING' | 'PRODUCTION') =>
      createServingServer({ config: harness.config, dataSource: harness.dataSource, store: artifactStoreFor(harness.config), environment, logger });
    staging = serve('STAGING');
    production = serve('PRODUCTION');
    stagingUrl = `http://127.0.0.1:${await staging.listen(0)}`;
    productionUrl = `http://127.0.0.1:${await production.listen(0)}`;
  });

  after(async () => {
    await staging?.close();
    await production?.close();
    await harness?.close();
  });

  const row = { precipitation: 0, temp_max: 21.1, temp_min: 10, wind: 3.2 };
  const pinned = async (base: string, version: number) => {
    const response = await fetch(`${base}/v2/models/${MODEL}/versions/${version}/infer`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SERVING_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: FEATURES.map((name) => ({ name, datatype: 'FP32', shape: [1], data: [row[name as keyof typeof row]] })) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const refused = async (base: string, version: number, reason: RegExp) => {
    const { status, body } = await pinned(base, version);
    assert.equal(status, 403, JSON.stringify(body));
    assert.equal(body.code, 'FORBIDDEN');
    assert.match(body.error, reason);
  };
  const setRoute = async (environment: string, stableVersionId: string) => {
    // The route is arranged directly: what is under test is serving's own check, not how a route changes.
    await harness.dataSource.query(
      `INSERT INTO traffic_route (model_name, environment, stable_version_id, canary_version_id, canary_weight, shadow_version_id, updated_by)
       VALUES ($1, $2, $3, NULL, 0, NULL, 'approved-only-test')
       ON CONFLICT (model_name, environment) DO UPDATE SET stable_version_id = $3, updated_at = now()`,
      [MODEL, environment, stableVersionId],
    );
  };
  const eventually = async (check: () => Promise<void>) => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      try {
        return await check();
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };

  test('the approved version is served pinned; rejected, check-failed and never-approved versions are refused, saying why', async () => {
    const approved = await pinned(stagingUrl, versions.approved.version);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.model_version, String(versions.approved.version));
    await refused(stagingUrl, versions.rejected.version, /is not served in STAGING: its approval for STAGING was rejected/);
    await refused(stagingUrl, versions.checksFailed.version, /is not served in STAGING: its pipeline run failed its quality checks/);
    await refused(stagingUrl, versions.neverAsked.version, /is not served in STAGING: it was never approved for STAGING and is not its route's stable or canary/);
    const metadata = await fetch(`${stagingUrl}/v2/models/${MODEL}/versions/${versions.neverAsked.version}`, { headers: { authorization: `Bearer ${SERVING_TOKEN}` } });
    assert.equal(metadata.status, 403, 'metadata of a version that may not be served is refused too');

    // The log is written in batches: wait for the served row, then no refused version may have one.
    await eventually(async () => {
      const logged = await harness.dataSource.query(`SELECT DISTINCT model_version_id FROM prediction_log WHERE model_name = $1 AND role = 'pinned'`, [MODEL]);
      assert.deepEqual(logged.map((r: { model_version_id: string }) => r.model_version_id), [versions.approved.id], 'refused requests scored nothing');
    });
  });

  test('an approved version stays pinnable after the route moves on; the route itself is served; approval is per environment', async () => {
    await setRoute('STAGING', versions.neverAsked.id);
    await eventually(async () => assert.equal((await pinned(stagingUrl, versions.neverAsked.version)).status, 200, 'the route’s stable is served'));
    assert.equal((await pinned(stagingUrl, versions.approved.version)).status, 200, 'approved for STAGING, no longer on its route');

    // A rejected version stays refused even as the route's stable.
    await setRoute('STAGING', versions.rejected.id);
    await eventually(async () => refused(stagingUrl, versions.rejected.version, /its approval for STAGING was rejected/));

    await setRoute('PRODUCTION', versions.neverAsked.id);
    await eventually(async () => assert.equal((await pinned(productionUrl, versions.neverAsked.version)).status, 200));
    await refused(productionUrl, versions.approved.version, /is not served in PRODUCTION: it was never approved for PRODUCTION/);
  });

  test('readiness of a version follows the same rules, and an approved version off the route is ready once a request loaded it', async () => {
    // A process started now holds only the route's version (the rejected one, from the test before).
    const fresh = createServingServer({ config: harness.config, dataSource: harness.dataSource, store: artifactStoreFor(harness.config), environment: 'STAGING', logger });
    const base = `http://127.0.0.1:${await fresh.listen(0)}`;
    const ready = async (version: number) => {
      const response = await fetch(`${base}/v2/models/${MODEL}/versions/${version}/ready`, { headers: { authorization: `Bearer ${SERVING_TOKEN}` } });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    try {
      const { version } = versions.approved;
      assert.deepEqual(await ready(version), {
        status: 400,
        body: { name: MODEL, version: String(version), ready: false, error: `model "${MODEL}" version ${version} is not ready: a version outside the route loads on its first inference request` },
      });
      assert.equal((await pinned(base, version)).status, 200);
      assert.deepEqual(await ready(version), { status: 200, body: { name: MODEL, version: String(version), ready: true } });
      assert.equal((await ready(versions.rejected.version)).status, 403, 'a rejected version is never ready, even on the route');
      assert.equal((await ready(versions.neverAsked.version)).status, 403);
    } finally {
      await fresh.close();
    }
  });
});
