import { CancellationScope, CancelledFailure, condition, executeChild, isCancellation, patched, setHandler, startChild } from '@temporalio/workflow';
import type { PipelineActivities } from '../activities';
import { MODEL_VERSION_SUBJECT, type DeployRequest, type GateState } from '../domain/approval';
import type { ApprovalOutcome, ApprovalRequest } from '../domain/approval-request';
import type { PipelineInput } from '../domain/pipeline';
import { workflowSearchAttributes } from '../domain/search-attributes';
import { releaseGateSettledSignal, releaseGateWorkflowId } from '../domain/workflow-contracts';
import { CANCEL_CLOSES_GATE_PATCH, awaitApprovalInPipeline } from './approval-gate';
import { settledGateReader } from './activity-proxies';
import { approvalGateWorkflow } from './approval-gate.workflow';
import type { PipelineRun } from './pipeline-run';

/** Runs started before gates were `approvalGateWorkflow` children hold the gate in the pipeline itself. */
export const APPROVAL_GATE_CHILD_PATCH = 'approval-gate-child-workflow';

/** Runs that asked for their gate before gates reported their outcome by signal wait for the gate's workflow to close. */
export const GATE_SETTLED_SIGNAL_PATCH = 'release-gate-settled-signal';

/** Runs that recorded the approve stage's end apart from the deploy stage's start replay with two writes. */
export const APPROVE_HANDS_OVER_PATCH = 'approve-hands-over-to-deploy';

export interface ReleaseDecision extends Pick<GateState, 'gateId' | 'decisions' | 'deadline'> {
  status: 'APPROVED' | 'REJECTED' | 'EXPIRED';
}

/**
 * The run's approve stage: the same approval gate any workflow can request, about this
 * model version and environment, started by the run's requester. A cancelled gate (or
 * run) ends the run CANCELLED.
 */
export async function approveRelease(
  run: PipelineRun,
  input: PipelineInput,
  deploy: DeployRequest,
  modelVersionId: string,
  bookkeeping: PipelineActivities,
): Promise<ReleaseDecision> {
  await run.begin('approve', 'AWAITING_APPROVAL');
  let gate: ReleaseDecision;
  try {
    const outcome = patched(APPROVAL_GATE_CHILD_PATCH)
      ? await releaseGate(run.workflowId, input, deploy, modelVersionId)
      : await awaitApprovalInPipeline(run.workflowId, modelVersionId, deploy, input.taskQueues, bookkeeping);
    if (outcome.status === 'CANCELLED') throw new CancelledFailure('the approval gate was cancelled');
    // A gate resolves only once decided, expired or cancelled, never while PENDING.
    gate = { ...outcome, status: outcome.status as ReleaseDecision['status'] };
  } catch (failure) {
    if (isCancellation(failure) && patched(CANCEL_CLOSES_GATE_PATCH)) await run.abandon('approve', 'CANCELLED', 'cancelled');
    throw failure;
  }
  // An approved run goes on to deploy, whose start records the approval's end in the same write.
  if (gate.status === 'APPROVED' && patched(APPROVE_HANDS_OVER_PATCH)) run.endWithNextBegin('approve');
  else await run.end('approve', gate.status === 'APPROVED' ? 'SUCCEEDED' : 'FAILED', whyNotApproved(gate));
  return gate;
}

/**
 * The gate's outcome: as soon as the gate signals that its settling decision is recorded,
 * audited and the gate closed, or else when its workflow closes (expired, cancelled,
 * failed). A cancelled run waits for its gate to close CANCELLED, as before. The signal
 * only wakes the run: anyone who can reach Temporal could send it, so the outcome is read
 * from the registry, and a signal the registry does not bear out is ignored.
 */
async function releaseGate(pipelineWorkflowId: string, input: PipelineInput, deploy: DeployRequest, modelVersionId: string): Promise<ApprovalOutcome> {
  const options = gateOptions(pipelineWorkflowId, input, deploy, modelVersionId);
  if (!patched(GATE_SETTLED_SIGNAL_PATCH)) return executeChild(approvalGateWorkflow, options);
  let signals = 0;
  setHandler(releaseGateSettledSignal, () => void (signals += 1));
  const gate = await startChild(approvalGateWorkflow, options);
  const registry = settledGateReader();
  const settledInRegistry = async (): Promise<ApprovalOutcome> => {
    for (let answered = 0; ; ) {
      await condition(() => signals > answered);
      // A signal arriving during the read below asks again.
      answered = signals;
      const outcome = await registry.settledGateOutcome({ gateWorkflowId: options.workflowId });
      if (outcome) return outcome;
    }
  };
  return Promise.race([CancellationScope.nonCancellable(settledInRegistry), gate.result()]);
}

function gateOptions(pipelineWorkflowId: string, input: PipelineInput, deploy: DeployRequest, modelVersionId: string) {
  return {
    workflowId: releaseGateWorkflowId(pipelineWorkflowId, deploy.environment),
    taskQueue: input.taskQueues.pipelines,
    typedSearchAttributes: workflowSearchAttributes('approval_gate', input.modelName, deploy.environment),
    args: [
      {
        subject: { kind: MODEL_VERSION_SUBJECT, id: modelVersionId, title: `${input.modelName} → ${deploy.environment}` },
        requestedBy: input.requestedBy,
        requiredApprovals: deploy.requiredApprovals,
        approvers: deploy.approvers,
        remindAfter: deploy.remindAfterMs,
        expiresAfter: deploy.expiresAfterMs,
        release: { pipelineWorkflowId, modelVersionId, environment: deploy.environment },
      },
    ] as [ApprovalRequest],
  };
}

/** Undefined when approved; otherwise the rejection's author and comment, or the expiry. */
export function whyNotApproved(gate: ReleaseDecision): string | undefined {
  if (gate.status === 'APPROVED') return undefined;
  const rejection = gate.decisions.find((d) => d.decision === 'REJECT');
  return rejection ? `rejected by ${rejection.actor}: ${rejection.comment}` : `approval expired at ${gate.deadline}`;
}
