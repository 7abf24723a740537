import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { PipelineActivities } from '../activities';
import { decisionRefusal, gateOutcome, type AttestedDecision, type DeployRequest, type GateDecision, type GateState } from '../domain/approval';
import { attestationRefusal } from '../domain/decision-attestation';
import type { TaskQueues } from '../domain/task-queues';
import { decideGateUpdate, gateStateQuery } from '../domain/workflow-contracts';
import { gateDecisionWriter } from './activity-proxies';
import { trustedDecisionKeys } from './trusted-decision-keys';

/** Shared with the pipeline workflow, which closes the run the same way. */
export const CANCEL_CLOSES_GATE_PATCH = 'cancel-closes-gate';

/** Gates opened before approval policies time their reminder and expiry by the request alone. */
export const GATE_POLICY_TIMING_PATCH = 'gate-policy-timing';

/**
 * Gates decided before decisions were written by a local activity, in the workflow task
 * that validated them, wrote each with an activity of its own, and closed a gate settled
 * by a decision with another.
 */
export const DECISION_WRITTEN_IN_TASK_PATCH = 'decision-written-in-its-task';

type GateActivities = Pick<PipelineActivities, 'recordGateDecision' | 'markGateReminded' | 'closeApprovalGate'>;

/**
 * Slack may be down for a while; notifications keep trying in the background and the
 * gate never waits for them (it stays decidable from GraphQL).
 */
function notificationsOn(taskQueue: string | undefined) {
  return proxyActivities<PipelineActivities>({
    taskQueue,
    startToCloseTimeout: '30s',
    retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 30 },
  });
}

function inBackground(what: string, notification: Promise<unknown>): void {
  notification.catch((error: unknown) => log.warn(`Slack notification failed for good: ${what}`, { error: String(error) }));
}

export interface GateTiming {
  remindAfterMs: number;
  expiresAfterMs: number;
}

/**
 * Holds a workflow at an approval gate as durable workflow state: decisions arrive as
 * validated updates (an unattested or refused one leaves no trace in history), a quorum
 * approves, any rejection rejects, and timers remind and then expire the gate. The state
 * survives worker and server restarts for as long as the gate is open. `open` writes the
 * gate's row; the activities run on `taskQueue` (the workflow's own when undefined). A
 * cancelled gate is closed CANCELLED, then resolves so (`resolveWhenCancelled`) or rethrows.
 * A decision is written (recorded, audited) by a local activity inside the workflow task
 * that validated it, and its update completes only once that write committed.
 * With `reportSettled`, the decision that settles the gate closes it in the same write, and
 * the gate reports its outcome in the workflow task that completes that decision's update,
 * so whoever waits on it moves on without waiting for the gate's workflow to close.
 */
export async function holdApprovalGate(
  open: () => Promise<GateState>,
  timing: GateTiming,
  taskQueue: string | undefined,
  bookkeeping: GateActivities,
  resolveWhenCancelled: boolean,
  reportSettled?: () => Promise<void>,
): Promise<GateState> {
  const notifications = notificationsOn(taskQueue);
  const decisionWriter = gateDecisionWriter();
  let gate: GateState | null = null;
  /** Resolves once the outcome has been reported, when the settling decision closed the gate. */
  let reported: Promise<void> | null = null;
  setHandler(gateStateQuery, () => gate);
  setHandler(
    decideGateUpdate,
    async (request) => {
      const { actor, comment, channel, role, issuedAt, signature } = request as AttestedDecision;
      const decision: GateDecision = {
        actor,
        decision: request.decision,
        comment,
        channel,
        decidedAt: new Date().toISOString(),
        attestation: signature ? { role, issuedAt, signature } : null,
      };
      // Applied before the write, so a decision arriving meanwhile is judged against it.
      const before = gate!;
      const decided: GateState = { ...before, decisions: [...before.decisions, decision] };
      gate = { ...decided, status: gateOutcome(decided) };
      const inTask = patched(DECISION_WRITTEN_IN_TASK_PATCH);
      const closesAs = inTask && reportSettled && gate.status !== 'PENDING' ? gate.status : undefined;
      try {
        await (inTask ? decisionWriter : bookkeeping).recordGateDecision({ gateId: gate.gateId, decision, ...(closesAs ? { closesAs } : {}) });
      } catch (error) {
        // A decision the log never got must not count: the caller was told it failed.
        gate = before;
        throw error;
      }
      // Recorded, attested and audited, and the gate closed: only now may anyone act on the outcome.
      if (closesAs) reported = reportSettled!().catch((error: unknown) => log.warn('the gate could not report its outcome', { gateId: gate!.gateId, error: String(error) }));
      inBackground('decision', notifications.notifyGateDecided({ gateId: gate.gateId }));
      return gate;
    },
    {
      // Validators never run on replay, so checking attestations here changes no history.
      validator: (request) => {
        if (!gate) throw ApplicationFailure.create({ type: 'CONFLICT', message: 'the gate is not open yet', nonRetryable: true });
        const forged = attestationRefusal(request as Partial<AttestedDecision>, gate.gateId, trustedDecisionKeys(), Date.now());
        // Someone reached Temporal directly: worth an operator's attention, though nothing reaches history.
        if (forged) log.warn('unattested decision refused', { gateId: gate.gateId, actor: String(request.actor), reason: forged.message });
        const refusal = forged ?? decisionRefusal(gate, request);
        if (refusal) throw ApplicationFailure.create({ type: refusal.code, message: refusal.message, nonRetryable: true });
      },
    },
  );

  gate = await open();
  // The gate's approval policy may have brought its reminder and expiry forward.
  const timers = patched(GATE_POLICY_TIMING_PATCH) ? effectiveTiming(gate, timing) : timing;
  inBackground('gate opened', notifications.notifyGateOpened({ gateId: gate.gateId }));
  const decided = () => gate!.status !== 'PENDING';
  try {
    if (!(await condition(decided, timers.remindAfterMs))) {
      await bookkeeping.markGateReminded({ gateId: gate.gateId });
      inBackground('reminder', notifications.notifyGateReminder({ gateId: gate.gateId }));
      if (!(await condition(decided, timers.expiresAfterMs - timers.remindAfterMs))) gate = { ...gate, status: 'EXPIRED' };
    }
  } catch (error) {
    // A cancelled gate must not stay open for decisions nobody will act on.
    if (isCancellation(error) && patched(CANCEL_CLOSES_GATE_PATCH)) {
      const cancelled = { ...gate, status: 'CANCELLED' as const };
      gate = cancelled;
      await CancellationScope.nonCancellable(() => bookkeeping.closeApprovalGate({ gateId: cancelled.gateId, status: 'CANCELLED' }));
      if (resolveWhenCancelled) return cancelled;
    }
    throw error;
  }
  // The decision that closed the gate may still be writing its row.
  await condition(allHandlersFinished);
  if (reported) {
    // Closed by its decision, whose notification shows the closed gate. Waiting for the report
    // to be delivered also keeps the workflow open past the task that scheduled that
    // notification: an activity that has not started when its workflow closes never runs.
    await reported;
    return gate;
  }
  await bookkeeping.closeApprovalGate({ gateId: gate.gateId, status: gate.status });
  inBackground('gate closed', notifications.notifyGateDecided({ gateId: gate.gateId }));
  return gate;
}

/** The timing the opened gate runs by (what its policy made of the request's), or the request's for gates that do not say. */
function effectiveTiming(gate: GateState, requested: GateTiming): GateTiming {
  if (!gate.remindAfterMs || !gate.expiresAfterMs) return requested;
  return { remindAfterMs: gate.remindAfterMs, expiresAfterMs: gate.expiresAfterMs };
}

/**
 * Runs started before gates became child workflows hold theirs inside the pipeline
 * workflow; their histories replay through this path.
 */
export function awaitApprovalInPipeline(
  workflowId: string,
  modelVersionId: string,
  deploy: DeployRequest,
  queues: TaskQueues,
  bookkeeping: GateActivities & Pick<PipelineActivities, 'openApprovalGate'>,
): Promise<GateState> {
  return holdApprovalGate(() => bookkeeping.openApprovalGate({ workflowId, modelVersionId, deploy }), deploy, queues.pipelines, bookkeeping, false);
}
