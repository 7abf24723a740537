import type { MaturityAttestation } from './attestation';
import type { AttestedElement, ElementRule, Evidence, PaperElement } from './element-rule';
import type { MaturityMeasurements } from './measurements';
import { MATURITY_ELEMENTS } from './rules';
import { DIMENSION_NAMES, MATURITY_DIMENSIONS, MATURITY_STAGES, STAGE_DESCRIPTIONS, STAGE_NAMES, stageRank, type MaturityDimension, type MaturityStage, type RaisedStage } from './stages';
import { alignmentOf, desiredStage, type Alignment, type MaturityUseCase } from './taxonomy';
import { listOf } from './wording';

export interface NextStage {
  stage: RaisedStage;
  requirement: string;
  /** What is lacking for that stage, each gap a thing to do. */
  missing: string[];
}

/** MEASURED from Provenant's records; ATTESTED by an admin; NOT_ATTESTED: unobservable and nobody has said, so no stage. */
export type ElementStatus = 'MEASURED' | 'ATTESTED' | 'NOT_ATTESTED';

export interface ElementScore extends Omit<PaperElement, 'dimension'> {
  dimension: MaturityDimension;
  source: 'MEASURED' | 'ATTESTED';
  status: ElementStatus;
  /** Null when not attested: an element Provenant cannot observe is never given a stage by default. */
  stage: MaturityStage | null;
  /** What standing at `stage` means for this element (or, not attested, why it has none). */
  stageDescription: string;
  /** For a measured element, what decided its stage; for an attested one, records shown as context. */
  evidence: Evidence[];
  /** Null at Kaizen (there is no stage above) and when not attested. */
  nextStage: NextStage | null;
  attestation: MaturityAttestation | null;
}

export interface StageSummary {
  /** Null when none of its elements has a stage yet. */
  stage: MaturityStage | null;
  reason: string;
}

export interface DimensionScore extends StageSummary {
  dimension: MaturityDimension;
  /** Elements not attested, left out of the stage. */
  notAttested: string[];
}

export interface OverallScore extends StageSummary {
  /** Every element has a stage: none awaits an attestation. */
  complete: boolean;
}

export interface UseCaseScore extends MaturityUseCase {
  desiredStage: MaturityStage;
  /** The deployment's overall stage, which every use case on it shares. */
  currentStage: MaturityStage | null;
  currentStageComplete: boolean;
  alignment: Alignment;
}

export interface MaturityScores {
  elements: ElementScore[];
  dimensions: DimensionScore[];
  overall: OverallScore;
  useCases: UseCaseScore[];
}

const identity = ({ key, dimension, element, paperElement, practiceCodes, source }: PaperElement & { source: 'MEASURED' | 'ATTESTED' }) => ({
  key,
  dimension,
  element,
  paperElement,
  practiceCodes,
  source,
});

/** Climbs the element's ladder until the first requirement its measurements do not meet. */
export function scoreElement(rule: ElementRule, m: MaturityMeasurements): ElementScore {
  let stage: MaturityStage = 'AD_HOC';
  let stageDescription = STAGE_DESCRIPTIONS.AD_HOC;
  const score = { ...identity(rule), status: 'MEASURED' as const, evidence: rule.evidence(m), attestation: null };
  for (const requirement of rule.ladder) {
    const missing = requirement.missing(m);
    if (missing.length > 0) return { ...score, stage, stageDescription, nextStage: { stage: requirement.stage, requirement: requirement.requirement, missing } };
    stage = requirement.stage;
    stageDescription = requirement.requirement;
  }
  return { ...score, stage, stageDescription, nextStage: null };
}

/** The stage an admin attested, with the records that bear on it as context; none without an attestation. */
export function scoreAttestedElement(element: AttestedElement, m: MaturityMeasurements, attestation: MaturityAttestation | null): ElementScore {
  const score = { ...identity(element), evidence: element.context(m) };
  if (attestation === null) {
    return {
      ...score,
      status: 'NOT_ATTESTED',
      stage: null,
      stageDescription: `Not attested. ${element.unobservable} An admin records its stage with attestMaturityElement.`,
      nextStage: null,
      attestation: null,
    };
  }
  const next = MATURITY_STAGES[stageRank(attestation.stage) + 1] as RaisedStage | undefined;
  return {
    ...score,
    status: 'ATTESTED',
    stage: attestation.stage,
    stageDescription: element.stages[attestation.stage],
    nextStage: next
      ? { stage: next, requirement: element.stages[next], missing: ['Provenant cannot observe this: once it holds, an admin attests it with attestMaturityElement, naming the evidence'] }
      : null,
    attestation,
  };
}

function lowestOf(stages: MaturityStage[]): MaturityStage {
  return stages.reduce((low, stage) => (stageRank(stage) < stageRank(low) ? stage : low));
}

const withStage = (elements: ElementScore[]) => elements.filter((element): element is ElementScore & { stage: MaturityStage } => element.stage !== null);

/**
 * A dimension is only as mature as its least mature element (the model treats the stages as
 * cumulative), so it stands at the lowest stage among its measured and attested elements;
 * the reason names them, and names the elements left out for want of an attestation.
 */
export function summariseDimension(dimension: MaturityDimension, elements: ElementScore[]): DimensionScore {
  const own = elements.filter((element) => element.dimension === dimension);
  const known = withStage(own);
  const notAttested = own.filter((element) => element.stage === null).map((element) => element.element);
  if (known.length === 0) return { dimension, stage: null, notAttested, reason: `no stage until attested: ${listOf(notAttested)}` };
  const stage = lowestOf(known.map((element) => element.stage));
  const holding = known.filter((element) => element.stage === stage).map((element) => element.element);
  const counted = notAttested.length === 0 ? 'elements' : 'counted elements';
  const reason =
    holding.length === known.length
      ? `all ${known.length} ${counted} stand at ${STAGE_NAMES[stage]}`
      : `held at ${STAGE_NAMES[stage]} by ${listOf(holding)}; the other ${known.length - holding.length} ${counted} stand higher`;
  return { dimension, stage, notAttested, reason: notAttested.length === 0 ? reason : `${reason}; not attested, so not counted: ${listOf(notAttested)}` };
}

/** The whole deployment stands at its least mature dimension; it is complete only when no element awaits an attestation. */
export function summariseOverall(dimensions: DimensionScore[], elements: ElementScore[]): OverallScore {
  const notAttested = elements.filter((element) => element.stage === null).map((element) => element.element);
  const complete = notAttested.length === 0;
  const known = dimensions.filter((dimension): dimension is DimensionScore & { stage: MaturityStage } => dimension.stage !== null);
  const incomplete = complete ? '' : `; incomplete until attested: ${listOf(notAttested)}`;
  if (known.length === 0) return { stage: null, complete, reason: `nothing measured or attested${incomplete}` };
  const stage = lowestOf(known.map((dimension) => dimension.stage));
  const holding = known
    .filter((dimension) => dimension.stage === stage)
    .map((dimension) => {
      const names = elements.filter((element) => element.dimension === dimension.dimension && element.stage === stage).map((element) => element.element);
      return `${DIMENSION_NAMES[dimension.dimension]} (${listOf(names)})`;
    });
  return { stage, complete, reason: `held at ${STAGE_NAMES[stage]} by ${listOf(holding)}${incomplete}` };
}

/** Each use case's desired stage from the taxonomy, beside the stage the deployment stands at. */
export function scoreUseCases(useCases: MaturityUseCase[], overall: OverallScore): UseCaseScore[] {
  return useCases.map((useCase) => {
    const desired = desiredStage(useCase.regulatoryCompliance, useCase.operationalExcellence);
    return { ...useCase, desiredStage: desired, currentStage: overall.stage, currentStageComplete: overall.complete, alignment: alignmentOf(desired, overall.stage) };
  });
}

/** `attestations`: the newest per element (older ones are history); `useCases`: as admins placed them. */
export function scoreMaturity(m: MaturityMeasurements, attestations: MaturityAttestation[] = [], useCases: MaturityUseCase[] = []): MaturityScores {
  const elements = MATURITY_ELEMENTS.map((element) =>
    element.source === 'MEASURED' ? scoreElement(element, m) : scoreAttestedElement(element, m, attestations.find((attestation) => attestation.elementKey === element.key) ?? null),
  );
  const dimensions = MATURITY_DIMENSIONS.map((dimension) => summariseDimension(dimension, elements));
  const overall = summariseOverall(dimensions, elements);
  return { elements, dimensions, overall, useCases: scoreUseCases(useCases, overall) };
}
