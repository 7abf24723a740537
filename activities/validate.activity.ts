import { ApplicationFailure } from '@temporalio/activity';
import { findDatasetVersion } from '../db/datasets';
import { inTransaction, mustExist } from '../db/db';
import { findPipelineRun } from '../db/pipeline-runs';
import { findValidationReport, saveValidationReport } from '../db/validation-reports';
import type { PipelineInput, ValidationSummary } from '../domain/pipeline';
import { worstStatus, type ValidationCheck, type ValidationResult } from '../domain/validation';
import { checkTrainingColumns } from '../ml/validation/training-columns';
import { describeFailures, validateData } from '../ml/validation/validate-data';
import type { TypedTable } from '../ml/tabular/table';
import { readDatasetTable } from '../storage/dataset-table';
import { PIPELINE_ACTOR, type ActivityDependencies } from './dependencies';
import { invalidInput } from './failures';
import { markStageAttempt } from './stage-progress';
import { MIN_TRAINING_ROWS, splitRows, usableRows } from './training-data';

export function createValidateActivity(deps: ActivityDependencies) {
  return {
    /**
     * Runs the data contract and the automatic checks on the data itself and stores the
     * report. Any FAIL ends the pipeline without retries, naming the failed checks.
     */
    async validateTrainingData(input: PipelineInput & { workflowId: string }): Promise<ValidationSummary> {
      await markStageAttempt(deps.dataSource, input.workflowId, 'validate');
      const version = await findDatasetVersion(deps.dataSource, input.datasetVersionId);
      if (!version) throw invalidInput('input.datasetVersionId', `dataset version ${input.datasetVersionId} not found`);
      const table = await readDatasetTable(deps.store, version);
      const rows = usableRows(table, input);
      const validation = validateData({
        table,
        expectations: input.expectations,
        training: { ...input, rows, split: rows.length >= MIN_TRAINING_ROWS && !hasProblems(table, input) ? splitRows(table, rows, input) : undefined },
      });
      const result = withRowCount(validation, rows.length);
      const report = await inTransaction(deps.dataSource, async (tx) => {
        const run = mustExist(await findPipelineRun(tx, { workflowId: input.workflowId }), `pipeline run ${input.workflowId}`);
        // A retried attempt finds the report the first one stored.
        const existing = await findValidationReport(tx, { pipelineRunId: run.id });
        return (
          existing ??
          saveValidationReport(tx, {
            datasetVersionId: version.id,
            pipelineRunId: run.id,
            result,
            expectations: input.expectations,
            target: input.target,
            features: input.features,
            createdBy: PIPELINE_ACTOR,
          })
        );
      });
      if (report.status === 'FAIL') {
        throw ApplicationFailure.create({
          type: 'ValidationFailed',
          nonRetryable: true,
          message: `validation failed: ${describeFailures({ status: report.status, checks: report.checks })}`,
          details: [{ validationReportId: report.id }],
        });
      }
      return { reportId: report.id, status: report.status, rowCount: table.rowCount, usableRowCount: rows.length, columns: table.schema };
    },
  };
}

function withRowCount(result: ValidationResult, usable: number): ValidationResult {
  const check: ValidationCheck = {
    name: 'usable_rows',
    column: null,
    observed: usable,
    threshold: MIN_TRAINING_ROWS,
    status: usable >= MIN_TRAINING_ROWS ? 'PASS' : 'FAIL',
    message:
      usable >= MIN_TRAINING_ROWS
        ? `${usable} rows have a target value`
        : `only ${usable} rows have a target value; at least ${MIN_TRAINING_ROWS} are needed`,
  };
  const checks = [...result.checks, check];
  return { status: worstStatus(checks), checks };
}

/** A split needs a usable target; the column problems themselves are reported as checks. */
function hasProblems(table: TypedTable, input: PipelineInput): boolean {
  return checkTrainingColumns(table.schema, input).length > 0;
}
