import { Connection, type ClientPlugin, type ConnectionLike, type WorkflowClientInterceptor, type WorkflowExecution } from '@temporalio/client';
import { defaultBaseClientOptions } from '@temporalio/client/lib/base-client';
import type { DataSource } from 'typeorm';
import { appendAuditEvent } from '../db/audit-log';
import { inTransaction } from '../db/db';
import { isProvenantWorkflowType } from '../domain/workflow-types';

/** Workflow types learnt so far, by workflow id; bounded, as a long-lived client may touch any number of workflows. */
const KNOWN_TYPES_LIMIT = 1000;

export interface AuditingClientInterceptorOptions {
  /** Where the events go; a function is called before each write, for a connection opened on first use. */
  dataSource: DataSource | (() => Promise<DataSource>);
  /** The Client's own connection: where describe() asks the type of a workflow this client did not start. */
  connection: Pick<ConnectionLike, 'workflowService'>;
  /** The Client's namespace (default 'default', as the Client's). */
  namespace?: string;
  /**
   * The actor of every event. Defaults to the Temporal client's default identity (pid@host);
   * give the identity you gave the Client, or use auditingClientPlugin, which reads it.
   */
  identity?: string;
}

/** What the client asked of the workflow, in the audit log's words: `temporal.workflow.<operation>`. */
type Operation = 'started' | 'signalled_with_start' | 'signalled' | 'updated' | 'updated_with_start' | 'cancelled' | 'terminated';

interface Attempt {
  operation: Operation;
  workflowId: string;
  workflowType: string;
  /** Known before the call: signal or update name, reason, the run id a handle names. */
  details: Record<string, unknown>;
}

/**
 * The operation reached Temporal (or was refused by it) but its audit event could not be
 * written. The operation may well have taken effect: the caller must know the log is
 * missing it. `operationError` is the operation's own error when it failed too.
 */
export class UnauditedOperationError extends Error {
  readonly code = 'UNAUDITED_OPERATION';

  constructor(
    readonly action: string,
    readonly workflowId: string,
    readonly operationError: unknown,
    auditError: unknown,
  ) {
    super(`${action} of workflow ${workflowId} was sent to Temporal but its audit event could not be written: ${(auditError as Error).message}`, {
      cause: auditError,
    });
    this.name = 'UnauditedOperationError';
  }
}

/**
 * A WorkflowClientInterceptor (for ClientOptions.interceptors.workflow) that writes one audit
 * event for every start, signal-with-start, signal, update, update-with-start, cancel and
 * terminate this client sends to a Provenant workflow (domain/workflow-types), after the
 * call returns: outcome 'succeeded', or 'failed' with the error, which is then rethrown
 * unchanged. Other workflows pass through untouched. Queries and describes change nothing
 * and are not audited.
 */
export function auditingClientInterceptor(options: AuditingClientInterceptorOptions): WorkflowClientInterceptor {
  const { dataSource, connection } = options;
  const namespace = options.namespace ?? defaultBaseClientOptions().namespace;
  const identity = options.identity ?? defaultBaseClientOptions().identity;
  const knownTypes = new Map<string, string>();

  const remember = (workflowId: string, workflowType: string) => {
    knownTypes.delete(workflowId);
    knownTypes.set(workflowId, workflowType);
    if (knownTypes.size > KNOWN_TYPES_LIMIT) knownTypes.delete(knownTypes.keys().next().value!);
  };

  /**
   * One describe per workflow id, straight to the service so it is neither intercepted nor
   * audited itself. When it fails the operation is not sent: without the type there is no
   * telling whether it would go unaudited.
   */
  const typeOf = async ({ workflowId, runId }: WorkflowExecution): Promise<string> => {
    const known = knownTypes.get(workflowId);
    if (known) return known;
    const described = await connection.workflowService.describeWorkflowExecution({ namespace, execution: { workflowId, runId } });
    const workflowType = described.workflowExecutionInfo?.type?.name;
    if (!workflowType) throw new Error(`describe of workflow ${workflowId} named no workflow type`);
    remember(workflowId, workflowType);
    return workflowType;
  };

  const record = async (attempt: Attempt, outcome: Record<string, unknown>, operationError?: unknown) => {
    const action = `temporal.workflow.${attempt.operation}`;
    try {
      const db = typeof dataSource === 'function' ? await dataSource() : dataSource;
      await inTransaction(db, (tx) =>
        appendAuditEvent(tx, {
          actor: identity,
          action,
          subjectType: 'workflow',
          subjectId: attempt.workflowId,
          payload: { workflowType: attempt.workflowType, namespace, ...attempt.details, ...outcome },
        }),
      );
    } catch (auditError) {
      // Governance promises no unaudited operation on a Provenant workflow. Temporal cannot
      // take the call back, so the next best is that nobody mistakes it for a recorded one:
      // the caller gets an error even though the operation itself may have succeeded.
      throw new UnauditedOperationError(action, attempt.workflowId, operationError, auditError);
    }
  };

  /** Sends the call; a Provenant workflow's attempt is recorded whichever way it ends. */
  const audited = async <T>(attempt: Attempt, call: () => Promise<T>, resultDetails: (result: T) => Record<string, unknown>): Promise<T> => {
    if (!isProvenantWorkflowType(attempt.workflowType)) return call();
    let result: T;
    try {
      result = await call();
    } catch (error) {
      await record(attempt, { outcome: 'failed', error: error instanceof Error ? error.message : String(error) }, error);
      throw error;
    }
    await record(attempt, { outcome: 'succeeded', ...resultDetails(result) });
    return result;
  };

  return {
    async startWithDetails(input, next) {
      const { workflowId } = input.options;
      remember(workflowId, input.workflowType);
      return audited({ operation: 'started', workflowId, workflowType: input.workflowType, details: {} }, () => next(input), (output) => ({
        runId: output.runId,
      }));
    },

    async signalWithStart(input, next) {
      const { workflowId } = input.options;
      remember(workflowId, input.workflowType);
      const attempt: Attempt = { operation: 'signalled_with_start', workflowId, workflowType: input.workflowType, details: { signalName: input.signalName } };
      return audited(attempt, () => next(input), (runId) => ({ runId }));
    },

    async startUpdateWithStart(input, next) {
      const { workflowId } = input.workflowStartOptions;
      remember(workflowId, input.workflowType);
      const attempt: Attempt = { operation: 'updated_with_start', workflowId, workflowType: input.workflowType, details: { updateName: input.updateName } };
      return audited(attempt, () => next(input), (output) => ({ runId: output.workflowExecution.runId, updateId: output.updateId }));
    },

    async signal(input, next) {
      const { workflowId, runId } = input.workflowExecution;
      const attempt: Attempt = { operation: 'signalled', workflowId, workflowType: await typeOf(input.workflowExecution), details: { runId, signalName: input.signalName } };
      return audited(attempt, () => next(input), () => ({}));
    },

    async startUpdate(input, next) {
      const { workflowId, runId } = input.workflowExecution;
      const attempt: Attempt = { operation: 'updated', workflowId, workflowType: await typeOf(input.workflowExecution), details: { runId, updateName: input.updateName } };
      return audited(attempt, () => next(input), (output) => ({ runId: output.workflowRunId, updateId: output.updateId }));
    },

    async cancel(input, next) {
      const { workflowId, runId } = input.workflowExecution;
      const attempt: Attempt = { operation: 'cancelled', workflowId, workflowType: await typeOf(input.workflowExecution), details: { runId } };
      return audited(attempt, () => next(input), () => ({}));
    },

    async terminate(input, next) {
      const { workflowId, runId } = input.workflowExecution;
      const attempt: Attempt = {
        operation: 'terminated',
        workflowId,
        workflowType: await typeOf(input.workflowExecution),
        details: { runId, reason: input.reason },
      };
      return audited(attempt, () => next(input), () => ({}));
    },
  };
}

/**
 * A ClientPlugin adding auditingClientInterceptor to the Client it configures, with that
 * Client's connection, namespace and identity (unless `identity` is given), so the actor in
 * the log is the identity Temporal records for the same calls.
 */
export function auditingClientPlugin(options: Pick<AuditingClientInterceptorOptions, 'dataSource' | 'identity'>): ClientPlugin {
  return {
    name: 'provenant.client-audit',
    configureClient(clientOptions) {
      // The Client would make this lazy connection itself; made here, describe shares it.
      const connection = clientOptions.connection ?? Connection.lazy();
      const interceptor = auditingClientInterceptor({
        dataSource: options.dataSource,
        connection,
        namespace: clientOptions.namespace,
        identity: options.identity ?? clientOptions.identity,
      });
      const workflow = clientOptions.interceptors?.workflow ?? [];
      return {
        ...clientOptions,
        connection,
        interceptors: {
          ...clientOptions.interceptors,
          // Last, so it is the innermost: it records what the other interceptors finally sent.
          workflow: Array.isArray(workflow) ? [...workflow, interceptor] : { calls: [...(workflow.calls ?? []), () => interceptor] },
        },
      };
    },
  };
}
