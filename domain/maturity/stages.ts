/**
 * The vocabulary of the MLOps maturity model of Meenu Mary John, Helena Holmström Olsson and
 * Jan Bosch: "An empirical guide to MLOps adoption: Framework, maturity model and taxonomy",
 * Information and Software Technology 183 (2025) 107725, doi:10.1016/j.infsof.2025.107725,
 * which revises their "Towards MLOps: A Framework and Maturity Model" (SEAA 2021, pp. 334-341).
 * Five stages, assessed over elements grouped in five dimensions; the wording here is ours.
 */

export const MATURITY_STAGES = ['AD_HOC', 'DATA_OPS', 'MANUAL_MLOPS', 'AUTOMATED_MLOPS', 'KAIZEN'] as const;
export type MaturityStage = (typeof MATURITY_STAGES)[number];
/** The stages an element can climb to; Ad hoc is where every element starts. */
export type RaisedStage = Exclude<MaturityStage, 'AD_HOC'>;

export const STAGE_NAMES: Record<MaturityStage, string> = {
  AD_HOC: 'Ad hoc',
  DATA_OPS: 'DataOps',
  MANUAL_MLOPS: 'Manual MLOps',
  AUTOMATED_MLOPS: 'Automated MLOps',
  KAIZEN: 'Kaizen',
};

/** What each stage means across the whole lifecycle, paraphrased from the model. */
export const STAGE_DESCRIPTIONS: Record<MaturityStage, string> = {
  AD_HOC: 'Machine learning is done by hand, case by case; nothing about it is recorded in a way others can rely on.',
  DATA_OPS: 'Data is handled systematically (versioned, checked, profiled) while models are still built, released and watched by hand.',
  MANUAL_MLOPS: 'Models follow a defined, recorded lifecycle from training to monitoring, but people start and steer every step.',
  AUTOMATED_MLOPS: 'The lifecycle runs as automated pipelines: triggers, checks, releases and rollbacks need nobody to drive them; people keep the decisions.',
  KAIZEN: 'The automated lifecycle covers every model and is itself improved continuously, with feedback from production flowing back into data and models.',
};

export const MATURITY_DIMENSIONS = ['DATA', 'MODEL', 'DEPLOYMENT', 'OPERATIONS_AND_INFRASTRUCTURE', 'ORGANISATION'] as const;
export type MaturityDimension = (typeof MATURITY_DIMENSIONS)[number];

export const DIMENSION_NAMES: Record<MaturityDimension, string> = {
  DATA: 'Data',
  MODEL: 'Model',
  DEPLOYMENT: 'Deployment',
  OPERATIONS_AND_INFRASTRUCTURE: 'Operations & infrastructure',
  ORGANISATION: 'Organisation',
};

export const MATURITY_MODEL_CITATION =
  'M. M. John, H. H. Olsson, J. Bosch: "An empirical guide to MLOps adoption: Framework, maturity model and taxonomy", ' +
  'Information and Software Technology 183 (2025) 107725, doi:10.1016/j.infsof.2025.107725; ' +
  'first published as "Towards MLOps: A Framework and Maturity Model", SEAA 2021, pp. 334-341.';

export function stageRank(stage: MaturityStage): number {
  return MATURITY_STAGES.indexOf(stage);
}
