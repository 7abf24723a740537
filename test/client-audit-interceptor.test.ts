import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Client, Connection, WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowUpdateStage } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { auditLogSealed } from '../db/audit-log';
import { AuditEventEntity } from '../db/entities';
import { PROVENANT_WORKFLOW_TYPES } from '../domain/workflow-types';
import { auditingClientInterceptor, auditingClientPlugin, UnauditedOperationError } from '../plugin/client-audit-interceptor';
import * as workflows from '../workflows';
import { startHarness, type Harness } from './support/harness';

describe('auditing Temporal client interceptor on the real Temporal dev server and Postgres', () => {
  let harness: Harness;
  let connection: Connection;
  /** No worker polls it: the workflows stay running, and only their types matter here. */
  let idleQueue: string;
  const id = (name: string) => `client-audit-${name}-${randomBytes(4).toString('hex')}`;
  const clientWith = (interceptor: ReturnType<typeof auditingClientInterceptor>) =>
    new Client({ connection, namespace: harness.config.temporalNamespace, interceptors: { workflow: [interceptor] } });
  const eventsOf = async (workflowId: string) => {
    await auditLogSealed(harness.dataSource);
    return harness.dataSource.getRepository(AuditEventEntity).find({ where: { subjectType: 'workflow', subjectId: workflowId }, order: { sequence: 'ASC' } });
  };

  before(async () => {
    harness = await startHarness({ queues: [] });
    connection = await Connection.connect({ address: harness.config.temporalAddress! });
    idleQueue = `${harness.config.taskQueuePrefix}.client-audit-idle`;
  });
  after(async () => {
    await connection?.close();
    await harness?.close();
  });

  test('the Provenant workflow types are exactly those workflows/index.ts exports, and the approval gate', () => {
    // approvalGateWorkflow is listed ahead of the workflow itself; a Set, so the test holds once it is exported too.
    assert.deepEqual([...PROVENANT_WORKFLOW_TYPES].sort(), [...new Set([...Object.keys(workflows), 'approvalGateWorkflow'])].sort());
  });

  test('each operation on a Provenant workflow leaves exactly one event by the client identity; a handle learns the type with one describe', async () => {
    const namespace = harness.config.temporalNamespace;
    const starter = clientWith(auditingClientInterceptor({ dataSource: harness.dataSource, connection, namespace, identity: 'release-bot' }));
    const scan = id('scan');
    const started = await starter.workflow.start('driftScanWorkflow', { workflowId: scan, taskQueue: idleQueue, args: [{}] });

    // A second client knows nothing of the workflow: its first handle operation describes it.
    let describes = 0;
    const countingService = new Proxy(connection.workflowService, {
      get(target, property, receiver) {
        if (property === 'describeWorkflowExecution') describes += 1;
        return Reflect.get(target, property, receiver);
      },
    });
    const operator = clientWith(
      auditingClientInterceptor({ dataSource: harness.dataSource, connection: { workflowService: countingService }, namespace, identity: 'release-bot' }),
    );
    const handle = operator.workflow.getHandle(scan);
    await handle.signal('poke', { note: 'hello' });
    // Nobody accepts the update (no worker); giving up on it is a failed update, and audited as one.
    await assert.rejects(
      operator.withAbortSignal(AbortSignal.timeout(1000), () => handle.startUpdate('decideGate', { args: [{}], waitForStage: WorkflowUpdateStage.ACCEPTED })),
    );
    await handle.cancel();
    await handle.terminate('superseded by a newer scan');
    assert.equal(describes, 1);

    const events = await eventsOf(scan);
    assert.deepEqual(
      events.map((event) => [event.actor, event.action, event.payload.outcome]),
      [
        ['release-bot', 'temporal.workflow.started', 'succeeded'],
        ['release-bot', 'temporal.workflow.signalled', 'succeeded'],
        ['release-bot', 'temporal.workflow.updated', 'failed'],
        ['release-bot', 'temporal.workflow.cancelled', 'succeeded'],
        ['release-bot', 'temporal.workflow.terminated', 'succeeded'],
      ],
    );
    assert.ok(events.every((event) => event.payload.workflowType === 'driftScanWorkflow' && event.payload.namespace === namespace));
    assert.equal(events[0].payload.runId, started.firstExecutionRunId);
    assert.equal(events[1].payload.signalName, 'poke');
    assert.equal(events[2].payload.updateName, 'decideGate');
    assert.equal(typeof events[2].payload.error, 'string');
    assert.equal(events[4].payload.reason, 'superseded by a newer scan');
  });

  test('signal-with-start and update-with-start are one event each; a refused start is audited as failed and its own error reaches the caller', async () => {
    const client = clientWith(auditingClientInterceptor({ dataSource: harness.dataSource, connection, namespace: harness.config.temporalNamespace, identity: 'release-bot' }));
    const scoring = id('scoring');
    await client.workflow.signalWithStart('batchScoringWorkflow', { workflowId: scoring, taskQueue: idleQueue, args: [{}], signal: 'poke', signalArgs: [] });
    await assert.rejects(client.workflow.start('batchScoringWorkflow', { workflowId: scoring, taskQueue: idleQueue, args: [{}] }), WorkflowExecutionAlreadyStartedError);
    await client.workflow.getHandle(scoring).terminate();

    const events = await eventsOf(scoring);
    assert.deepEqual(
      events.map((event) => [event.action, event.payload.outcome, event.payload.signalName]),
      [
        ['temporal.workflow.signalled_with_start', 'succeeded', 'poke'],
        ['temporal.workflow.started', 'failed', undefined],
        ['temporal.workflow.terminated', 'succeeded', undefined],
      ],
    );
    assert.equal(typeof events[0].payload.runId, 'string');

    // Update-with-start starts the workflow; nobody accepts the update (no worker), so the caller gives up on it.
    const gate = id('gate');
    const startWorkflowOperation = new WithStartWorkflowOperation('approvalGateWorkflow', {
      workflowId: gate,
      taskQueue: idleQueue,
      args: [{}],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    await assert.rejects(
      client.withAbortSignal(AbortSignal.timeout(1000), () =>
        client.workflow.startUpdateWithStart('decideGate', { args: [{}], waitForStage: WorkflowUpdateStage.ACCEPTED, startWorkflowOperation }),
      ),
    );
    await client.workflow.getHandle(gate).terminate();
    assert.deepEqual(
      (await eventsOf(gate)).map((event) => [event.action, event.payload.outcome, event.payload.updateName]),
      [
        ['temporal.workflow.updated_with_start', 'failed', 'decideGate'],
        ['temporal.workflow.terminated', 'succeeded', undefined],
      ],
    );
  });

  test('operations on workflows that are not Provenant leave no event', async () => {
    const client = clientWith(auditingClientInterceptor({ dataSource: harness.dataSource, connection, namespace: harness.config.temporalNamespace, identity: 'release-bot' }));
    const theirs = id('theirs');
    await client.workflow.start('someoneElsesWorkflow', { workflowId: theirs, taskQueue: idleQueue, args: [] });
    const handle = client.workflow.getHandle(theirs);
    await handle.signal('poke');
    await handle.cancel();
    await handle.terminate('not ours');
    const untouched = clientWith(auditingClientInterceptor({ dataSource: harness.dataSource, connection, namespace: harness.config.temporalNamespace, identity: 'release-bot' }));
    const other = id('theirs-too');
    await untouched.workflow.signalWithStart('someoneElsesWorkflow', { workflowId: other, taskQueue: idleQueue, args: [], signal: 'poke', signalArgs: [] });
    await untouched.workflow.getHandle(other).terminate();
    assert.deepEqual([...(await eventsOf(theirs)), ...(await eventsOf(other))], []);
  });

  test("as a plugin it takes the Client's own identity as the actor", async () => {
    const client = new Client({
      connection,
      namespace: harness.config.temporalNamespace,
      identity: 'nightly-retrainer@ci',
      plugins: [auditingClientPlugin({ dataSource: harness.dataSource })],
    });
    const pipeline = id('pipeline');
    await client.workflow.start('modelPipelineWorkflow', { workflowId: pipeline, taskQueue: idleQueue, args: [{}] });
    await client.workflow.getHandle(pipeline).terminate('test over');
    assert.deepEqual(
      (await eventsOf(pipeline)).map((event) => [event.actor, event.action]),
      [
        ['nightly-retrainer@ci', 'temporal.workflow.started'],
        ['nightly-retrainer@ci', 'temporal.workflow.terminated'],
      ],
    );
  });

  test('an audit log that cannot be written fails the operation loudly, though Temporal took it', async () => {
    const unreachable = new DataSource(harness.dataSource.options);
    await unreachable.initialize();
    await unreachable.destroy();
    const client = clientWith(auditingClientInterceptor({ dataSource: unreachable, connection, namespace: harness.config.temporalNamespace, identity: 'release-bot' }));
    const scan = id('unaudited');
    await assert.rejects(client.workflow.start('driftScanWorkflow', { workflowId: scan, taskQueue: idleQueue, args: [{}] }), (error: unknown) => {
      assert.ok(error instanceof UnauditedOperationError, String(error));
      assert.deepEqual([error.code, error.action, error.workflowId, error.operationError], ['UNAUDITED_OPERATION', 'temporal.workflow.started', scan, undefined]);
      return true;
    });
    const running = await harness.temporal.workflow.getHandle(scan).describe();
    assert.equal(running.status.name, 'RUNNING');
    await harness.temporal.workflow.getHandle(scan).terminate('test over');
  });
});
