import type { ColumnDriftResult, DriftScanPlan } from '../../domain/drift';
import type { ActivityDependencies } from '../dependencies';

export function createColumnDriftActivity(deps: ActivityDependencies) {
  return {
    /** Drift of some of the plan's columns, streaming the current sample. */
    async computeColumnDrift(plan: DriftScanPlan, columns: string[]): Promise<ColumnDriftResult[]> {
      throw new Error(`computeColumnDrift: not built yet (${deps.config.taskQueuePrefix} ${plan.scanId} ${columns.join(',')})`);
    },
  };
}
