import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { tsToDate } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import type { DataSource } from 'typeorm';
import { inTransaction } from '../db/db';
import { advanceReconciliationWatermark, reconciliationWatermark, recordExternalOperation, type ExternalOperation } from '../db/external-operations';
import { taskQueuesFor } from '../domain/task-queues';
import { PROVENANT_WORKFLOW_TYPES } from '../domain/workflow-types';
import { PROVENANT_API_IDENTITY_PREFIX } from '../platform/temporal-identity';
import type { ActivityDependencies } from './dependencies';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * The identity under which Temporal's server acts on its own: terminating a child by its
 * parent close policy (the consequence of an operation audited on the parent), and writing
 * the reset event of a new run (Temporal keeps no caller identity for a reset there).
 */
const TEMPORAL_SERVER_IDENTITY = 'history-service';

const RESET_CAUSE = temporal.api.enums.v1.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW;

/** Histories fetched through the client carry nested enums by name, decoded ones by number. */
function isResetCause(cause: unknown): boolean {
  return cause === RESET_CAUSE || cause === temporal.api.enums.v1.WorkflowTaskFailedCause[RESET_CAUSE];
}

/** Workflows closed this long before the last reconciliation are looked at again: visibility lags behind history. */
const VISIBILITY_LAG_MS = 5 * 60_000;

/**
 * The operations in one run's history that came from outside Provenant: cancel requests,
 * terminations, signals, accepted updates and the reset that started this run. Left out:
 * what Provenant's API sent (its identity), what another workflow sent (a parent
 * cancelling its child), what Temporal did by itself as a consequence (a parent close
 * policy), and the events a reset copied from the run it reset.
 */
export function externalOperationsIn(execution: { workflowId: string; runId: string; workflowType: string }, events: HistoryEvent[]): ExternalOperation[] {
  const resetAt = events.findIndex((event) => isResetCause(event.workflowTaskFailedEventAttributes?.cause));
  const operations: ExternalOperation[] = [];
  for (const event of resetAt >= 0 ? events.slice(resetAt) : events) {
    const found = operationOf(event);
    if (!found || found.identity.startsWith(PROVENANT_API_IDENTITY_PREFIX)) continue;
    if (found.action === 'temporal.workflow.terminated' && found.identity === TEMPORAL_SERVER_IDENTITY) continue;
    operations.push({ ...execution, ...found, eventId: Number(event.eventId), eventTime: tsToDate(event.eventTime!) });
  }
  return operations;
}

function operationOf(event: HistoryEvent): Pick<ExternalOperation, 'action' | 'identity' | 'details'> | null {
  const cancel = event.workflowExecutionCancelRequestedEventAttributes;
  if (cancel) {
    if (cancel.externalWorkflowExecution) return null;
    return { action: 'temporal.workflow.cancel_requested', identity: cancel.identity || 'unknown', details: { cause: cancel.cause || null } };
  }
  const terminated = event.workflowExecutionTerminatedEventAttributes;
  if (terminated) return { action: 'temporal.workflow.terminated', identity: terminated.identity || 'unknown', details: { reason: terminated.reason || null } };
  const signalled = event.workflowExecutionSignaledEventAttributes;
  if (signalled) {
    if (signalled.externalWorkflowExecution) return null;
    return { action: 'temporal.workflow.signalled', identity: signalled.identity || 'unknown', details: { signalName: signalled.signalName } };
  }
  const update = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
  if (update) {
    return {
      action: 'temporal.workflow.update_accepted',
      identity: update.meta?.identity || 'unknown',
      details: { updateName: update.input?.name ?? null, updateId: update.meta?.updateId ?? null },
    };
  }
  const failed = event.workflowTaskFailedEventAttributes;
  if (failed && isResetCause(failed.cause)) {
    return { action: 'temporal.workflow.reset', identity: failed.identity || 'unknown', details: { baseRunId: failed.baseRunId, reason: failed.failure?.message ?? null } };
  }
  return null;
}

/** Reads one run's history (the latest run without `runId`) and audits what came from outside; returns how many events were new. */
export async function reconcileWorkflow(client: Client, dataSource: DataSource, workflowId: string, runId?: string): Promise<number> {
  const handle = client.workflow.getHandle(workflowId, runId);
  const described = await handle.describe();
  const history = await handle.fetchHistory();
  const operations = externalOperationsIn({ workflowId, runId: described.runId, workflowType: described.type }, history.events ?? []);
  let recorded = 0;
  for (const operation of operations) {
    if (await inTransaction(dataSource, (tx) => recordExternalOperation(tx, operation))) recorded += 1;
  }
  return recorded;
}

export interface ReconciliationResult {
  workflows: number;
  recorded: number;
}

/**
 * Audits the outside operations on every Provenant workflow of this deployment (on its
 * task queues) still running or closed since the last reconciliation, then moves the
 * watermark to when this one began. Safe to run twice or concurrently: every event is
 * written once, under its history key.
 */
export async function reconcileExternalOperations(
  client: Client,
  dataSource: DataSource,
  taskQueuePrefix: string,
  heartbeat: () => void = () => undefined,
): Promise<ReconciliationResult> {
  const began = new Date();
  const watermark = await reconciliationWatermark(dataSource);
  const types = PROVENANT_WORKFLOW_TYPES.map((type) => `'${type}'`).join(', ');
  const queues = Object.values(taskQueuesFor(taskQueuePrefix))
    .map((queue) => `'${queue}'`)
    .join(', ');
  const since = watermark ? ` AND (ExecutionStatus = 'Running' OR CloseTime >= '${new Date(watermark.getTime() - VISIBILITY_LAG_MS).toISOString()}')` : '';
  let workflows = 0;
  let recorded = 0;
  for await (const execution of client.workflow.list({ query: `WorkflowType IN (${types}) AND TaskQueue IN (${queues})${since}` })) {
    recorded += await reconcileWorkflow(client, dataSource, execution.workflowId, execution.runId);
    workflows += 1;
    heartbeat();
  }
  await advanceReconciliationWatermark(dataSource, began);
  return { workflows, recorded };
}

export function createExternalOperationActivities(deps: ActivityDependencies) {
  return {
    /** Run by reconcileExternalOperationsWorkflow on its schedule; the worker's own client reads the histories. */
    async reconcileExternalOperations(): Promise<ReconciliationResult> {
      const context = Context.current();
      const result = await reconcileExternalOperations(context.client, deps.dataSource, deps.config.taskQueuePrefix, () => context.heartbeat());
      deps.logger.info(result, 'reconciled operations from outside Provenant with the audit log');
      return result;
    },
  };
}
