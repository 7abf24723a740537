import { inReadSnapshot } from '../../db/db';
import { countAnsweredRows, forEachAnsweredClassification } from '../../db/prediction-log';
import type { DriftScanPlan, EstimatedPerformanceWindow, PerformanceEstimate } from '../../domain/drift';
import { equalCountEnds } from '../../ml/concept-drift/equal-count-windows';
import type { FeatureSpec } from '../../ml/features/feature-spec';
import type { ScoringModel } from '../../ml/onnx/model-scoring';
import { accuracyOf, addExpected, addRealised, calibrate, emptyConfusionSums, fitCbpeCalibration, macroF1Of, type CbpeCalibration, type ConfusionSums } from '../../ml/performance-estimation/cbpe';
import { cellsAt } from '../../ml/tabular/numeric-columns';
import { columnIndex } from '../../ml/tabular/table';
import type { ActivityDependencies } from '../dependencies';
import { scoreRows, withScoringModel } from '../onnx-scoring';
import { featureColumnsOf } from '../training-data';
import { everyRow, readDatasetVersionTable } from './dataset-columns';
import { DRIFT_COMPUTE_OPTIONS, type DriftComputeOptions } from './drift-compute-options';
import { heartbeatingRead } from './heartbeating-read';
import { modelInputs } from './prediction-drift.activity';

/** A dataset version's rows scored, with each row's true class index (−1: no label, or one the model does not know). */
interface ScoredRows {
  probabilities: Float32Array | Float64Array;
  predicted: Int32Array;
  actual: Int32Array;
}

export function createPerformanceEstimateActivity(deps: ActivityDependencies, options: DriftComputeOptions = DRIFT_COMPUTE_OPTIONS) {
  return {
    /**
     * CBPE for a classifier: calibrates its probabilities on the reference's labelled rows,
     * then estimates accuracy and macro F1 over equal-count windows of the current sample
     * (the version's logged answers in time order, or a dataset version scored in row
     * order), with the realised figures beside them wherever labels exist. Null for
     * regression, or when no reference row has a label the model knows (nothing to
     * calibrate on).
     */
    async estimatePerformance(plan: DriftScanPlan): Promise<PerformanceEstimate | null> {
      if (plan.task !== 'CLASSIFICATION') return null;
      const classCount = plan.classLabels.length;
      const { spec, signature } = await modelInputs(deps, plan);
      return withScoringModel(await deps.store.read(plan.artifactUri), signature, async (model) => {
        const reference = await scoredDatasetVersion(deps, plan, spec, model, plan.reference.datasetVersionId, 'referenceDatasetVersionId');
        const labelled = labelledRowsOf(reference, classCount);
        if (labelled.actual.length === 0) return null;
        const calibration = fitCbpeCalibration(labelled.probabilities, classCount, labelled.actual);
        const onReference = windowedSums(calibration, labelled.actual.length, 1);
        labelled.actual.forEach((actual, row) => onReference.add(null, labelled.probabilities.subarray(row * classCount, (row + 1) * classCount), labelled.predicted[row], actual));
        const [referenceWindow] = onReference.windows();
        const current =
          plan.current.kind === 'dataset_version'
            ? currentOfDatasetVersion(calibration, await scoredDatasetVersion(deps, plan, spec, model, plan.current.datasetVersionId, 'currentDatasetVersionId'))
            : await currentOfPredictionLog(deps, plan, calibration, options.fetchRows);
        return {
          method: 'CBPE',
          calibration: 'ISOTONIC',
          referenceRows: labelled.actual.length,
          referenceExpectedAccuracy: referenceWindow.expectedAccuracy,
          referenceRealisedAccuracy: referenceWindow.realisedAccuracy!,
          rowsWithoutProbabilities: current.rowsWithoutProbabilities,
          windows: current.windows,
        };
      });
    },
  };
}

async function scoredDatasetVersion(
  deps: ActivityDependencies,
  plan: DriftScanPlan,
  spec: FeatureSpec,
  model: ScoringModel,
  datasetVersionId: string,
  field: string,
): Promise<ScoredRows> {
  // The model's features and the target: the only columns an estimate reads.
  const table = await readDatasetVersionTable(deps, datasetVersionId, field, [...spec.numeric, ...spec.categorical, plan.target]);
  const rows = everyRow(table);
  const scores = await scoreRows(model, plan.classLabels.length, spec, featureColumnsOf(table, spec, rows), rows);
  const truth = columnIndex(table, plan.target) < 0 ? [] : cellsAt(table, plan.target, rows);
  return {
    probabilities: scores.probabilities,
    predicted: Int32Array.from(scores.labels, (label) => plan.classLabels.indexOf(label)),
    actual: Int32Array.from(rows, (row) => (truth[row] === undefined || truth[row] === null ? -1 : plan.classLabels.indexOf(String(truth[row])))),
  };
}

function labelledRowsOf(scored: ScoredRows, classCount: number): ScoredRows {
  const kept: number[] = [];
  scored.actual.forEach((actual, row) => {
    if (actual >= 0) kept.push(row);
  });
  const probabilities = new Float64Array(kept.length * classCount);
  kept.forEach((row, i) => probabilities.set(scored.probabilities.subarray(row * classCount, (row + 1) * classCount), i * classCount));
  return { probabilities, predicted: Int32Array.from(kept, (row) => scored.predicted[row]), actual: Int32Array.from(kept, (row) => scored.actual[row]) };
}

function currentOfDatasetVersion(calibration: CbpeCalibration, scored: ScoredRows) {
  const classCount = calibration.classCount;
  const windows = windowedSums(calibration, scored.predicted.length);
  scored.predicted.forEach((predicted, row) => windows.add(null, scored.probabilities.subarray(row * classCount, (row + 1) * classCount), predicted, scored.actual[row]));
  return { rowsWithoutProbabilities: 0, windows: windows.windows() };
}

/** The version's answers in the window, streamed in one snapshot: a count (for the window cuts), then a cursor. */
async function currentOfPredictionLog(deps: ActivityDependencies, plan: DriftScanPlan, calibration: CbpeCalibration, fetchRows: number) {
  if (plan.current.kind !== 'prediction_log') throw new Error('a prediction-log plan was expected');
  const window = { modelName: plan.modelName, environment: plan.current.environment, modelVersionId: plan.modelVersionId, from: plan.current.from, to: plan.current.to };
  const read = heartbeatingRead(fetchRows);
  return inReadSnapshot(deps.dataSource, async (snapshot) => {
    const windows = windowedSums(calibration, await read.whileWaiting(countAnsweredRows(snapshot, window)));
    const row = new Float64Array(calibration.classCount);
    let rowsWithoutProbabilities = 0;
    await forEachAnsweredClassification(snapshot, window, read, (chunk) => {
      for (const answer of chunk) {
        const predicted = answer.label === null ? -1 : plan.classLabels.indexOf(answer.label);
        const probabilities = predicted >= 0 ? loggedProbabilities(answer.probabilities, plan.classLabels, row) : null;
        if (probabilities === null) rowsWithoutProbabilities += 1;
        windows.add(answer.logged_at.toISOString(), probabilities, predicted, answer.truth === null ? -1 : plan.classLabels.indexOf(answer.truth));
      }
    });
    return { rowsWithoutProbabilities, windows: windows.windows() };
  });
}

/** The logged `{class: probability}` in the model's class order, or null unless every class has a finite number. */
function loggedProbabilities(logged: Record<string, number> | null, classLabels: string[], into: Float64Array): Float64Array | null {
  if (logged === null) return null;
  for (let c = 0; c < classLabels.length; c++) {
    const value = logged[classLabels[c]];
    if (typeof value !== 'number' || !Number.isFinite(value)) return null;
    into[c] = value;
  }
  return into;
}

/**
 * Expected and realised confusion sums over equal-count windows of `total` rows (the cuts of
 * the concept-drift windows). A row without probabilities takes its place in the cuts but
 * adds to no estimate; a row whose label is unknown (−1) adds to no realised figure.
 */
function windowedSums(calibration: CbpeCalibration, total: number, maxWindows?: number) {
  const ends = equalCountEnds(total, maxWindows);
  const windows: { from: string | null; to: string | null; rows: number; expected: ConfusionSums; realised: ConfusionSums }[] = [];
  const calibrated = new Float64Array(calibration.classCount);
  let seen = 0;
  return {
    add(at: string | null, probabilities: ArrayLike<number> | null, predicted: number, actual: number): void {
      if (seen >= total) throw new RangeError(`more than the ${total} rows announced`);
      if (windows.length === 0 || seen >= ends[windows.length - 1]) {
        windows.push({ from: at, to: at, rows: 0, expected: emptyConfusionSums(calibration.classCount), realised: emptyConfusionSums(calibration.classCount) });
      }
      const window = windows[windows.length - 1];
      window.to = at;
      window.rows += 1;
      seen += 1;
      if (probabilities === null) return;
      addExpected(window.expected, calibrate(calibration, probabilities, calibrated), predicted);
      if (actual >= 0) addRealised(window.realised, actual, predicted);
    },
    windows(): EstimatedPerformanceWindow[] {
      return windows
        .filter((window) => window.expected.rows > 0)
        .map(({ from, to, rows, expected, realised }) => ({
          from,
          to,
          rows,
          expectedAccuracy: accuracyOf(expected)!,
          expectedMacroF1: macroF1Of(expected)!,
          labelledRows: realised.rows,
          realisedAccuracy: accuracyOf(realised),
          realisedMacroF1: macroF1Of(realised),
        }));
    },
  };
}
