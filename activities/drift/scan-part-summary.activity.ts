import { findDatasetVersion } from '../../db/datasets';
import type { DriftScanPlan, ScanPartRequest } from '../../domain/drift';
import { boundedSummaries, sketchedSummaries, summariseColumn, type ScanPartSummary } from '../../ml/drift/column-summary';
import { readDatasetPartColumns } from '../../storage/dataset-table';
import { keepAliveWhile } from '../batch-scoring.activity';
import type { ActivityDependencies } from '../dependencies';
import { invalidInput } from '../failures';
import { withScoringModel } from '../onnx-scoring';
import { driftColumnValues } from './dataset-columns';
import { modelInputs, scoredOutputs } from './prediction-drift.activity';

/** Which sample of a scan a part belongs to. */
export type ScanSample = 'reference' | 'current';

export function createScanPartSummaryActivity(deps: ActivityDependencies) {
  return {
    /**
     * One part of a scan's reference or current dataset version (a file of a version
     * registered as a set of Parquet files; part 0 of a single-file version is its file),
     * read once and scored once, summarised per column and for the model's output as exact
     * value counts (summariseColumn), which the scan workflow merges over the parts. Any
     * monitoring worker may take any part: that is how a scan of a large set spreads out.
     * With a request, only its rows of the part are read (a large Parquet file is split by
     * row groups) and numeric columns of many values are summarised as sketches
     * (sketchedSummaries), so that no part of any size falls back to a whole read.
     */
    async summariseScanPart(plan: DriftScanPlan, sample: ScanSample, part: number, request?: ScanPartRequest): Promise<ScanPartSummary> {
      const field = sample === 'reference' ? 'referenceDatasetVersionId' : 'currentDatasetVersionId';
      const id = sample === 'reference' ? plan.reference.datasetVersionId : plan.current.kind === 'dataset_version' ? plan.current.datasetVersionId : null;
      if (id === null) throw invalidInput(field, 'the current sample of this scan is the prediction log, not a dataset version');
      const version = await findDatasetVersion(deps.dataSource, id);
      if (!version) throw invalidInput(field, `dataset version ${id} not found`);
      const model = await modelInputs(deps, plan);
      const needed = [...new Set([...plan.columns.map((column) => column.name), ...model.spec.numeric, ...model.spec.categorical])];
      const table = await keepAliveWhile(readDatasetPartColumns(deps.store, version, part, needed, request?.rows ?? undefined), undefined);
      const outputs = await keepAliveWhile(
        withScoringModel(await deps.store.read(plan.artifactUri), model.signature, (scoring) => scoredOutputs(plan, model.spec, scoring, table)),
        undefined,
      );
      const columns = [...driftColumnValues(table, plan.columns), outputs];
      const summaries = request?.sketches ? sketchedSummaries(columns) : boundedSummaries(columns.map(summariseColumn));
      return { columns: summaries.slice(0, -1), prediction: summaries.at(-1)! };
    },
  };
}
