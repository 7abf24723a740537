import { badInput } from '../errors';
import { stageRank, type MaturityStage } from './stages';

/**
 * The taxonomy of John, Olsson & Bosch (section 5.3, Fig. 3): a use case's desired stage
 * follows from two criteria, its regulatory compliance (legal and regulatory requirements
 * on its data, models, explanations, monitoring and stakeholders) and the operational
 * excellence it needs (versioning, streamlined development, deployment and retraining,
 * CI/CD, drift alerts, tooling). The paper's quadrant chart puts neither criterion at Ad hoc,
 * regulation without operational demands at Manual MLOps (standardised, reviewable
 * processes and regular stakeholder communication), operational demands without regulation
 * at Automated MLOps, and both at Kaizen. Each axis here has a middle level; its cells are
 * our interpolation between the quadrants, never lower than a neighbour with less demand.
 */
export const TAXONOMY_LEVELS = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type TaxonomyLevel = (typeof TAXONOMY_LEVELS)[number];

/** Desired stage by regulatory compliance (rows), then operational excellence (columns). */
export const DESIRED_STAGES: Record<TaxonomyLevel, Record<TaxonomyLevel, MaturityStage>> = {
  LOW: { LOW: 'AD_HOC', MEDIUM: 'DATA_OPS', HIGH: 'AUTOMATED_MLOPS' },
  MEDIUM: { LOW: 'DATA_OPS', MEDIUM: 'MANUAL_MLOPS', HIGH: 'AUTOMATED_MLOPS' },
  HIGH: { LOW: 'MANUAL_MLOPS', MEDIUM: 'AUTOMATED_MLOPS', HIGH: 'KAIZEN' },
};

export function desiredStage(regulatoryCompliance: TaxonomyLevel, operationalExcellence: TaxonomyLevel): MaturityStage {
  return DESIRED_STAGES[regulatoryCompliance][operationalExcellence];
}

/** How the current stage compares with the desired one; UNKNOWN when nothing could be measured or attested. */
export type Alignment = 'BELOW' | 'ALIGNED' | 'ABOVE' | 'UNKNOWN';

export function alignmentOf(desired: MaturityStage, current: MaturityStage | null): Alignment {
  if (current === null) return 'UNKNOWN';
  const difference = stageRank(current) - stageRank(desired);
  return difference < 0 ? 'BELOW' : difference > 0 ? 'ABOVE' : 'ALIGNED';
}

/** A use case placed in the taxonomy by an admin: a model, or any named use of machine learning. */
export interface MaturityUseCase {
  name: string;
  /** The registered model the use case is about, if it is one model's. */
  modelName: string | null;
  regulatoryCompliance: TaxonomyLevel;
  operationalExcellence: TaxonomyLevel;
  /** Why the levels are what they are: the regulation, the service levels. */
  rationale: string;
  updatedBy: string;
  updatedAt: Date;
}

export type UseCaseDefinition = Pick<MaturityUseCase, 'name' | 'modelName' | 'regulatoryCompliance' | 'operationalExcellence' | 'rationale'>;

/** A name people recognise: 3-100 characters, no control characters, not blank at either end. */
const USE_CASE_NAME = /^[^\s\p{Cc}][^\p{Cc}]{1,98}[^\s\p{Cc}]$/u;
/** A rationale is a sentence an auditor can check ("patient data; EU MDR class IIa"), not a word. */
export const RATIONALE_MIN_LENGTH = 15;
export const RATIONALE_MAX_LENGTH = 2000;

export function checkUseCase(definition: UseCaseDefinition): UseCaseDefinition {
  if (!USE_CASE_NAME.test(definition.name)) throw badInput('input.name', 'must be 3-100 characters without control characters or surrounding spaces, e.g. "classify pathology images"');
  for (const [field, level] of [['input.regulatoryCompliance', definition.regulatoryCompliance], ['input.operationalExcellence', definition.operationalExcellence]] as const) {
    if (!TAXONOMY_LEVELS.includes(level)) throw badInput(field, `must be one of ${TAXONOMY_LEVELS.join(', ')}`);
  }
  const rationale = definition.rationale.trim();
  if (rationale.length < RATIONALE_MIN_LENGTH) {
    throw badInput('input.rationale', `must say why in at least ${RATIONALE_MIN_LENGTH} characters: the regulation that applies, the service the use case must keep up`);
  }
  if (rationale.length > RATIONALE_MAX_LENGTH) throw badInput('input.rationale', `must be at most ${RATIONALE_MAX_LENGTH} characters`);
  return { ...definition, rationale };
}
