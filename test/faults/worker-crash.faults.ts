import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { verifyAuditLog } from '../../db/audit-log';
import { batchScoringWorkflowId } from '../../domain/batch-scoring';
import { releaseGateWorkflowId } from '../../domain/workflow-contracts';
import { SAMPLE_DATA, TOKENS } from '../support/harness';
import { holdWrites, type HeldWrites } from './support/crash-after-commit';
import { countDuplicates, type DuplicateCounts } from './support/duplicates';
import { startFaultStack, type FaultStack, type Provenant } from './support/fault-stack';
import { recordFaultResult } from './support/fault-results';
import {
  approve,
  openGate,
  registerDataset,
  runState,
  type RunState,
  settledRun,
  stageOf,
  stageStarted,
  stagingDeploy,
  startPipeline,
  highestAttempt,
  trainWeatherModel,
  waitFor,
  workflowEnded,
  writeWeatherRows,
} from './support/lifecycle';

/** Rows enough that training, evaluating, scanning and scoring each take seconds: long enough to be caught. */
const LARGE_ROWS = 60_000;
/** A killed worker's activities come back only after their heartbeat or start-to-close timeout (at most 2 min), then run again. */
const SETTLE_MS = 300_000;

interface Scene {
  provenant: Provenant;
  /** See crash-after-commit.ts; whatever happens, the writes are let through before the scenario's database closes. */
  holdWrites(table: string): Promise<HeldWrites>;
  /** How many of the scenario's runs reached their expected end; called as soon as that is known. */
  settled(completed: number): void;
  /** Waits for the pipeline run to end, counts it, and expects it SUCCEEDED. */
  pipelineSucceeded(workflowId: string): Promise<RunState>;
}

interface Scenario {
  fault: string;
  runs: number;
  run(scene: Scene): Promise<void>;
}

const smallDataset = (provenant: Provenant) => registerDataset(provenant, 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));

/** Kills the worker while the stage's activity computes on a large dataset; the stage must run again and the run finish. */
function killDuringStage(stage: 'train' | 'evaluate'): Scenario {
  return {
    fault: `kill -9 worker during ${stage}`,
    runs: 1,
    async run({ provenant, pipelineSucceeded }) {
      const dataset = await registerDataset(provenant, 'weather-large', await writeWeatherRows(provenant.dataDir, LARGE_ROWS));
      const workflowId = await startPipeline(provenant, { modelName: 'weather', datasetVersionId: dataset });
      await stageStarted(provenant, workflowId, stage, SETTLE_MS);
      await provenant.crashWorker();
      const { attempts } = stageOf(await pipelineSucceeded(workflowId), stage);
      assert.ok(attempts >= 2, `${stage} ran ${attempts} attempt(s); the kill should have cost one`);
    },
  };
}

/** The validation report (with its lineage and audit event) committed, the worker dead before Temporal heard: the retry must find it. */
const killAfterValidationCommits: Scenario = {
  fault: 'kill -9 worker during validate, report committed',
  runs: 1,
  async run({ provenant, holdWrites, pipelineSucceeded }) {
    const dataset = await smallDataset(provenant);
    const reports = await holdWrites('validation_report');
    const workflowId = await startPipeline(provenant, { modelName: 'weather', datasetVersionId: dataset });
    await reports.crashAfterCommit(async () => (await reportsOf(provenant, workflowId)) > 0);
    const { attempts } = stageOf(await pipelineSucceeded(workflowId), 'validate');
    assert.ok(attempts >= 2, `validate ran ${attempts} attempt(s); Temporal should have retried it`);
    assert.equal(await reportsOf(provenant, workflowId), 1);
  },
};

async function reportsOf(provenant: Provenant, workflowId: string): Promise<number> {
  const [{ reports }] = await provenant.dataSource.query(
    `SELECT count(*)::int AS reports FROM validation_report r JOIN pipeline_run p ON p.id = r.pipeline_run_id WHERE p.workflow_id = $1`,
    [workflowId],
  );
  return reports;
}

/** The version committed, the worker dead before Temporal heard: a retry that registered again would make version 2. */
const killAfterRegistrationCommits: Scenario = {
  fault: 'kill -9 worker during register, version committed',
  runs: 1,
  async run({ provenant, holdWrites, pipelineSucceeded }) {
    const dataset = await smallDataset(provenant);
    const versions = await holdWrites('model_version');
    const workflowId = await startPipeline(provenant, { modelName: 'weather', datasetVersionId: dataset });
    await versions.crashAfterCommit(async () => (await runState(provenant, workflowId)).modelVersionId !== null);
    const { attempts } = stageOf(await pipelineSucceeded(workflowId), 'register');
    assert.ok(attempts >= 2, `register ran ${attempts} attempt(s); Temporal should have retried it`);
    const registered = await provenant.dataSource.query(`SELECT version FROM model_version`);
    assert.deepEqual(registered, [{ version: 1 }]);
  },
};

/**
 * Two kills: as the gate opens (its row committed, unreported), then while it waits for
 * a decision, when nothing runs: the fresh worker rebuilds the waiting workflow from
 * history and takes the decision.
 */
const killDuringApproval: Scenario = {
  fault: 'kill -9 worker during approval: gate opened, then waiting',
  runs: 1,
  async run({ provenant, holdWrites, pipelineSucceeded }) {
    const dataset = await smallDataset(provenant);
    const gates = await holdWrites('approval_gate');
    const workflowId = await startPipeline(provenant, { modelName: 'weather', datasetVersionId: dataset, deploy: stagingDeploy() });
    const gateWorkflowId = releaseGateWorkflowId(workflowId, 'STAGING');
    await gates.crashAfterCommit(async () => (await provenant.dataSource.query(`SELECT 1 FROM approval_gate WHERE workflow_id = $1`, [gateWorkflowId])).length > 0);
    await openGate(provenant, workflowId);
    await provenant.crashWorker();
    await approve(provenant, workflowId);
    await pipelineSucceeded(workflowId);
    const attempts = highestAttempt(await provenant.temporal.workflow.getHandle(gateWorkflowId).fetchHistory(), 'openApprovalGate');
    assert.ok(attempts >= 2, `openApprovalGate ran ${attempts} attempt(s); Temporal should have retried it`);
    assert.deepEqual(await provenant.dataSource.query(`SELECT status FROM approval_gate`), [{ status: 'APPROVED' }]);
    assert.deepEqual(await provenant.dataSource.query(`SELECT status FROM deployment`), [{ status: 'PROMOTED' }]);
  },
};

/**
 * A first release makes a stable version. The second's canary is killed in its first
 * observation window, then again as it is promoted (route, alias and audit committed,
 * unreported): a second promotion would move the alias twice.
 */
const killDuringDeploy: Scenario = {
  fault: 'kill -9 worker during deploy: canary window, then promotion',
  runs: 1,
  async run({ provenant, holdWrites, pipelineSucceeded }) {
    const dataset = await smallDataset(provenant);
    const release = async (runKey: string, canary: Record<string, unknown>) => {
      const workflowId = await startPipeline(provenant, { modelName: 'weather', datasetVersionId: dataset, runKey, deploy: stagingDeploy(canary) });
      assert.equal((await settledRun(provenant, workflowId, SETTLE_MS, { untilApproval: true })).status, 'AWAITING_APPROVAL');
      await approve(provenant, workflowId);
      return workflowId;
    };
    await pipelineSucceeded(await release('stable', {}));
    const canary = await release('canary', { steps: [50, 100], observationWindow: '20s', minRequests: 0 });
    const deploymentWorkflowId = `${canary}:deploy:STAGING`;
    const deployment = async () =>
      (await provenant.dataSource.query(`SELECT status, weights, observations FROM deployment WHERE workflow_id = $1`, [deploymentWorkflowId]))[0];
    await waitFor('the canary at 50%', async () => ((await deployment())?.weights.length === 1 ? true : undefined), SETTLE_MS, 10);
    await provenant.crashWorker();
    const aliasMoves = await holdWrites('model_alias_event');
    await aliasMoves.crashAfterCommit(async () => (await deployment()).status === 'PROMOTED');
    await pipelineSucceeded(canary);
    const promoted = await deployment();
    assert.deepEqual(promoted.weights.map((w: { weight: number }) => w.weight), [50, 100]);
    assert.deepEqual(promoted.observations.map((o: { weight: number }) => o.weight), [50, 100]);
    const attempts = highestAttempt(await provenant.temporal.workflow.getHandle(deploymentWorkflowId).fetchHistory(), 'finishDeployment');
    assert.ok(attempts >= 2, `finishDeployment ran ${attempts} attempt(s); Temporal should have retried it`);
    const moves = await provenant.dataSource.query(`SELECT alias, from_version_id IS NULL AS first FROM model_alias_event ORDER BY id`);
    assert.deepEqual(moves, [{ alias: 'staging', first: true }, { alias: 'staging', first: false }], 'the alias moved once a release');
  },
};

/** Two large dataset versions compared: killed while computeScanDrift reads and scores them, then once the report is committed. */
const killDuringDriftScan: Scenario = {
  fault: 'kill -9 worker during drift scan: reading and scoring, then report',
  runs: 1,
  async run({ provenant, holdWrites, settled }) {
    await trainWeatherModel(provenant);
    const reference = await registerDataset(provenant, 'weather-reference', await writeWeatherRows(provenant.dataDir, LARGE_ROWS));
    const current = await registerDataset(provenant, 'weather-current', await writeWeatherRows(provenant.dataDir, LARGE_ROWS - 1000));
    const reports = await holdWrites('drift_report');
    const started = await provenant.gql(
      `mutation T($reference: ID, $current: ID) { triggerDriftScan(modelName: "weather", referenceDatasetVersionId: $reference, currentDatasetVersionId: $current) { workflowId } }`,
      { reference, current },
      TOKENS.engineer,
    );
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const handle = provenant.temporal.workflow.getHandle(started.data!.triggerDriftScan.workflowId);
    await waitFor(
      'the scan drift to be computing',
      async () => {
        const { raw } = await handle.describe();
        return raw.pendingActivities?.some((a) => a.activityType?.name === 'computeScanDrift' && a.lastStartedTime) ? true : undefined;
      },
      SETTLE_MS,
      // computeScanDrift reads and scores both datasets for seconds; asking Temporal less often spares the server.
      100,
    );
    await provenant.crashWorker();
    const reportCount = async (): Promise<number> =>
      (await provenant.dataSource.query(`SELECT count(*)::int AS n FROM drift_report WHERE workflow_id = $1`, [handle.workflowId]))[0].n;
    await reports.crashAfterCommit(async () => (await reportCount()) > 0);
    const status = await workflowEnded(handle);
    settled(status === 'COMPLETED' ? 1 : 0);
    assert.equal(status, 'COMPLETED');
    assert.equal(await reportCount(), 1);
    const history = await handle.fetchHistory();
    for (const activity of ['computeScanDrift', 'recordDriftReport']) {
      const attempts = highestAttempt(history, activity);
      assert.ok(attempts >= 2, `${activity} ran ${attempts} attempt(s); each kill should have cost one`);
    }
  },
};

/** A large job: killed a few chunks in, then once its output dataset is committed; the output must have every row once. */
const killDuringBatchScoring: Scenario = {
  fault: 'kill -9 worker during batch scoring: chunks, then output',
  runs: 1,
  async run({ provenant, holdWrites, settled }) {
    await trainWeatherModel(provenant);
    const dataset = await registerDataset(provenant, 'weather-large', await writeWeatherRows(provenant.dataDir, LARGE_ROWS));
    const outputs = await holdWrites('dataset_version');
    const started = await provenant.gql(
      `mutation S($input: StartBatchScoringInput!) { startBatchScoring(input: $input) { id } }`,
      { input: { modelName: 'weather', datasetVersionId: dataset, chunkRows: 500 } },
      TOKENS.engineer,
    );
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const jobId = started.data!.startBatchScoring.id;
    const job = async () => (await provenant.dataSource.query(`SELECT status, rows_scored, output_dataset_version_id FROM batch_scoring_job WHERE id = $1`, [jobId]))[0];
    await waitFor('a few chunks to be scored', async () => ((await job()).rows_scored >= 5000 ? true : undefined), SETTLE_MS, 10);
    await provenant.crashWorker();
    await outputs.crashAfterCommit(async () => (await job()).output_dataset_version_id !== null);
    const handle = provenant.temporal.workflow.getHandle(batchScoringWorkflowId(jobId));
    const finished = { workflow: await workflowEnded(handle), ...(await job()) };
    settled(finished.workflow === 'COMPLETED' && finished.status === 'SUCCEEDED' ? 1 : 0);
    assert.deepEqual([finished.workflow, finished.status, finished.rows_scored], ['COMPLETED', 'SUCCEEDED', LARGE_ROWS]);
    const produced = await provenant.dataSource.query(`SELECT id, row_count FROM dataset_version WHERE source_uri = $1`, [batchScoringWorkflowId(jobId)]);
    assert.deepEqual(produced, [{ id: finished.output_dataset_version_id, row_count: LARGE_ROWS }], 'one output, every row once');
    const history = await handle.fetchHistory();
    for (const activity of ['scoreDatasetChunks', 'publishBatchOutput']) {
      const attempts = highestAttempt(history, activity);
      assert.ok(attempts >= 2, `${activity} ran ${attempts} attempt(s); each kill should have cost one`);
    }
  },
};

const SCENARIOS: Scenario[] = [
  killAfterValidationCommits,
  killDuringStage('train'),
  killDuringStage('evaluate'),
  killAfterRegistrationCommits,
  killDuringApproval,
  killDuringDeploy,
  killDuringDriftScan,
  killDuringBatchScoring,
];

/**
 * kill -9 of the worker process at each stage of the lifecycle: while heavy work
 * computes, and right after a write commits (see crash-after-commit.ts). Every scenario
 * has its own database, task queues, API and worker process on this suite's Postgres
 * and Temporal, so they run side by side and each kill hits only its own work.
 */
describe('fault: worker killed (SIGKILL) during each stage', { concurrency: true }, () => {
  let stack: FaultStack;
  before(async () => {
    stack = await startFaultStack('worker-crash');
  });
  after(async () => {
    await stack?.stop();
  });

  for (const scenario of SCENARIOS) {
    test(scenario.fault, async (t) => {
      const provenant = await stack.provenant();
      const held: HeldWrites[] = [];
      let completed = 0;
      let duplicates: DuplicateCounts;
      let chainIntact: boolean;
      try {
        await scenario.run({
          provenant,
          async holdWrites(table) {
            const writes = await holdWrites(provenant, table);
            held.push(writes);
            return writes;
          },
          settled: (count) => (completed = count),
          async pipelineSucceeded(workflowId) {
            const run = await settledRun(provenant, workflowId, SETTLE_MS);
            completed = run.status === 'SUCCEEDED' ? 1 : 0;
            assert.equal(run.status, 'SUCCEEDED', run.error ?? '');
            return run;
          },
        });
      } catch (error) {
        t.diagnostic(provenant.recentLogs());
        throw error;
      } finally {
        for (const writes of held) await writes.release();
        duplicates = await countDuplicates(provenant.dataSource);
        chainIntact = (await verifyAuditLog(provenant.dataSource)).ok;
        await recordFaultResult({ fault: scenario.fault, runs: scenario.runs, completed, duplicates: duplicates.total, lost: scenario.runs - completed });
        await provenant.close();
      }
      assert.equal(duplicates.total, 0, JSON.stringify(duplicates));
      assert.ok(chainIntact, 'the audit chain is intact');
    });
  }
});
