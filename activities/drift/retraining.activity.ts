import type { RetrainingDecision } from '../../domain/drift';
import type { PipelineInput } from '../../domain/pipeline';
import type { ActivityDependencies } from '../dependencies';

export interface RetrainingOutcome {
  decision: RetrainingDecision;
  /** The pipeline the scan workflow must start (as an abandoned child) when the decision is STARTED. */
  start: { workflowId: string; input: PipelineInput } | null;
}

export function createRetrainingActivity(deps: ActivityDependencies) {
  return {
    async applyRetrainingPolicy(reportId: string): Promise<RetrainingOutcome> {
      throw new Error(`applyRetrainingPolicy: not built yet (${deps.config.taskQueuePrefix} ${reportId})`);
    },
  };
}
