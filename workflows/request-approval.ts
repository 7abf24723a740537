import { executeChild, uuid4, workflowInfo } from '@temporalio/workflow';
import type { ApprovalOutcome, ApprovalRequest } from '../domain/approval-request';
import { approvalGateWorkflow, checkedSpec } from './approval-gate.workflow';

export interface RequestApprovalOptions {
  /** The gate workflow's id (default: this workflow's id + ":approval:" + a deterministic UUID). */
  workflowId?: string;
  /** Where the gate runs (default: this workflow's task queue, whose worker has ProvenantPlugin and re-exports Provenant's workflows). */
  taskQueue?: string;
}

/**
 * Call from your own workflow: asks people for approval through Provenant and resolves
 * when they have decided, or the request expired or was cancelled. The gate is an
 * `approvalGateWorkflow` child, so it survives restarts, shows in the Temporal UI, and is
 * decided from Provenant's GraphQL API, Slack or web UI with every step audited. A
 * malformed request throws an ApplicationFailure (type InvalidInput) naming the field.
 */
export async function requestApproval(request: ApprovalRequest, options: RequestApprovalOptions = {}): Promise<ApprovalOutcome> {
  checkedSpec(request);
  return executeChild(approvalGateWorkflow, {
    workflowId: options.workflowId ?? `${workflowInfo().workflowId}:approval:${uuid4()}`,
    taskQueue: options.taskQueue,
    args: [request],
  });
}
