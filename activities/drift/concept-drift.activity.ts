import type { ConceptDriftResult, DriftScanPlan } from '../../domain/drift';
import { emptyErrorStreamDetectors, observeError } from '../../ml/concept-drift/error-stream-detectors';
import { addToWindows, emptyEqualCountWindows, performanceWindows } from '../../ml/concept-drift/equal-count-windows';
import { keepAliveWhile } from '../batch-scoring.activity';
import type { ActivityDependencies } from '../dependencies';
import { DRIFT_COMPUTE_OPTIONS, type DriftComputeOptions } from './drift-compute-options';
import { forEachChunk, inReadSnapshot } from './read-snapshot';

interface LabelledPrediction {
  logged_at: Date;
  /** Classification: whether the predicted label differs from the true one. Regression: |prediction − truth|. */
  value: boolean | number;
}

export function createConceptDriftActivity(deps: ActivityDependencies, options: DriftComputeOptions = DRIFT_COMPUTE_OPTIONS) {
  return {
    /**
     * Concept drift of the scanned version in the environment: its predictions that have
     * ground truth, from the first ever logged to the end of the window, in logged order.
     * Classification errors (predicted label ≠ true label, compared as text) feed DDM and
     * EDDM; both classification and regression (absolute error; rows whose prediction or
     * label is not a number are left out) are cut into equal-count performance windows.
     * Streamed in one snapshot (a count, then a cursor), keeping only running sums, the
     * detectors' states and their events. Null for a dataset-version scan, which has no
     * ground truth.
     */
    async computeConceptDrift(plan: DriftScanPlan): Promise<ConceptDriftResult | null> {
      if (plan.current.kind !== 'prediction_log') return null;
      const classification = plan.task === 'CLASSIFICATION';
      const labelled = `FROM ground_truth g JOIN prediction_log p ON p.request_id = g.request_id AND p.row_index = g.row_index
        WHERE p.model_name = $1 AND p.environment = $2 AND p.model_version_id = $3 AND p.role <> 'shadow' AND p.output IS NOT NULL AND p.logged_at < $4
        ${classification ? '' : `AND jsonb_typeof(p.output->'prediction') = 'number' AND jsonb_typeof(g.label) = 'number'`}`;
      const value = classification
        ? `(p.output->>'label') IS DISTINCT FROM (g.label #>> '{}')`
        : `abs((p.output->>'prediction')::float8 - (g.label #>> '{}')::float8)`;
      const parameters = [plan.modelName, plan.current.environment, plan.modelVersionId, plan.current.to];
      return inReadSnapshot(deps.dataSource, async (runner) => {
        const [{ rows }] = await keepAliveWhile(runner.query(`SELECT count(*)::bigint AS rows ${labelled}`, parameters), undefined);
        const windows = emptyEqualCountWindows(Number(rows));
        const detectors = classification ? emptyErrorStreamDetectors<string>() : null;
        await forEachChunk<LabelledPrediction>(
          runner,
          `SELECT p.logged_at, ${value} AS value ${labelled} ORDER BY p.logged_at, p.request_id, p.row_index`,
          parameters,
          (chunk) => {
            for (const row of chunk) {
              const at = row.logged_at.toISOString();
              if (detectors) observeError(detectors, row.value as boolean, at);
              addToWindows(windows, at, Number(row.value));
            }
          },
          options.fetchRows,
        );
        return {
          labelledRows: windows.total,
          metric: classification ? 'error_rate' : 'mean_absolute_error',
          windows: performanceWindows(windows),
          ddm: detectors?.ddm ?? null,
          eddm: detectors?.eddm ?? null,
        };
      });
    },
  };
}

