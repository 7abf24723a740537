import type { DriftScanInput, DriftScanPlan } from '../../domain/drift';
import type { ActivityDependencies } from '../dependencies';

export function createPlanDriftScanActivity(deps: ActivityDependencies) {
  return {
    /** Resolves model version, reference and current samples and columns; windowEnd is the workflow's clock. */
    async planDriftScan(input: DriftScanInput, scanId: string, windowEnd: string): Promise<DriftScanPlan> {
      throw new Error(`planDriftScan: not built yet (${deps.config.taskQueuePrefix} ${input.modelName} ${scanId} ${windowEnd})`);
    },
  };
}
