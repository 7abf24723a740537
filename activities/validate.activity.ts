import type { PipelineInput, ValidationSummary } from '../domain/pipeline';
import type { ActivityDependencies } from './dependencies';
import { markStageAttempt } from './stage-progress';
import { loadTrainingData } from './training-data';

export function createValidateActivity(deps: ActivityDependencies) {
  return {
    /** Re-checks the request against the data itself; any problem fails the pipeline, naming the field. */
    async validateTrainingData(input: PipelineInput & { workflowId: string }): Promise<ValidationSummary> {
      await markStageAttempt(deps.dataSource.manager, input.workflowId, 'validate');
      const data = await loadTrainingData(deps, input);
      return {
        rowCount: data.table.rowCount,
        usableRowCount: data.target.length,
        columns: data.table.schema,
      };
    },
  };
}
