import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { auditLogSealed, verifyAuditLog } from '../../db/audit-log';
import { connectAndMigrate } from '../../db/data-source';
import { batchScoringWorkflowId } from '../../domain/batch-scoring';
import { releaseGateWorkflowId } from '../../domain/workflow-contracts';
import { logger } from '../../platform/logger';
import { startProductionStack, type ProductionStack } from '../../platform/production-stack';
import { FIXTURES, SAMPLE_DATA, SERVING_TOKEN, TOKENS, type GraphqlResponse } from '../support/harness';
import { interactionBody, slackHeaders, startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { countDuplicates } from './support/duplicates';
import { recordFaultResult } from './support/fault-results';
import {
  approve,
  highestAttempt,
  openGate,
  registerDataset,
  settledRun,
  stagingDeploy,
  stageStarted,
  startPipeline,
  trainWeatherModel,
  waitFor,
  workflowEnded,
  writeWeatherRows,
  type Provenant,
} from './support/lifecycle';

const SETTLE_MS = 300_000;
const LARGE_ROWS = 60_000;
/** The object store's outage: "for a minute", as an operator would see a store's host reboot. */
const STORE_OUTAGE_MS = 60_000;
const SLACK_SIGNING_SECRET = 'production-shape-slack-signing-secret';
const SLACK_APPROVER = 'U0PRODAPPROVER';
const APPROVALS_CHANNEL = 'C0APPROVALS';

/**
 * The production shape broken on purpose: Temporal's own server on Postgres, two API
 * instances, two worker processes, a serving process and an S3-compatible object store,
 * each part killed with SIGKILL (or, for the store, made unreachable) while work is in
 * flight. After each fault: every run finishes, nothing is written twice (registry rows,
 * audit events, lineage edges, alias moves, canary steps), and the audit chain verifies.
 */
describe('fault: the production shape', () => {
  let stack: ProductionStack;
  let uploads: string;
  let dataSource: DataSource;
  let temporal: Client;
  let connection: Connection;
  let slack: FakeSlack;

  before(async () => {
    slack = await startFakeSlack();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'provenant-production-shape-'));
    uploads = path.join(dir, 'uploads');
    await mkdir(uploads);
    stack = await startProductionStack({
      dir,
      logger,
      env: {
        PROVENANT_API_TOKENS: Object.entries(TOKENS)
          .map(([role, token]) => `${token}:${role}:${role}-user`)
          .join(','),
        PROVENANT_SERVING_TOKENS: `${SERVING_TOKEN}:*:STAGING:serving-client`,
        PROVENANT_DATA_ROOTS: [SAMPLE_DATA, FIXTURES, uploads].join(path.delimiter),
        SLACK_SIGNING_SECRET,
        SLACK_BOT_TOKEN: 'xoxb-production-shape',
        SLACK_API_URL: slack.apiUrl,
        SLACK_APPROVALS_CHANNEL: APPROVALS_CHANNEL,
        PROVENANT_SLACK_USERS: `${SLACK_APPROVER}:approver-user`,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      },
    });
    dataSource = await connectAndMigrate(stack.databaseUrl);
    connection = await Connection.connect({ address: stack.temporal.address });
    temporal = new Client({ connection });
  });
  after(async () => {
    await connection?.close();
    await dataSource?.destroy();
    await stack?.stop();
    await slack?.close();
  });

  /** Provenant as the lifecycle steps see it, through API instance `api` (0 or 1). */
  function through(api: number): Provenant {
    return {
      dataDir: uploads,
      dataSource,
      temporal,
      gql: <T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, token: string = TOKENS.admin) => gql<T>(stack.apis[api].url, query, variables, token),
    };
  }

  /** Records the fault's row in the table `npm run test:faults` prints, then holds it to its promises. */
  async function expectNothingLostOrTwice(fault: string, runs: number, completed: number): Promise<void> {
    const duplicates = await countDuplicates(dataSource);
    await recordFaultResult({ fault, runs, completed, duplicates: duplicates.total, lost: runs - completed });
    assert.equal(completed, runs, `${runs - completed} of ${runs} runs did not finish`);
    assert.equal(duplicates.total, 0, JSON.stringify(duplicates));
    const verified = await verifyAuditLog(dataSource);
    assert.equal(verified.ok, true, JSON.stringify(verified));
  }

  test('kill -9 of the Temporal server during training, during an open approval gate, and during a canary step', async (t) => {
    const fault = 'prod: kill -9 Temporal server (training, gate, canary)';
    const api = through(0);
    const large = await registerDataset(api, 'weather-large', await writeWeatherRows(uploads, LARGE_ROWS));
    const small = await registerDataset(api, 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
    const stable = await startPipeline(api, { modelName: 'weather-released', datasetVersionId: small, runKey: 'stable', deploy: stagingDeploy() });
    await approve(api, stable);
    assert.equal((await settledRun(api, stable, SETTLE_MS)).status, 'SUCCEEDED');

    const gated = await startPipeline(api, {
      modelName: 'weather-released',
      datasetVersionId: small,
      runKey: 'canary',
      deploy: stagingDeploy({ steps: [50, 100], observationWindow: '20s', minRequests: 0 }),
    });
    await openGate(api, gated);
    const training = await startPipeline(api, { modelName: 'weather-training', datasetVersionId: large });
    await stageStarted(api, training, 'train', SETTLE_MS);
    try {
      await stack.temporal.kill();
      await pause(5_000);
      await stack.temporal.start();

      // The decision goes to the other API instance: any instance serves any gate.
      await approve(through(1), gated);
      const deployment = async () => (await dataSource.query(`SELECT status, weights FROM deployment WHERE workflow_id = $1`, [`${gated}:deploy:STAGING`]))[0];
      await waitFor('the canary at 50%', async () => ((await deployment())?.weights.length === 1 ? true : undefined), SETTLE_MS, 50);
      await stack.temporal.kill();
      await pause(5_000);
      await stack.temporal.start();

      const settled = await Promise.all([gated, training].map((id) => settledRun(api, id, SETTLE_MS)));
      assert.deepEqual(
        settled.map((run) => `${run.status} ${run.error ?? ''}`.trim()),
        ['SUCCEEDED', 'SUCCEEDED'],
      );
      const promoted = await deployment();
      assert.equal(promoted.status, 'PROMOTED');
      assert.deepEqual(promoted.weights.map((w: { weight: number }) => w.weight), [50, 100], 'each canary step once');
      const gates = await dataSource.query(`SELECT status FROM approval_gate WHERE workflow_id = $1`, [releaseGateWorkflowId(gated, 'STAGING')]);
      assert.deepEqual(gates, [{ status: 'APPROVED' }]);
      await expectNothingLostOrTwice(fault, 3, 3);
    } catch (error) {
      t.diagnostic(stack.recentLogs());
      await recordFaultResult({ fault, runs: 3, completed: 0, duplicates: 0, lost: 3 });
      throw error;
    }
  });

  test('kill -9 of Postgres during a burst of audited writes through both API instances', async (t) => {
    const fault = 'prod: kill -9 Postgres during audit appends';
    const files = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const file = path.join(uploads, `burst-${i}.csv`);
        await writeFile(file, `id,value\n${i},${i * 7}\n${i + 1000},${i * 11}\n`);
        return file;
      }),
    );
    const register = (file: string, i: number) =>
      through(i % 2)
        .gql(`mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`, { input: { name: `burst-${i}`, uri: file } })
        .then(
          (response) => response.data?.registerDataset?.id as string | undefined,
          () => undefined,
        );
    try {
      const burst = files.map((file, i) => pause(i * 40).then(() => register(file, i)));
      await pause(600);
      await stack.killPostgres();
      const answered = await Promise.all(burst);
      await pause(3_000);
      await stack.startPostgres();
      t.diagnostic(`${answered.filter(Boolean).length} of ${files.length} registrations answered before or despite the crash`);

      // What the crash interrupted, the client sends again; the content address makes it the same version.
      const finalIds = await Promise.all(
        files.map((file, i) =>
          waitFor(`burst-${i} to register`, async () => (await register(file, i)) ?? undefined, SETTLE_MS, 1000),
        ),
      );
      answered.forEach((id, i) => id && assert.equal(finalIds[i], id, `burst-${i}: an answered registration keeps its version`));
      await waitFor('the API instances to reach the database again', async () => ((await dataSource.query('SELECT 1 AS ok'))[0].ok === 1 ? true : undefined), 60_000, 500);
      await auditLogSealed(dataSource);
      const events = await dataSource.query(
        `SELECT subject_id, count(*)::int AS n FROM audit_event WHERE action = 'dataset_version.registered' AND subject_id = ANY($1) GROUP BY subject_id`,
        [finalIds],
      );
      assert.equal(events.length, files.length, 'every registration has its audit event');
      assert.ok(events.every((row: { n: number }) => row.n === 1), 'and only one');
      await expectNothingLostOrTwice(fault, files.length, events.length);
    } catch (error) {
      t.diagnostic(stack.recentLogs());
      await recordFaultResult({ fault, runs: files.length, completed: 0, duplicates: 0, lost: files.length });
      throw error;
    }
  });

  test('kill -9 of one worker of two during a drift scan fan-out and during batch scoring: the other finishes the work', async (t) => {
    const fault = 'prod: kill -9 one of two workers (drift scan, batch scoring)';
    const api = through(0);
    try {
      await trainWeatherModel(api);
      const reference = await registerDataset(api, 'weather-reference', await writeWeatherRows(uploads, LARGE_ROWS));
      const current = await registerDataset(api, 'weather-current', await writeWeatherRows(uploads, LARGE_ROWS - 1000));
      const scan = await api.gql(
        `mutation T($reference: ID, $current: ID) { triggerDriftScan(modelName: "weather", referenceDatasetVersionId: $reference, currentDatasetVersionId: $current) { workflowId } }`,
        { reference, current },
        TOKENS.engineer,
      );
      assert.equal(scan.errors, undefined, JSON.stringify(scan.errors));
      const scoring = await api.gql(
        `mutation S($input: StartBatchScoringInput!) { startBatchScoring(input: $input) { id } }`,
        { input: { modelName: 'weather', datasetVersionId: current, chunkRows: 500 } },
        TOKENS.engineer,
      );
      assert.equal(scoring.errors, undefined, JSON.stringify(scoring.errors));
      const scanHandle = temporal.workflow.getHandle(scan.data!.triggerDriftScan.workflowId);
      const scoringHandle = temporal.workflow.getHandle(batchScoringWorkflowId(scoring.data!.startBatchScoring.id));

      // The victim is whichever worker holds the scan's drift activity.
      const victimIdentity = await waitFor(
        'the scan to be reading and scoring',
        async () => {
          const { raw } = await scanHandle.describe();
          return raw.pendingActivities?.find((a) => a.activityType?.name === 'computeScanDrift' && a.lastStartedTime)?.lastWorkerIdentity ?? undefined;
        },
        SETTLE_MS,
        100,
      );
      const victim = stack.workers.find((worker) => victimIdentity.startsWith(`${worker.pid()}@`));
      assert.ok(victim, `no worker process has the identity ${victimIdentity}`);
      const survivor = stack.workers.find((worker) => worker !== victim)!;
      const survivorIdentity = `${survivor.pid()}@`;
      await victim.kill();
      t.diagnostic(`killed the worker ${victimIdentity}; ${survivorIdentity}… carries on alone`);

      const ended = [await workflowEnded(scanHandle, SETTLE_MS), await workflowEnded(scoringHandle, SETTLE_MS)];
      assert.deepEqual(ended, ['COMPLETED', 'COMPLETED']);
      const [job] = await dataSource.query(`SELECT status, rows_scored FROM batch_scoring_job WHERE id = $1`, [scoring.data!.startBatchScoring.id]);
      assert.deepEqual(job, { status: 'SUCCEEDED', rows_scored: LARGE_ROWS - 1000 });
      const reports = await dataSource.query(`SELECT count(*)::int AS n FROM drift_report WHERE workflow_id = $1`, [scanHandle.workflowId]);
      assert.deepEqual(reports, [{ n: 1 }]);

      const scanHistory = await scanHandle.fetchHistory();
      const identities = new Set((scanHistory.events ?? []).map((event) => event.activityTaskStartedEventAttributes?.identity).filter(Boolean));
      assert.ok([...identities].some((identity) => identity!.startsWith(survivorIdentity)), 'the surviving worker took the scan work');
      assert.ok(highestAttempt(scanHistory, 'computeScanDrift') >= 2, 'the killed scan activity ran again');
      victim.restart();
      await expectNothingLostOrTwice(fault, 2, ended.filter((status) => status === 'COMPLETED').length);
    } catch (error) {
      t.diagnostic(stack.recentLogs());
      await recordFaultResult({ fault, runs: 2, completed: 0, duplicates: 0, lost: 2 });
      throw error;
    }
  });

  test('kill -9 of an API instance while a Slack click and a GraphQL decision are in flight: the other instance answers, each decision is recorded once', async (t) => {
    const fault = 'prod: kill -9 API instance during decisions (Slack, GraphQL)';
    const api = through(1);
    try {
      const small = await registerDataset(api, 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
      // Two models, so each release is its model's first: no canary waits on traffic this test does not send.
      const byGraphql = await startPipeline(api, { modelName: 'weather-decided-graphql', datasetVersionId: small, deploy: stagingDeploy() });
      const bySlack = await startPipeline(api, { modelName: 'weather-decided-slack', datasetVersionId: small, deploy: stagingDeploy() });
      const graphqlGate = await openGate(api, byGraphql);
      const slackGate = await openGate(api, bySlack);
      const message = await slack.waitForCall('chat.postMessage', (call) => !call.body.thread_ts && JSON.stringify(call.body.blocks).includes(slackGate.gateId), SETTLE_MS);
      await waitFor('the gate message to be recorded', async () => ((await dataSource.query(`SELECT slack_message_ts FROM approval_gate WHERE id = $1`, [slackGate.gateId]))[0].slack_message_ts ? true : undefined), 60_000);

      const decide = (instance: number) =>
        through(instance).gql(
          `mutation D($input: DecideApprovalInput!) { decideApproval(input: $input) { status } }`,
          { input: { gateId: graphqlGate.gateId, decision: 'APPROVE', comment: 'fault suite' } },
          TOKENS.approver,
        );
      const click = clickApprove(message, slack.responseUrl('production-shape-click'));
      const toSlackEndpoint = (instance: number, retry: number) =>
        fetch(`${stack.apis[instance].url}/slack/events`, {
          method: 'POST',
          headers: { ...slackHeaders(SLACK_SIGNING_SECRET, click), ...(retry > 0 ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' } : {}) },
          body: click,
        }).then(
          (response) => `${response.status}`,
          (error: Error) => `no answer: ${error.message}`,
        );
      const graphqlInFlight = decide(0).then(
        (response) => JSON.stringify(response),
        (error: Error) => `no answer: ${error.message}`,
      );
      const slackInFlight = toSlackEndpoint(0, 0);
      await pause(20);
      await stack.apis[0].process.kill();
      t.diagnostic(`the killed instance's answers: GraphQL ${await graphqlInFlight}; Slack ${await slackInFlight}`);

      // Slack retries an unanswered request (same body and signature), and the client its mutation: both reach the other instance.
      assert.equal(await toSlackEndpoint(1, 1), '200');
      const retried = await decide(1);
      const outcome = retried.data?.decideApproval?.status ?? retried.errors?.[0]?.message;
      assert.ok(outcome === 'APPROVED' || /already/i.test(String(outcome)), JSON.stringify(retried));

      const runs = await Promise.all([byGraphql, bySlack].map((id) => settledRun(api, id, SETTLE_MS)));
      assert.deepEqual(runs.map((run) => `${run.status} ${run.error ?? ''}`.trim()), ['SUCCEEDED', 'SUCCEEDED']);
      const decisions = await dataSource.query(
        `SELECT gate_id, actor, decision, channel FROM approval_decision WHERE gate_id = ANY($1) ORDER BY channel`,
        [[graphqlGate.gateId, slackGate.gateId]],
      );
      assert.deepEqual(decisions, [
        { gate_id: graphqlGate.gateId, actor: 'approver-user', decision: 'APPROVE', channel: 'graphql' },
        { gate_id: slackGate.gateId, actor: 'approver-user', decision: 'APPROVE', channel: 'slack' },
      ]);
      stack.apis[0].process.restart();
      await expectNothingLostOrTwice(fault, 2, runs.filter((run) => run.status === 'SUCCEEDED').length);
    } catch (error) {
      t.diagnostic(stack.recentLogs());
      await recordFaultResult({ fault, runs: 2, completed: 0, duplicates: 0, lost: 2 });
      throw error;
    }
  });

  test('the object store unreachable for a minute during registration and during serving start-up: a clear retryable error, then success', async (t) => {
    const fault = 'prod: object store down for a minute (registration, serving start-up)';
    const api = through(1);
    try {
      const [{ id: versionId }] = await dataSource.query(
        `SELECT mv.id FROM model_version mv JOIN model m ON m.id = mv.model_id WHERE m.name = 'weather-released' ORDER BY mv.version DESC LIMIT 1`,
      );
      const file = path.join(uploads, 'during-outage.csv');
      await writeFile(file, 'id,value\n1,2\n3,4\n');
      const rowsBefore = (await dataSource.query(`SELECT count(*)::int AS n FROM dataset_version`))[0].n;

      await stack.s3.pause();
      const outageEnds = Date.now() + STORE_OUTAGE_MS;
      await stack.serving.process.kill();
      stack.serving.process.restart();
      const infer = () =>
        fetch(`${stack.serving.url}/v2/models/weather-released/infer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVING_TOKEN}` },
          body: JSON.stringify({ inputs: ['precipitation', 'temp_max', 'temp_min', 'wind'].map((name) => ({ name, datatype: 'FP32', shape: [1], data: [1] })) }),
        }).then(
          async (response) => ({ status: response.status, body: await response.text() }),
          (error: Error) => ({ status: 0, body: error.message }),
        );
      // Both wait out the store's request timeouts and retries (3 × 15 s), well inside the minute.
      const [refused, whileDown] = await Promise.all([
        api.gql(`mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`, { input: { name: 'during-outage', uri: file } }),
        waitFor('serving to answer', async () => {
          const answer = await infer();
          return answer.status === 0 ? undefined : answer;
        }, 120_000, 500),
      ]);
      t.diagnostic(`registration during the outage: ${JSON.stringify(refused.errors)}`);
      assert.equal(refused.errors?.[0]?.extensions?.code, 'UNAVAILABLE', JSON.stringify(refused));
      assert.match(refused.errors![0].message, /artifact store: .* failed: .*retrying later can succeed/);
      assert.equal((await dataSource.query(`SELECT count(*)::int AS n FROM dataset_version`))[0].n, rowsBefore, 'no row without its artifact');
      t.diagnostic(`inference during the outage: ${whileDown.status} ${whileDown.body}`);
      assert.equal(whileDown.status, 503);
      await pause(Math.max(0, outageEnds - Date.now()));
      await stack.s3.resume();

      const registered = await waitFor('registration to succeed', async () => (await api.gql(`mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`, { input: { name: 'during-outage', uri: file } })).data?.registerDataset?.id as string | undefined, 120_000, 1000);
      assert.ok(registered);
      const served = await waitFor('serving to answer 200', async () => {
        const answer = await infer();
        return answer.status === 200 ? answer : undefined;
      }, 120_000, 1000);
      assert.match(served.body, /"outputs"/);
      const [{ n: servedVersion }] = await dataSource.query(`SELECT count(*)::int AS n FROM model_version WHERE id = $1`, [versionId]);
      assert.equal(servedVersion, 1);
      await expectNothingLostOrTwice(fault, 2, 2);
    } catch (error) {
      t.diagnostic(stack.recentLogs());
      await stack.s3.resume();
      await recordFaultResult({ fault, runs: 2, completed: 0, duplicates: 0, lost: 2 });
      throw error;
    }
  });
});

async function gql<T>(url: string, query: string, variables: Record<string, unknown>, token: string): Promise<GraphqlResponse<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphqlResponse<T>;
}

/** Slack's block_actions payload for a click on the gate message's Approve button by the linked approver. */
function clickApprove(message: { body: Record<string, any>; reply: Record<string, any> }, responseUrl: string): string {
  const actions = (message.body.blocks as { type: string; elements?: { text: { text: string } }[] }[]).find((block) => block.type === 'actions')!;
  const button = actions.elements!.find((element) => element.text.text === 'Approve')!;
  const ts = message.reply.ts;
  return interactionBody({
    type: 'block_actions',
    user: { id: SLACK_APPROVER, team_id: 'T0PROVENANT' },
    trigger_id: `trigger-${Date.now()}`,
    container: { type: 'message', channel_id: APPROVALS_CHANNEL, message_ts: ts },
    channel: { id: APPROVALS_CHANNEL },
    message: { ts },
    actions: [{ ...button, block_id: 'provenant_gate_decision', action_ts: `${Date.now() / 1000}` }],
    response_url: responseUrl,
  });
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

