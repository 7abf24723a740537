import type { ConceptDriftResult, DriftScanPlan } from '../../domain/drift';
import type { ActivityDependencies } from '../dependencies';

export function createConceptDriftActivity(deps: ActivityDependencies) {
  return {
    async computeConceptDrift(plan: DriftScanPlan): Promise<ConceptDriftResult | null> {
      throw new Error(`computeConceptDrift: not built yet (${deps.config.taskQueuePrefix} ${plan.scanId})`);
    },
  };
}
