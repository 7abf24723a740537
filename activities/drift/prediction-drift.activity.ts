import type { ColumnDriftResult, DriftScanPlan } from '../../domain/drift';
import type { ActivityDependencies } from '../dependencies';

export function createPredictionDriftActivity(deps: ActivityDependencies) {
  return {
    async computePredictionDrift(plan: DriftScanPlan): Promise<ColumnDriftResult | null> {
      throw new Error(`computePredictionDrift: not built yet (${deps.config.taskQueuePrefix} ${plan.scanId})`);
    },
  };
}
