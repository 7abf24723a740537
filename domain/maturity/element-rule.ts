import type { MaturityMeasurements } from './measurements';
import type { MaturityDimension, MaturityStage, RaisedStage } from './stages';

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

/** Where an element of the paper's framework stands in it: its row of Table 9 and the practice codes of Table 5 it covers. */
export interface PaperElement {
  key: string;
  dimension: MaturityDimension;
  /** Our name for the element. */
  element: string;
  /** The element as the paper's Table 9 words it (shortened), so every row traces back to it. */
  paperElement: string;
  /** The practice codes of the paper's Table 5 (D1-D6, M1-M4, DY1-DY3, OI1-OI3, OG1-OG2) the element covers. */
  practiceCodes: string[];
}

/**
 * An element Provenant judges from its own records: its evidence, and the requirements of
 * DataOps, Manual MLOps, Automated MLOps and Kaizen in that order. Stages build on each
 * other: an element stands at the highest stage whose requirement and every lower one are met.
 */
export interface ElementRule extends PaperElement {
  source: 'MEASURED';
  evidence(m: MaturityMeasurements): Evidence[];
  ladder: [StageRequirement, StageRequirement, StageRequirement, StageRequirement];
}

/**
 * An element Provenant cannot observe (what people talk about, how a team is organised,
 * tools outside it): an admin's recorded attestation gives its stage, never an assumption.
 * Records that bear on it are still shown beside the attestation, as context.
 */
export interface AttestedElement extends PaperElement {
  source: 'ATTESTED';
  /** Why Provenant's records cannot decide the stage. */
  unobservable: string;
  /** What each stage means for this element, paraphrasing the paper's row. */
  stages: Record<MaturityStage, string>;
  context(m: MaturityMeasurements): Evidence[];
}

export type MaturityElementDefinition = ElementRule | AttestedElement;
