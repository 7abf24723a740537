/**
 * Ensembles: registered versions combined into one model (seed 003's "synthesizing").
 * The recipe travels in the pipeline input, so the register stage can link the new
 * version to its members and provenance can list them.
 */
export const ENSEMBLE_METHODS = ['VOTING', 'SOFT_VOTING', 'AVERAGING', 'STACKING'] as const;
export type EnsembleMethod = (typeof ENSEMBLE_METHODS)[number];

/** Methods that need class labels or probabilities, so only classifiers can use them. */
export const CLASSIFICATION_ONLY_METHODS: readonly EnsembleMethod[] = ['VOTING', 'SOFT_VOTING'];

export interface EnsembleMember {
  modelVersionId: string;
  modelName: string;
  version: number;
  artifactSha256: string;
  /** Share of the member in a vote or average, normalised to sum to 1; null for STACKING, whose meta-model learns them. */
  weight: number | null;
}

export interface EnsembleRecipe {
  method: EnsembleMethod;
  members: EnsembleMember[];
  /** STACKING: the rows the meta-model was fitted on, none of which any member trained on. */
  metaModelRowCount: number | null;
}

/** The trainer recorded for an ensemble, e.g. `ensemble:averaging`. */
export function ensembleTrainer(method: EnsembleMethod): string {
  return `${ENSEMBLE_TRAINER_PREFIX}${method.toLowerCase()}`;
}

export const ENSEMBLE_TRAINER_PREFIX = 'ensemble:';
