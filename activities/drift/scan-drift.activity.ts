import type { DriftScanPlan, ScanDrift } from '../../domain/drift';
import type { ActivityDependencies } from '../dependencies';
import { columnDriftOfTables } from './column-drift.activity';
import { readScanSamples, scanSampleSpec } from './dataset-columns';
import { DRIFT_COMPUTE_OPTIONS, type DriftComputeOptions } from './drift-compute-options';
import { modelInputs, predictionDriftOfTables } from './prediction-drift.activity';

export function createScanDriftActivity(deps: ActivityDependencies, options: DriftComputeOptions = DRIFT_COMPUTE_OPTIONS) {
  return {
    /**
     * Every column's drift and the model's output drift from one read of each sample: the
     * reference is read once and scored once, the current dataset version likewise (a
     * prediction-log window is streamed once for the features and once for the outputs, as
     * the log keeps them apart). The same results as computeColumnDrift over every column
     * group and computePredictionDrift, which read each sample once per call.
     */
    async computeScanDrift(plan: DriftScanPlan): Promise<ScanDrift> {
      const model = await modelInputs(deps, plan);
      // The scan's columns and the model's features: one read serves both.
      const { reference, current } = await readScanSamples(deps, plan, scanSampleSpec(plan.columns, model.spec));
      const columns = await columnDriftOfTables(deps, plan, plan.columns, reference, current, options);
      const predictionDrift = await predictionDriftOfTables(deps, plan, model, reference, current, options);
      return { columns, predictionDrift };
    },
  };
}
