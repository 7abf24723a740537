import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from '@temporalio/client';
import { tsToDate } from '@temporalio/common/lib/time';
import { reconcileExternalOperations } from '../activities/external-operations';
import { reconciliationScheduleId } from '../api/audit/reconciliation-schedule';
import { auditLogSealed } from '../db/audit-log';
import { SAMPLE_DATA, TOKENS, registerDataset, startHarness, waitForPipeline, type Harness } from './support/harness';

const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const PROVENANCE = `query P($id: ID!) { provenance(modelVersionId: $id) { externalOperations { action actor workflowId runId eventId at details auditEventId } } }`;
const RUN = `query R($workflowId: String!) { pipelineRun(workflowId: $workflowId) { status modelVersion { id } } }`;

interface Reconciled {
  actor: string;
  action: string;
  subject_id: string;
  payload: Record<string, any>;
}

/**
 * Operations sent to Provenant workflows from outside its API (here a bare SDK client with
 * the identity 'ops-cli', as the Temporal CLI or UI would send them) reach the audit log
 * from Temporal's history, once each however often histories are reconciled, and show in
 * the version's provenance. What Provenant's own API sent is not counted again.
 */
describe('operations from outside the API are audited from Temporal history', () => {
  let harness: Harness;
  let ops: Client;
  /** The reconciliation the schedule ran, which the last test resets. */
  let scheduledRun: string;
  const runs: Record<'cancelled' | 'signalledAndTerminated' | 'cancelledByApi', { workflowId: string; modelVersionId: string }> = {} as never;

  before(async () => {
    harness = await startHarness();
    ops = new Client({ connection: harness.temporal.connection, namespace: harness.config.temporalNamespace, identity: 'ops-cli' });
    const datasetVersionId = await registerDataset(harness, 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
    const waitingAtGate = async (runKey: string) => {
      const started = await harness.gql(
        START,
        {
          input: {
            modelName: `weather-ops-${runKey}`,
            datasetVersionId,
            target: 'weather',
            features: ['precipitation', 'temp_max', 'temp_min', 'wind'],
            task: 'CLASSIFICATION',
            runKey,
            deploy: { environment: 'STAGING', requiredApprovals: 1 },
          },
        },
        TOKENS.engineer,
      );
      assert.equal(started.errors, undefined, JSON.stringify(started.errors));
      const workflowId = started.data!.startModelPipeline.workflowId as string;
      const run = await waitForPipeline(harness, workflowId);
      assert.equal(run.status, 'AWAITING_APPROVAL', JSON.stringify(run));
      return { workflowId, modelVersionId: run.modelVersion.id as string };
    };
    [runs.cancelled, runs.signalledAndTerminated, runs.cancelledByApi] = await Promise.all([waitingAtGate('cancelled'), waitingAtGate('signalled'), waitingAtGate('api')]);

    await ops.workflow.getHandle(runs.cancelled.workflowId).cancel();
    const signalled = ops.workflow.getHandle(runs.signalledAndTerminated.workflowId);
    await signalled.signal('opsNote', 'looked at it from the CLI');
    await signalled.terminate('stuck in review');
    const cancelled = await harness.gql(`mutation C($w: String!) { cancelPipeline(workflowId: $w, reason: "superseded") { status } }`, { w: runs.cancelledByApi.workflowId }, TOKENS.ops);
    assert.equal(cancelled.errors, undefined, JSON.stringify(cancelled.errors));
    for (const { workflowId } of [runs.cancelled, runs.cancelledByApi]) {
      await harness.temporal.workflow.getHandle(workflowId).result().catch(() => undefined);
      assert.equal((await harness.gql(RUN, { workflowId })).data!.pipelineRun.status, 'CANCELLED');
    }
  });

  after(async () => {
    await harness?.close();
  });

  const reconciled = async (): Promise<Reconciled[]> => {
    await auditLogSealed(harness.dataSource);
    return harness.dataSource.query(`SELECT actor, action, subject_id, payload FROM audit_event WHERE payload->>'source' = 'temporal-history' ORDER BY sequence`);
  };

  /** The time Temporal recorded the first event of `workflowId`'s latest run matching `match`. */
  const historyTime = async (workflowId: string, match: (event: any) => boolean) => {
    const history = await harness.temporal.workflow.getHandle(workflowId).fetchHistory();
    const event = history.events!.find(match);
    assert.ok(event, `no matching event in ${workflowId}`);
    return { eventId: Number(event.eventId), at: tsToDate(event.eventTime!).toISOString() };
  };

  test('reading provenance reconciles the run at once', async () => {
    const { data, errors } = await harness.gql(PROVENANCE, { id: runs.cancelled.modelVersionId }, TOKENS.viewer);
    assert.equal(errors, undefined, JSON.stringify(errors));
    const cancel = await historyTime(runs.cancelled.workflowId, (event) => event.workflowExecutionCancelRequestedEventAttributes);
    assert.deepEqual(
      data!.provenance.externalOperations.map(({ auditEventId: _, ...operation }: Record<string, unknown>) => operation),
      [{ action: 'temporal.workflow.cancel_requested', actor: 'ops-cli', workflowId: runs.cancelled.workflowId, runId: data!.provenance.externalOperations[0].runId, eventId: cancel.eventId, at: cancel.at, details: { cause: null } }],
      'only the outside cancel: the pipeline cancelling its gate is its own doing',
    );
  });

  test('reconciling twice audits each outside operation once, with Temporal’s identity and time; the API’s own cancel is not counted', async () => {
    const first = await reconcileExternalOperations(harness.temporal, harness.dataSource, harness.config.taskQueuePrefix);
    const second = await reconcileExternalOperations(harness.temporal, harness.dataSource, harness.config.taskQueuePrefix);
    assert.ok(first.workflows >= 6, `the pipelines and their gates were read: ${JSON.stringify(first)}`);
    assert.equal(second.recorded, 0, 'the second reconciliation finds nothing new');

    const events = await reconciled();
    const signal = await historyTime(runs.signalledAndTerminated.workflowId, (event) => event.workflowExecutionSignaledEventAttributes);
    const termination = await historyTime(runs.signalledAndTerminated.workflowId, (event) => event.workflowExecutionTerminatedEventAttributes);
    const cancel = await historyTime(runs.cancelled.workflowId, (event) => event.workflowExecutionCancelRequestedEventAttributes);
    assert.deepEqual(
      events.map((event) => [event.subject_id, event.actor, event.action, event.payload.eventId, event.payload.eventTime]).sort(),
      [
        [runs.cancelled.workflowId, 'ops-cli', 'temporal.workflow.cancel_requested', cancel.eventId, cancel.at],
        [runs.signalledAndTerminated.workflowId, 'ops-cli', 'temporal.workflow.signalled', signal.eventId, signal.at],
        [runs.signalledAndTerminated.workflowId, 'ops-cli', 'temporal.workflow.terminated', termination.eventId, termination.at],
      ].sort(),
    );
    const terminated = events.find((event) => event.action === 'temporal.workflow.terminated')!;
    assert.equal(terminated.payload.reason, 'stuck in review');
    assert.equal(events.find((event) => event.action === 'temporal.workflow.signalled')!.payload.signalName, 'opsNote');
    await auditLogSealed(harness.dataSource);
    const apiCancel = await harness.dataSource.query(
      `SELECT e.actor FROM audit_event e JOIN pipeline_run r ON r.id::text = e.subject_id WHERE r.workflow_id = $1 AND e.action = 'pipeline.cancel_requested'`,
      [runs.cancelledByApi.workflowId],
    );
    assert.deepEqual(apiCancel, [{ actor: 'ops-user' }], 'the API audited its cancel once, as the person who asked; history adds nothing (above)');
    const verified = await harness.gql(`{ verifyAuditLog { ok } }`, {}, TOKENS.ops);
    assert.equal(verified.data!.verifyAuditLog.ok, true);
  });

  test('provenance lists the operations; the schedule created at start-up runs the same reconciliation', async () => {
    const { data } = await harness.gql(PROVENANCE, { id: runs.signalledAndTerminated.modelVersionId }, TOKENS.viewer);
    assert.deepEqual(
      data!.provenance.externalOperations.map((operation: { action: string; actor: string; details: unknown }) => [operation.action, operation.actor, operation.details]),
      [
        ['temporal.workflow.signalled', 'ops-cli', { signalName: 'opsNote' }],
        ['temporal.workflow.terminated', 'ops-cli', { reason: 'stuck in review' }],
      ],
    );

    const schedule = harness.temporal.schedule.getHandle(reconciliationScheduleId(harness.config.taskQueuePrefix));
    await schedule.trigger();
    let runWorkflowId: string | undefined;
    for (const deadline = Date.now() + 30_000; !runWorkflowId && Date.now() < deadline; ) {
      runWorkflowId = (await schedule.describe()).info.recentActions.at(-1)?.action.workflow.workflowId;
      if (!runWorkflowId) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.ok(runWorkflowId, 'the schedule started a reconciliation');
    const result = await harness.temporal.workflow.getHandle(runWorkflowId).result();
    assert.equal(result.recorded, 0, 'nothing left to record');
    assert.equal((await reconciled()).length, 3, 'still one event per operation');
    scheduledRun = runWorkflowId;
  });

  test('a reset (here of a finished run) is audited once, from the new run, with its base run and reason', async () => {
    const base = harness.temporal.workflow.getHandle(scheduledRun);
    const baseRunId = (await base.describe()).runId;
    const firstTask = (await base.fetchHistory()).events!.find((event) => event.workflowTaskCompletedEventAttributes)!;
    const { runId } = await ops.workflowService.resetWorkflowExecution({
      namespace: harness.config.temporalNamespace,
      workflowExecution: { workflowId: scheduledRun, runId: baseRunId },
      reason: 'rerun after a fix',
      workflowTaskFinishEventId: firstTask.eventId,
      requestId: randomUUID(),
      identity: 'ops-cli',
    });
    await harness.temporal.workflow.getHandle(scheduledRun, runId!).result();
    await reconcileExternalOperations(harness.temporal, harness.dataSource, harness.config.taskQueuePrefix);
    await reconcileExternalOperations(harness.temporal, harness.dataSource, harness.config.taskQueuePrefix);
    const resets = (await reconciled()).filter((event) => event.action === 'temporal.workflow.reset');
    assert.equal(resets.length, 1, JSON.stringify(resets));
    // Temporal writes a new run's reset event as its own service: the caller's identity is not kept there.
    assert.equal(resets[0].actor, 'history-service');
    assert.equal(resets[0].subject_id, scheduledRun);
    assert.equal(resets[0].payload.runId, runId);
    assert.equal(resets[0].payload.baseRunId, baseRunId);
    assert.match(resets[0].payload.reason, /rerun after a fix/);
    assert.equal((await reconciled()).length, 4, 'the events the reset copied from the base run are not audited again');
  });
});
