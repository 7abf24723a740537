import { ApplicationFailure, getExternalWorkflowHandle, workflowInfo } from '@temporalio/workflow';
import type { GateState } from '../domain/approval';
import { ApprovalRequestError, gateSpec, type ApprovalOutcome, type ApprovalRequest, type GateSpec } from '../domain/approval-request';
import { releaseGateSettledSignal } from '../domain/workflow-contracts';
import { gateActivitiesOn } from './activity-proxies';
import { holdApprovalGate } from './approval-gate';

/**
 * A human approval gate for any subject: a model release, a report, a dataset. Opens the
 * gate (audited, with lineage), waits for attested decisions from the API, Slack or the
 * web UI until a quorum approves, someone rejects, or it expires, and returns how it
 * ended. Started as a child by Provenant's pipeline, by `requestApproval` in a user's
 * workflow, or by name from a workflow in any Temporal SDK; its activities run on the
 * task queue it runs on.
 */
export async function approvalGateWorkflow(request: ApprovalRequest): Promise<ApprovalOutcome> {
  const spec = checkedSpec(request);
  const { workflowId } = workflowInfo();
  const bookkeeping = gateActivitiesOn(undefined);
  const gate = await holdApprovalGate(() => bookkeeping.openApprovalGate({ workflowId, spec }), spec, undefined, bookkeeping, true, reportToReleaseRun(spec));
  return outcomeOf(gate);
}

/** The gate resolves only once decided, expired or cancelled, never while PENDING. */
function outcomeOf(gate: GateState): ApprovalOutcome {
  return { gateId: gate.gateId, status: gate.status as ApprovalOutcome['status'], decisions: gate.decisions, deadline: gate.deadline };
}

/** A release gate wakes the pipeline run that started it the moment a decision settles it; other gates report by closing. */
function reportToReleaseRun(spec: GateSpec): (() => Promise<void>) | undefined {
  const { parent } = workflowInfo();
  if (!spec.release || parent?.workflowId !== spec.release.pipelineWorkflowId) return undefined;
  return () => getExternalWorkflowHandle(parent.workflowId, parent.runId).signal(releaseGateSettledSignal);
}

/** A malformed request fails the gate at once, naming the field, instead of retrying a task forever. */
export function checkedSpec(request: ApprovalRequest): GateSpec {
  try {
    return gateSpec(request);
  } catch (error) {
    if (error instanceof ApprovalRequestError) throw ApplicationFailure.create({ type: 'InvalidInput', message: error.message, details: [error.field], nonRetryable: true });
    throw error;
  }
}
