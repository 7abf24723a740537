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
import { decisionRefusal, gateOutcome, type DeployRequest, type GateDecision, type GateState } from '../domain/approval';
import type { TaskQueues } from '../domain/task-queues';
import { decideGateUpdate, gateStateQuery } from '../domain/workflow-contracts';

/** Shared with the pipeline workflow, which closes the run the same way. */
export const CANCEL_CLOSES_GATE_PATCH = 'cancel-closes-gate';

/**
 * Slack may be down for a while; notifications keep trying in the background and the
 * gate never waits for them (it stays decidable from GraphQL).
 */
function notificationsOn(queues: TaskQueues) {
  return proxyActivities<PipelineActivities>({
    taskQueue: queues.pipelines,
    startToCloseTimeout: '30s',
    retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 30 },
  });
}

function inBackground(what: string, notification: Promise<unknown>): void {
  notification.catch((error: unknown) => log.warn(`Slack notification failed for good: ${what}`, { error: String(error) }));
}

/**
 * Holds the run at its approval gate as durable workflow state: decisions arrive as
 * validated updates (a refused one leaves no trace in history), a quorum approves,
 * any rejection rejects, and timers remind and then expire the gate. The state survives
 * worker and server restarts for as long as the gate is open.
 */
export async function awaitApproval(
  workflowId: string,
  modelVersionId: string,
  deploy: DeployRequest,
  queues: TaskQueues,
  bookkeeping: Pick<PipelineActivities, 'openApprovalGate' | 'recordGateDecision' | 'markGateReminded' | 'closeApprovalGate'>,
): Promise<GateState> {
  const notifications = notificationsOn(queues);
  let gate: GateState | null = null;
  setHandler(gateStateQuery, () => gate);
  setHandler(
    decideGateUpdate,
    async (request) => {
      const { actor, comment, channel } = request;
      const decision: GateDecision = { actor, decision: request.decision, comment, channel, decidedAt: new Date().toISOString() };
      // Applied before the write, so a decision arriving meanwhile is judged against it.
      const before = gate!;
      const decided: GateState = { ...before, decisions: [...before.decisions, decision] };
      gate = { ...decided, status: gateOutcome(decided) };
      try {
        await bookkeeping.recordGateDecision({ gateId: gate.gateId, decision });
      } catch (error) {
        // A decision the log never got must not count: the caller was told it failed.
        gate = before;
        throw error;
      }
      inBackground('decision', notifications.notifyGateDecided({ gateId: gate.gateId }));
      return gate;
    },
    {
      validator: (request) => {
        if (!gate) throw ApplicationFailure.create({ type: 'CONFLICT', message: 'the gate is not open yet', nonRetryable: true });
        const refusal = decisionRefusal(gate, request);
        if (refusal) throw ApplicationFailure.create({ type: refusal.code, message: refusal.message, nonRetryable: true });
      },
    },
  );

  gate = await bookkeeping.openApprovalGate({ workflowId, modelVersionId, deploy });
  inBackground('gate opened', notifications.notifyGateOpened({ gateId: gate.gateId }));
  const decided = () => gate!.status !== 'PENDING';
  try {
    if (!(await condition(decided, deploy.remindAfterMs))) {
      await bookkeeping.markGateReminded({ gateId: gate.gateId });
      inBackground('reminder', notifications.notifyGateReminder({ gateId: gate.gateId }));
      if (!(await condition(decided, deploy.expiresAfterMs - deploy.remindAfterMs))) gate = { ...gate, status: 'EXPIRED' };
    }
  } catch (error) {
    // A cancelled run must not leave a gate open for decisions nobody will act on.
    if (isCancellation(error) && patched(CANCEL_CLOSES_GATE_PATCH)) {
      const cancelled = { ...gate, status: 'CANCELLED' as const };
      gate = cancelled;
      await CancellationScope.nonCancellable(() => bookkeeping.closeApprovalGate({ gateId: cancelled.gateId, status: 'CANCELLED' }));
    }
    throw error;
  }
  // The decision that closed the gate may still be writing its row.
  await condition(allHandlersFinished);
  await bookkeeping.closeApprovalGate({ gateId: gate.gateId, status: gate.status });
  inBackground('gate closed', notifications.notifyGateDecided({ gateId: gate.gateId }));
  return gate;
}
