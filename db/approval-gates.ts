import type { GateState } from '../domain/approval';
import type { ApprovalDecisionEntity, ApprovalGateEntity } from './entities';

/** A stored gate and its decisions, in the shape the workflow holds and the API returns. */
export function gateState(gate: ApprovalGateEntity, decisions: ApprovalDecisionEntity[]): GateState {
  return {
    gateId: gate.id,
    workflowId: gate.workflowId,
    environment: gate.environment,
    status: gate.status,
    requiredApprovals: gate.requiredApprovals,
    approvers: gate.eligibleApprovers,
    requestedBy: gate.requestedBy,
    deadline: gate.deadline!.toISOString(),
    decisions: decisions.map((d) => ({ actor: d.actor, decision: d.decision, comment: d.comment, channel: d.channel, decidedAt: d.decidedAt.toISOString() })),
  };
}
