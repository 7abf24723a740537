/**
 * The thresholds the maturity rules apply, in one place so the table in docs/maturity-scorecard.md and the code
 * cannot drift apart. The model itself gives no numbers; these are ours, chosen so a stage
 * means the practice is the normal path (Automated MLOps) or the whole estate (Kaizen).
 */

/** Automated MLOps: validation against a declared data contract is the normal path, leaving room for exploratory runs. */
export const CONTRACT_SHARE_AUTOMATED = 0.8;

/** Automated MLOps: quality checks decide most candidates, not a person reading metrics. */
export const CHECKED_SHARE_AUTOMATED = 0.8;

/** Automated MLOps: most releases are approved canaries rather than operator promotions. */
export const APPROVED_CANARY_SHARE_AUTOMATED = 0.8;

/** Automated MLOps: a labelled share no one keeps up by hand at serving volume, so outcomes are fed back by a process. */
export const LABELLED_SHARE_AUTOMATED = 0.1;

/** Kaizen: most served answers get their outcome, so performance is measured, not guessed from inputs. */
export const LABELLED_SHARE_KAIZEN = 0.5;

/** Automated MLOps: releases happen in at least this share of the window's weeks (a cadence, not an event). */
export const RELEASE_WEEKS_SHARE_AUTOMATED = 0.5;

/** Automated MLOps: at least this many people decide approvals, so no release waits for one person. */
export const DISTINCT_APPROVERS_AUTOMATED = 2;

/** Kaizen: no approver carries more than this share of the decisions. */
export const BUSIEST_APPROVER_SHARE_KAIZEN = 0.5;

/** Kaizen: every gate asks for at least this many approvals. */
export const APPROVALS_PER_GATE_KAIZEN = 2;
