import type { MaturityMeasurements } from './measurements';
import type { MaturityDimension, RaisedStage } from './stages';

/** Which span of the records a measurement covers. */
export type EvidenceScope = 'WINDOW' | 'ALL_TIME' | 'NOW';

/** One named measurement behind a stage: its value, what it means in words, and its span. */
export interface Evidence {
  name: string;
  value: number;
  detail: string;
  scope: EvidenceScope;
}

/** What an element must show to stand at one stage, and what is missing when it does not. */
export interface StageRequirement {
  stage: RaisedStage;
  /** The stage's description for this element, paraphrasing the model. */
  requirement: string;
  /** Empty when the requirement is met; otherwise each gap, in words a platform team can act on. */
  missing(m: MaturityMeasurements): string[];
}

/**
 * One element of the model: its evidence, and the requirements of DataOps, Manual MLOps,
 * Automated MLOps and Kaizen in that order. Stages build on each other: an element stands
 * at the highest stage whose requirement and every lower one are met.
 */
export interface ElementRule {
  key: string;
  dimension: MaturityDimension;
  element: string;
  evidence(m: MaturityMeasurements): Evidence[];
  ladder: [StageRequirement, StageRequirement, StageRequirement, StageRequirement];
}
