/**
 * The thresholds the maturity rules apply, in one place so the table in docs/maturity.md and the code
 * cannot drift apart. The model itself gives no numbers; these are ours, chosen so a stage
 * means the practice is the normal path (Automated MLOps) or the whole estate (Kaizen).
 */

/** Automated MLOps: validation against a declared data contract is the normal path, leaving room for exploratory runs. */
export const CONTRACT_SHARE_AUTOMATED = 0.8;

/** Automated MLOps: quality checks decide most candidates, not a person reading metrics. */
export const CHECKED_SHARE_AUTOMATED = 0.8;

/** Automated MLOps: most releases are approved canaries rather than operator promotions. */
export const APPROVED_CANARY_SHARE_AUTOMATED = 0.8;

/** Automated MLOps: releases happen in at least this share of the window's weeks (a cadence, not an event). */
export const RELEASE_WEEKS_SHARE_AUTOMATED = 0.5;
