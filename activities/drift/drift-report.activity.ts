import type { DriftFindings, DriftReportSummary, DriftScanInput, DriftScanPlan } from '../../domain/drift';
import type { ActivityDependencies } from '../dependencies';

export function createDriftReportActivity(deps: ActivityDependencies) {
  return {
    async recordDriftReport(plan: DriftScanPlan, findings: DriftFindings, input: DriftScanInput): Promise<DriftReportSummary> {
      throw new Error(`recordDriftReport: not built yet (${deps.config.taskQueuePrefix} ${plan.scanId} ${findings.driftShare} ${input.modelName})`);
    },
  };
}
