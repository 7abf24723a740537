import type { ElementRule, Evidence } from './element-rule';
import type { MaturityMeasurements } from './measurements';
import { MATURITY_RULES } from './rules';
import { DIMENSION_NAMES, MATURITY_DIMENSIONS, STAGE_DESCRIPTIONS, STAGE_NAMES, stageRank, type MaturityDimension, type MaturityStage, type RaisedStage } from './stages';
import { listOf } from './wording';

export interface NextStage {
  stage: RaisedStage;
  requirement: string;
  /** What the records lack for that stage, each gap a thing to do. */
  missing: string[];
}

export interface ElementScore {
  key: string;
  dimension: MaturityDimension;
  element: string;
  stage: MaturityStage;
  /** What standing at `stage` means for this element. */
  stageDescription: string;
  evidence: Evidence[];
  /** Null at Kaizen: there is no stage above. */
  nextStage: NextStage | null;
}

export interface StageSummary {
  stage: MaturityStage;
  reason: string;
}

export interface DimensionScore extends StageSummary {
  dimension: MaturityDimension;
}

export interface MaturityScores {
  elements: ElementScore[];
  dimensions: DimensionScore[];
  overall: StageSummary;
}

/** Climbs the element's ladder until the first requirement its measurements do not meet. */
export function scoreElement(rule: ElementRule, m: MaturityMeasurements): ElementScore {
  let stage: MaturityStage = 'AD_HOC';
  let stageDescription = STAGE_DESCRIPTIONS.AD_HOC;
  const score = { key: rule.key, dimension: rule.dimension, element: rule.element, evidence: rule.evidence(m) };
  for (const requirement of rule.ladder) {
    const missing = requirement.missing(m);
    if (missing.length > 0) return { ...score, stage, stageDescription, nextStage: { stage: requirement.stage, requirement: requirement.requirement, missing } };
    stage = requirement.stage;
    stageDescription = requirement.requirement;
  }
  return { ...score, stage, stageDescription, nextStage: null };
}

function lowestOf(stages: MaturityStage[]): MaturityStage {
  return stages.reduce((low, stage) => (stageRank(stage) < stageRank(low) ? stage : low));
}

/**
 * A dimension is only as mature as its least mature element (the model treats the stages as
 * cumulative), so it stands at the lowest of its elements' stages; the reason names them.
 */
export function summariseDimension(dimension: MaturityDimension, elements: ElementScore[]): DimensionScore {
  const own = elements.filter((element) => element.dimension === dimension);
  const stage = lowestOf(own.map((element) => element.stage));
  const holding = own.filter((element) => element.stage === stage).map((element) => element.element);
  const reason =
    holding.length === own.length
      ? `all ${own.length} elements stand at ${STAGE_NAMES[stage]}`
      : `held at ${STAGE_NAMES[stage]} by ${listOf(holding)}; the other ${own.length - holding.length} elements stand higher`;
  return { dimension, stage, reason };
}

/** The whole deployment stands at its least mature dimension. */
export function summariseOverall(dimensions: DimensionScore[], elements: ElementScore[]): StageSummary {
  const stage = lowestOf(dimensions.map((dimension) => dimension.stage));
  const holding = dimensions
    .filter((dimension) => dimension.stage === stage)
    .map((dimension) => {
      const names = elements.filter((element) => element.dimension === dimension.dimension && element.stage === stage).map((element) => element.element);
      return `${DIMENSION_NAMES[dimension.dimension]} (${listOf(names)})`;
    });
  return { stage, reason: `held at ${STAGE_NAMES[stage]} by ${listOf(holding)}` };
}

export function scoreMaturity(m: MaturityMeasurements): MaturityScores {
  const elements = MATURITY_RULES.map((rule) => scoreElement(rule, m));
  const dimensions = MATURITY_DIMENSIONS.map((dimension) => summariseDimension(dimension, elements));
  return { elements, dimensions, overall: summariseOverall(dimensions, elements) };
}
