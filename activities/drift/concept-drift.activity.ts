import { inReadSnapshot } from '../../db/db';
import { countLabelledPredictions, forEachLabelledPrediction, type PredictionLogWindow } from '../../db/prediction-log';
import type { ConceptDriftResult, DriftScanPlan } from '../../domain/drift';
import { emptyAbsoluteErrorDetectors, observeAbsoluteError } from '../../ml/concept-drift/absolute-error-detectors';
import { detectorOutcome } from '../../ml/concept-drift/detector-outcome';
import { emptyErrorStreamDetectors, observeError } from '../../ml/concept-drift/error-stream-detectors';
import { addToWindows, emptyEqualCountWindows, performanceWindows } from '../../ml/concept-drift/equal-count-windows';
import { FOLLOWING_WINDOW } from '../../ml/concept-drift/following-window';
import type { ActivityDependencies } from '../dependencies';
import { DRIFT_COMPUTE_OPTIONS, type DriftComputeOptions } from './drift-compute-options';
import { heartbeatingRead } from './heartbeating-read';

export function createConceptDriftActivity(deps: ActivityDependencies, options: DriftComputeOptions = DRIFT_COMPUTE_OPTIONS) {
  return {
    /**
     * Concept drift of the scanned version in the environment: its predictions that have
     * ground truth, from the first ever logged to the end of the window, in logged order.
     * Classification errors (predicted label ≠ true label, compared as text) feed DDM and
     * EDDM, regression's absolute errors (rows whose prediction or label is not a number
     * are left out) feed Page–Hinkley; each drift signal is confirmed or refuted by the
     * FOLLOWING_WINDOW of labelled predictions after it. Both are cut into equal-count
     * performance windows.
     * Streamed in one snapshot (a count, then a cursor), keeping only running sums, the
     * detectors' states and their events. Null for a dataset-version scan, which has no
     * ground truth.
     */
    async computeConceptDrift(plan: DriftScanPlan): Promise<ConceptDriftResult | null> {
      if (plan.current.kind !== 'prediction_log') return null;
      const classification = plan.task === 'CLASSIFICATION';
      // From the version's first logged prediction: the detectors follow its whole error stream, and the window only ends it.
      const window: PredictionLogWindow = { modelName: plan.modelName, environment: plan.current.environment, modelVersionId: plan.modelVersionId, from: null, to: plan.current.to };
      const read = heartbeatingRead(options.fetchRows);
      return inReadSnapshot(deps.dataSource, async (snapshot) => {
        const windows = emptyEqualCountWindows(await read.whileWaiting(countLabelledPredictions(snapshot, window, plan.task)));
        const detectors = classification ? emptyErrorStreamDetectors<string>() : null;
        const regression = classification ? null : emptyAbsoluteErrorDetectors<string>();
        await forEachLabelledPrediction(snapshot, window, plan.task, read, (chunk) => {
          for (const row of chunk) {
            const at = row.logged_at.toISOString();
            if (detectors) observeError(detectors, row.value as boolean, at);
            if (regression) observeAbsoluteError(regression, Number(row.value), at);
            addToWindows(windows, at, Number(row.value));
          }
        });
        return {
          labelledRows: windows.total,
          metric: classification ? 'error_rate' : 'mean_absolute_error',
          windows: performanceWindows(windows),
          ddm: detectors && detectorOutcome(detectors.ddm, detectors.ddmConfirmation),
          eddm: detectors && detectorOutcome(detectors.eddm, detectors.eddmConfirmation),
          pageHinkley: regression && detectorOutcome(regression.pageHinkley, regression.pageHinkleyConfirmation),
          confirmationWindow: FOLLOWING_WINDOW,
        };
      });
    },
  };
}
