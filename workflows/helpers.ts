/**
 * What a user's own workflow code imports (`provenant/workflow`): deterministic and safe
 * in Temporal's workflow bundle.
 */
export { requestApproval, type RequestApprovalOptions } from './request-approval';
export type { ApprovalOutcome, ApprovalRequest } from '../domain/approval-request';
export type { ApprovalSubject, EvidenceLink, GateDecision } from '../domain/approval';
