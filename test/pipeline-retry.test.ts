import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { DatasetsService } from '../api/datasets/datasets.service';
import { PipelinesService } from '../api/pipelines/pipelines.service';
import { SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import { REPO_ROOT } from '../platform/config';
import { freePort } from '../platform/free-port';
import { artifactStoreFor } from '../storage/configured-store';
import { auditLogSealed } from '../db/audit-log';
import { SAMPLE_DATA, TOKENS, assertError, registerDataset, startHarness, waitForPipeline, type Harness } from './support/harness';

const FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'];
const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const RUN_FIELDS = `
  id workflowId status currentStage error finishedAt temporalUiUrl
  stages { name status attempts startedAt finishedAt error }
  modelVersion { id version }
  approvalGate { id status }`;
const RUN = `query R($workflowId: String!) { pipelineRun(workflowId: $workflowId) { ${RUN_FIELDS} } }`;
const RETRY = `mutation Retry($workflowId: String!) { retryPipeline(workflowId: $workflowId) { ${RUN_FIELDS} } }`;
const CANCEL = `mutation Cancel($workflowId: String!, $reason: String!) { cancelPipeline(workflowId: $workflowId, reason: $reason) { ${RUN_FIELDS} } }`;

describe('operating pipelines: retry from the failed stage, cancel with compensation, search attributes', () => {
  let harness: Harness;
  let datasetVersionId: string;
  /** While it exists, the trainer refuses to train: a dependency that is down, then fixed. */
  let outage: string;

  const start = async (input: Record<string, unknown>, token: string) => {
    const started = await harness.gql(
      START,
      { input: { datasetVersionId, target: 'weather', features: FEATURES, task: 'CLASSIFICATION', ...input } },
      token,
    );
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    return started.data!.startModelPipeline.workflowId as string;
  };
  const run = async (workflowId: string) => (await harness.gql(RUN, { workflowId })).data!.pipelineRun;
  const auditOf = async (subjectId: string): Promise<{ actor: string; action: string; payload: Record<string, any> }[]> => {
    await auditLogSealed(harness.dataSource);
    return harness.dataSource.query('SELECT actor, action, payload FROM audit_event WHERE subject_id = $1 ORDER BY sequence', [subjectId]);
  };
  /** Visibility is eventually consistent: asks until the query lists exactly `expected`. */
  const listed = async (query: string, expected: string[]) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ids: string[] = [];
      for await (const execution of harness.temporal.workflow.list({ query })) ids.push(execution.workflowId);
      if (JSON.stringify(ids.sort()) === JSON.stringify([...expected].sort()) || Date.now() > deadline) return ids.sort();
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  before(async () => {
    harness = await startHarness();
    datasetVersionId = await registerDataset(harness, 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
    outage = path.join(harness.config.dataDir, 'feature-store-down');
    const trainer = path.join(REPO_ROOT, 'examples', 'trainers', 'linear_trainer.py');
    // Exit code 2 is the contract's "my input is unusable": not retried, so the stage fails for good at once.
    const script = `if [ -e '${outage}' ]; then echo "feature store is down" >&2; exit 2; fi; exec python3 '${trainer}' "$1"`;
    const trainerRegistered = await harness.gql(`mutation T($input: RegisterTrainerInput!) { registerTrainer(input: $input) { name } }`, {
      input: { name: 'needs-feature-store', command: ['/bin/sh', '-c', script, 'sh'], timeoutSeconds: 300 },
    });
    assert.equal(trainerRegistered.errors, undefined, JSON.stringify(trainerRegistered.errors));
  });
  after(async () => {
    await harness?.close();
  });

  test('a run that failed in train is retried from train: nothing before it runs again, nothing is recorded twice', async () => {
    await writeFile(outage, '');
    const workflowId = await start({ modelName: 'weather-retry', trainer: 'needs-feature-store', hyperparameters: { maxIterations: 50 } }, TOKENS.engineer);
    const failed = await waitForPipeline(harness, workflowId);
    assert.equal(failed.status, 'FAILED', JSON.stringify(failed));
    assert.match(failed.error, /^train: input: trainer needs-feature-store rejected its input \(exit code 2\); its stderr ends with:\nfeature store is down/);
    const failedRun = await run(workflowId);
    assert.deepEqual(
      failedRun.stages.map((s: { name: string; status: string }) => `${s.name} ${s.status}`),
      ['validate SUCCEEDED', 'tune SKIPPED', 'train FAILED', 'evaluate PENDING', 'register PENDING'],
    );
    assert.equal(failedRun.temporalUiUrl, `http://127.0.0.1:8233/namespaces/default/workflows/${encodeURIComponent(workflowId)}`);

    // How an operator finds it: the runbook's query.
    assert.deepEqual(await listed('ProvenantModel = "weather-retry" AND ProvenantStatus = "FAILED"', [workflowId]), [workflowId]);
    assert.deepEqual(await listed('ProvenantKind = "pipeline" AND ProvenantStage = "train" AND ProvenantStatus = "FAILED"', [workflowId]), [workflowId]);
    const handle = harness.temporal.workflow.getHandle(workflowId);
    const failedRunId = (await handle.describe()).runId;
    const [{ count: validationReports }] = await harness.dataSource.query('SELECT count(*)::int AS count FROM validation_report');

    assertError(await harness.gql(RETRY, { workflowId }, TOKENS.engineer), 'FORBIDDEN', undefined, /^role engineer may not perform this operation$/);
    assertError(await harness.gql(RETRY, { workflowId: 'pipeline:weather-retry:nope' }, TOKENS.ops), 'NOT_FOUND', 'workflowId', /pipeline run pipeline:weather-retry:nope not found/);

    await rm(outage);
    const retried = await harness.gql(RETRY, { workflowId }, TOKENS.ops);
    assert.equal(retried.errors, undefined, JSON.stringify(retried.errors));
    const restarted = retried.data!.retryPipeline;
    assert.deepEqual([restarted.status, restarted.currentStage, restarted.error, restarted.finishedAt], ['RUNNING', 'train', null, null]);
    assert.deepEqual(
      restarted.stages.map((s: { name: string; status: string; attempts: number; startedAt: string | null }) => [s.name, s.status, s.attempts, s.startedAt === null]),
      [
        ['validate', 'SUCCEEDED', failedRun.stages[0].attempts, false],
        ['tune', 'SKIPPED', 0, true],
        ['train', 'PENDING', 0, true],
        ['evaluate', 'PENDING', 0, true],
        ['register', 'PENDING', 0, true],
      ],
    );

    const done = await waitForPipeline(harness, workflowId);
    assert.equal(done.status, 'SUCCEEDED', JSON.stringify(done));
    const succeeded = await run(workflowId);
    assert.deepEqual(
      succeeded.stages.map((s: { name: string; status: string; attempts: number }) => `${s.name} ${s.status} ${s.attempts}`),
      ['validate SUCCEEDED 1', 'tune SKIPPED 0', 'train SUCCEEDED 1', 'evaluate SUCCEEDED 1', 'register SUCCEEDED 1'],
    );
    assert.equal(succeeded.stages[0].startedAt, failedRun.stages[0].startedAt, 'validate is the one that ran before the failure');
    assert.equal(succeeded.modelVersion.version, 1);

    // Temporal: the reset made a new run of the same workflow, starting from the failed run's history.
    const description = await handle.describe();
    assert.notEqual(description.runId, failedRunId);
    assert.equal(description.status.name, 'COMPLETED');
    assert.equal((await harness.temporal.workflow.getHandle(workflowId, failedRunId).describe()).status.name, 'FAILED');
    const events = (await handle.fetchHistory()).events!;
    const resets = events.filter((e) => e.workflowTaskFailedEventAttributes?.baseRunId === failedRunId);
    assert.equal(resets.length, 1);
    assert.equal(resets[0].workflowTaskFailedEventAttributes!.newRunId, description.runId);
    const scheduled = (activity: string) => events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activity).length;
    assert.deepEqual([scheduled('validateTrainingData'), scheduled('trainExternal'), scheduled('registerModelVersion')], [1, 1, 1]);
    assert.deepEqual(
      [description.typedSearchAttributes.get(SEARCH_ATTRIBUTES.status), description.typedSearchAttributes.get(SEARCH_ATTRIBUTES.stage)],
      ['SUCCEEDED', 'register'],
    );

    // Postgres: one validation, one model version, and each fact audited once.
    const [{ count: validationsAfter }] = await harness.dataSource.query('SELECT count(*)::int AS count FROM validation_report');
    assert.equal(validationsAfter, validationReports);
    const versions = await harness.dataSource.query(
      'SELECT v.id FROM model_version v JOIN model m ON m.id = v.model_id WHERE m.name = $1',
      ['weather-retry'],
    );
    assert.deepEqual(versions, [{ id: succeeded.modelVersion.id }]);
    const audit = await auditOf(failedRun.id);
    assert.deepEqual(
      audit.map((e) => [e.actor, e.action, e.payload.stage ?? null]),
      [
        ['engineer-user', 'pipeline.requested', null],
        ['system:pipeline', 'pipeline.stage.succeeded', 'validate'],
        ['system:pipeline', 'pipeline.stage.failed', 'train'],
        ['system:pipeline', 'pipeline.failed', null],
        ['ops-user', 'pipeline.retried', 'train'],
        ['system:pipeline', 'pipeline.stage.succeeded', 'train'],
        ['system:pipeline', 'pipeline.stage.succeeded', 'evaluate'],
        ['system:pipeline', 'pipeline.stage.succeeded', 'register'],
        ['system:pipeline', 'pipeline.succeeded', null],
      ],
    );
    const retriedEvent = audit.find((e) => e.action === 'pipeline.retried')!;
    assert.deepEqual(
      { ...retriedEvent.payload, resetEventId: typeof retriedEvent.payload.resetEventId },
      { workflowId, stage: 'train', error: failed.error, failedRunId, runId: description.runId, resetEventId: 'number' },
    );
    await auditLogSealed(harness.dataSource);
    const [{ count: registered }] = await harness.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_event WHERE action = 'model_version.registered' AND payload->>'workflowId' = $1`,
      [workflowId],
    );
    assert.equal(registered, 1);
    const edges = await harness.dataSource.query(
      'SELECT from_id, to_id, relation FROM lineage_edge WHERE from_id = $1 OR to_id = $1 ORDER BY relation',
      [failedRun.id],
    );
    assert.deepEqual(
      edges.map((e: { from_id: string; to_id: string; relation: string }) => [e.relation, e.from_id === failedRun.id ? e.to_id : e.from_id]),
      [
        ['produced', succeeded.modelVersion.id],
        ['used_by', datasetVersionId],
        ['used_by', (await harness.dataSource.query('SELECT validation_report_id AS id FROM pipeline_run WHERE id = $1', [failedRun.id]))[0].id],
      ].sort((a, b) => a[0].localeCompare(b[0])),
    );

    assertError(await harness.gql(RETRY, { workflowId }, TOKENS.ops), 'CONFLICT', 'workflowId', /is SUCCEEDED; only a FAILED run can be retried$/);
  });

  test('a run whose workflow never started is refused: there is no stage to go back to', async () => {
    // An API whose Temporal is unreachable records the run FAILED before anything ran.
    const unreachable = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${await freePort()}`, interceptors: [] }) });
    const pipelines = new PipelinesService(
      harness.dataSource,
      unreachable,
      harness.config,
      new DatasetsService(harness.dataSource, artifactStoreFor(harness.config), harness.config),
    );
    const request = { modelName: 'weather-unstarted', datasetVersionId, target: 'weather', features: FEATURES, task: 'CLASSIFICATION' as const };
    await assert.rejects(pipelines.start({ name: 'engineer-user', role: 'engineer' }, request), { code: 'UNAVAILABLE' });
    const [{ workflow_id: workflowId }] = await harness.dataSource.query(`SELECT workflow_id FROM pipeline_run WHERE model_name = 'weather-unstarted'`);
    await auditLogSealed(harness.dataSource);
    const before_ = await harness.dataSource.query('SELECT count(*)::int AS count FROM audit_event');
    assertError(
      await harness.gql(RETRY, { workflowId }, TOKENS.ops),
      'CONFLICT',
      'workflowId',
      /failed before any stage started \(could not start the workflow: .*\); start it again with startModelPipeline and the same input$/,
    );
    await auditLogSealed(harness.dataSource);
    assert.deepEqual(await harness.dataSource.query('SELECT count(*)::int AS count FROM audit_event'), before_, 'a refusal writes nothing');
  });

  test('cancelling a run at its approval gate closes the gate, ends the run CANCELLED, and is audited', async () => {
    const deploy = { environment: 'STAGING', requiredApprovals: 1, remindAfter: '1h', expiresAfter: '2h' };
    const [byAdmin, byEngineer] = await Promise.all([
      start({ modelName: 'weather-cancel', runKey: 'admin', deploy }, TOKENS.admin),
      start({ modelName: 'weather-cancel', runKey: 'engineer', deploy }, TOKENS.engineer),
    ]);
    for (const workflowId of [byAdmin, byEngineer]) assert.equal((await waitForPipeline(harness, workflowId)).status, 'AWAITING_APPROVAL');
    assert.deepEqual(
      await listed('ProvenantModel = "weather-cancel" AND ProvenantStatus = "AWAITING_APPROVAL" AND ProvenantEnvironment = "STAGING"', [byAdmin, byEngineer]),
      [byAdmin, byEngineer].sort(),
    );

    assertError(await harness.gql(CANCEL, { workflowId: byAdmin, reason: 'not mine' }, TOKENS.engineer), 'FORBIDDEN', 'workflowId', /admin-user started this pipeline; an engineer may cancel only their own runs$/);
    assertError(await harness.gql(CANCEL, { workflowId: byAdmin, reason: '  ' }, TOKENS.ops), 'BAD_USER_INPUT', 'reason', /^reason: must be 1-500 characters$/);
    assertError(await harness.gql(CANCEL, { workflowId: 'pipeline:weather-cancel:nope', reason: 'x' }, TOKENS.ops), 'NOT_FOUND', 'workflowId', /not found$/);
    assertError(await harness.gql(RETRY, { workflowId: byAdmin }, TOKENS.ops), 'CONFLICT', 'workflowId', /is AWAITING_APPROVAL; only a FAILED run can be retried$/);

    const byOps = await harness.gql(CANCEL, { workflowId: byAdmin, reason: 'superseded by a run on fresher data' }, TOKENS.ops);
    assert.equal(byOps.errors, undefined, JSON.stringify(byOps.errors));
    const own = await harness.gql(CANCEL, { workflowId: byEngineer, reason: 'wrong features' }, TOKENS.engineer);
    assert.equal(own.errors, undefined, JSON.stringify(own.errors));

    for (const [workflowId, actor, reason] of [
      [byAdmin, 'ops-user', 'superseded by a run on fresher data'],
      [byEngineer, 'engineer-user', 'wrong features'],
    ]) {
      await harness.temporal.workflow.getHandle(workflowId).result().catch(() => undefined);
      const cancelled = await run(workflowId);
      assert.deepEqual(
        [cancelled.status, cancelled.approvalGate.status, cancelled.stages.find((s: { name: string }) => s.name === 'approve').status],
        ['CANCELLED', 'CANCELLED', 'CANCELLED'],
      );
      const audit = await auditOf(cancelled.id);
      const requested = audit.filter((e) => e.action === 'pipeline.cancel_requested');
      assert.deepEqual(
        requested.map((e) => [e.actor, e.payload]),
        [[actor, { workflowId, stage: 'approve', status: 'AWAITING_APPROVAL', reason }]],
      );
      assert.equal(audit.at(-1)!.action, 'pipeline.cancelled');
      const gateEvents = await auditOf(cancelled.approvalGate.id);
      assert.equal(gateEvents.at(-1)!.action, 'approval_gate.cancelled');
      assertError(await harness.gql(CANCEL, { workflowId, reason: 'again' }, TOKENS.ops), 'CONFLICT', 'workflowId', /is CANCELLED; only a running pipeline can be cancelled$/);
      assertError(await harness.gql(RETRY, { workflowId }, TOKENS.ops), 'CONFLICT', 'workflowId', /is CANCELLED; only a FAILED run can be retried$/);
    }
    assert.deepEqual(await listed('ProvenantModel = "weather-cancel" AND ProvenantStatus = "CANCELLED"', [byAdmin, byEngineer]), [byAdmin, byEngineer].sort());
  });
});
