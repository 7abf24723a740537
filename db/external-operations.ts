import type { EntityManager } from 'typeorm';
import { appendAuditEvent, auditLogSealed } from './audit-log';
import type { Db } from './db';

/**
 * An operation on a Provenant workflow that Temporal's history records and Provenant did
 * not send: a cancel, terminate, reset, signal or update from the Temporal UI, the CLI or
 * any SDK client.
 */
export interface ExternalOperation {
  /** `temporal.workflow.cancel_requested`, `.terminated`, `.reset`, `.signalled` or `.update_accepted`. */
  action: string;
  /** The identity the caller gave Temporal. */
  identity: string;
  workflowId: string;
  workflowType: string;
  runId: string;
  eventId: number;
  /** When Temporal recorded it. */
  eventTime: Date;
  details: Record<string, unknown>;
}

/** One audit event per history event: the key is Temporal's own name for the event. */
export function externalOperationKey(operation: Pick<ExternalOperation, 'workflowId' | 'runId' | 'eventId'>): string {
  return `temporal-history:${operation.workflowId}:${operation.runId}:${operation.eventId}`;
}

/**
 * Writes the operation's audit event unless it is there already (under its key), or unless
 * a client that audits its own calls (plugin/client-audit-interceptor) recorded it: the same
 * action on the same workflow by the same identity within a minute of Temporal's time.
 * True when an event was written.
 */
export async function recordExternalOperation(tx: EntityManager, operation: ExternalOperation): Promise<boolean> {
  const idempotencyKey = externalOperationKey(operation);
  // What a client's interceptor audited moments ago may still be in the intake.
  await auditLogSealed(tx);
  const [known]: unknown[] = await tx.query(
    `SELECT 1 FROM audit_event
      WHERE idempotency_key = $1
         OR (subject_type = 'workflow' AND subject_id = $2 AND actor = $3 AND action = $4 AND idempotency_key IS NULL
             AND occurred_at BETWEEN $5::timestamptz - interval '1 minute' AND $5::timestamptz + interval '1 minute')
      LIMIT 1`,
    [idempotencyKey, operation.workflowId, operation.identity, CLIENT_AUDITED_ACTION[operation.action] ?? operation.action, operation.eventTime],
  );
  if (known) return false;
  await appendAuditEvent(tx, {
    actor: operation.identity,
    action: operation.action,
    subjectType: 'workflow',
    subjectId: operation.workflowId,
    idempotencyKey,
    payload: {
      source: 'temporal-history',
      workflowType: operation.workflowType,
      runId: operation.runId,
      eventId: operation.eventId,
      eventTime: operation.eventTime.toISOString(),
      ...operation.details,
    },
  });
  return true;
}

/** The action the client audit interceptor writes for the same operation. */
const CLIENT_AUDITED_ACTION: Record<string, string> = {
  'temporal.workflow.cancel_requested': 'temporal.workflow.cancelled',
  'temporal.workflow.terminated': 'temporal.workflow.terminated',
  'temporal.workflow.signalled': 'temporal.workflow.signalled',
  'temporal.workflow.update_accepted': 'temporal.workflow.updated',
};

export interface ExternalOperationEvent {
  auditEventId: string;
  action: string;
  actor: string;
  workflowId: string;
  payload: Record<string, unknown>;
}

/** The reconciled operations on these workflows, in chain order. */
export async function externalOperationsOf(db: Db, workflowIds: string[]): Promise<ExternalOperationEvent[]> {
  if (workflowIds.length === 0) return [];
  await auditLogSealed(db);
  return db.query(
    `SELECT id AS "auditEventId", action, actor, subject_id AS "workflowId", payload FROM audit_event
      WHERE subject_type = 'workflow' AND subject_id = ANY($1) AND payload->>'source' = 'temporal-history'
      ORDER BY sequence`,
    [workflowIds],
  );
}

/** Until when histories were last reconciled; null before the first reconciliation. */
export async function reconciliationWatermark(db: Db): Promise<Date | null> {
  const [row]: { reconciled_until: Date }[] = await db.query(`SELECT reconciled_until FROM temporal_reconciliation WHERE id = 'external-operations'`);
  return row?.reconciled_until ?? null;
}

/** Moves the watermark forward only: a slow reconciliation finishing late never moves it back. */
export async function advanceReconciliationWatermark(db: Db, until: Date): Promise<void> {
  await db.query(
    `INSERT INTO temporal_reconciliation (id, reconciled_until) VALUES ('external-operations', $1)
     ON CONFLICT (id) DO UPDATE SET reconciled_until = GREATEST(temporal_reconciliation.reconciled_until, EXCLUDED.reconciled_until)`,
    [until],
  );
}
