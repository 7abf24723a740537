import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ApplicationFailure, log, patched, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import type { PipelineActivities } from '../activities';
import type { ScanSample } from '../activities/drift/scan-part-summary.activity';
import { DRIFT_COLUMNS_PER_ACTIVITY, type DriftFindings, type DriftReportSummary, type DriftScanInput, type DriftScanPlan, type ScanDrift } from '../domain/drift';
import { pipelineSearchAttributes } from '../domain/search-attributes';
import { mergeScanParts, type ScanPartSummary } from '../ml/drift/column-summary';
import { datasetDrift } from '../ml/drift/dataset-drift';
import { NoReferenceValuesError, scanDriftOfSummaries } from '../ml/drift/scan-drift-of-summaries';
import { activitiesOn, monitoringActivitiesOn } from './activity-proxies';
import { modelPipelineWorkflow } from './model-pipeline.workflow';

/** Classification scans estimate performance without labels (CBPE) beside the drift tests. */
const ESTIMATED_PERFORMANCE_PATCH = 'drift-scan-estimated-performance';

/** Slack may be down for a while; the report is already stored, so the alert retries for minutes, then gives up. */
function alertsOn(input: DriftScanInput) {
  return proxyActivities<Pick<PipelineActivities, 'notifyDriftAlert'>>({
    taskQueue: input.taskQueues.pipelines,
    startToCloseTimeout: '30s',
    retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 10 },
  });
}

/**
 * Scans started before it computed columns group by group and the output drift apart,
 * reading each sample once per activity; they replay that way.
 */
export const SINGLE_READ_DRIFT_PATCH = 'drift-scan-single-read';

/**
 * A scan comparing dataset versions of which one is a set of Parquet files fans out over
 * their parts (summariseScanPart, one activity per part on the monitoring queue) and merges
 * the parts' summaries here. Scans started before it read each sample whole in one activity.
 */
export const FANNED_OUT_PARTS_PATCH = 'drift-scan-fanned-out-parts';

/**
 * A scan comparing dataset versions fans out whenever a version has several parts or a
 * Parquet file of more than ROWS_PER_SLICE rows: each file split into slices of rows,
 * each slice summarised with numeric sketches past the exact counts, so that no sample of
 * any size is read whole. Scans started before it fanned out over whole files only, and
 * read every sample whole when a part held too many distinct values.
 */
export const SKETCHED_SLICES_PATCH = 'drift-scan-sketched-row-slices';

/**
 * Rows of a Parquet file one summariseScanPart reads at most: 8 row groups as DuckDB
 * writes them (122 880 rows each), so a slice of a file DuckDB wrote starts at a row
 * group, and a slice's columns, scores and summaries fit a worker's memory many times.
 */
export const ROWS_PER_SLICE = 8 * 122_880;
const ROW_GROUP_ROWS = 122_880;

/**
 * One drift scan: plan what to compare, compute every column's drift and the model's output
 * drift from one read of each sample (on the monitoring queue), concept drift beside them,
 * store the report, let the model's retraining policy decide, and alert. A retraining
 * run is started as an abandoned child, so it lives on (through its approval gate) after
 * the scan ends.
 */
export async function driftScanWorkflow(input: DriftScanInput): Promise<DriftReportSummary> {
  const { bookkeeping } = activitiesOn(input.taskQueues);
  const monitoring = monitoringActivitiesOn(input.taskQueues);
  // Workflow time: the window ends when the scan started, the same on every replay.
  const plan = await bookkeeping.planDriftScan(input, workflowInfo().workflowId, new Date().toISOString());
  const [{ columns, predictionDrift }, conceptDrift, performanceEstimate] = await Promise.all([
    patched(SINGLE_READ_DRIFT_PATCH) ? scanDrift(monitoring, plan) : perColumnGroup(monitoring, plan),
    plan.current.kind === 'prediction_log' ? monitoring.computeConceptDrift(plan) : Promise.resolve(null),
    // Scans begun before estimation existed replay without it.
    plan.task === 'CLASSIFICATION' && patched(ESTIMATED_PERFORMANCE_PATCH) ? monitoring.estimatePerformance(plan) : Promise.resolve(undefined),
  ]);
  const dataset = datasetDrift(columns);
  const findings: DriftFindings = {
    columns,
    numberOfDriftedColumns: dataset.numberOfDriftedColumns,
    driftShare: dataset.driftShare,
    driftShareThreshold: dataset.threshold,
    datasetDrift: dataset.datasetDrift,
    predictionDrift,
    conceptDrift,
    ...(performanceEstimate === undefined ? {} : { performanceEstimate }),
  };
  const summary = await bookkeeping.recordDriftReport(plan, findings, input);
  const retraining = await bookkeeping.applyRetrainingPolicy(summary.reportId);
  if (retraining.start) await startRetraining(retraining.start.workflowId, retraining.start.input);
  try {
    await alertsOn(input).notifyDriftAlert(summary.reportId);
  } catch (error) {
    log.warn('drift alert could not be sent', { reportId: summary.reportId, error: String(error) });
  }
  return summary;
}

/**
 * One read of each sample (computeScanDrift), or, when a dataset version of the scan has
 * several parts or a large Parquet file, one activity per slice of rows of each part,
 * whatever monitoring worker takes it, merged in slice order (so the report is the same
 * however the slices were spread). A slice with more categories than its summary carries
 * sends the scan back to the whole read; numeric columns are sketched instead.
 */
async function scanDrift(monitoring: ReturnType<typeof monitoringActivitiesOn>, plan: DriftScanPlan): Promise<ScanDrift> {
  const { current } = plan;
  if (current.kind === 'dataset_version' && patched(SKETCHED_SLICES_PATCH)) {
    const slices = { reference: slicesOf(plan.reference), current: slicesOf(current) };
    if (slices.reference.length + slices.current.length <= 2) return monitoring.computeScanDrift(plan);
    const summarised = (sample: ScanSample) => Promise.all(slices[sample].map(({ part, rows }) => monitoring.summariseScanPart(plan, sample, part, { rows, sketches: true })));
    return driftOfParts(monitoring, plan, await Promise.all([summarised('reference'), summarised('current')]));
  }
  if (current.kind !== 'dataset_version' || ((plan.reference.parts ?? 1) <= 1 && (current.parts ?? 1) <= 1) || !patched(FANNED_OUT_PARTS_PATCH)) {
    return monitoring.computeScanDrift(plan);
  }
  const partsOf = (sample: ScanSample, parts = 1) => Promise.all(Array.from({ length: parts }, (_, part) => monitoring.summariseScanPart(plan, sample, part)));
  return driftOfParts(monitoring, plan, await Promise.all([partsOf('reference', plan.reference.parts), partsOf('current', current.parts)]));
}

/**
 * A sample's parts, each split into slices of at most ROWS_PER_SLICE rows of about equal
 * size, cut at multiples of ROW_GROUP_ROWS (rows: null for a part read whole: one not
 * larger than a slice, or of a version whose files' rows the plan does not know).
 */
function slicesOf(sample: { parts?: number; partRows?: number[] }): { part: number; rows: { from: number; to: number } | null }[] {
  return Array.from({ length: sample.parts ?? 1 }, (_, part) => {
    const rows = sample.partRows?.[part];
    if (rows === undefined || rows <= ROWS_PER_SLICE) return [{ part, rows: null }];
    const count = Math.ceil(rows / ROWS_PER_SLICE);
    const cuts = Array.from({ length: count + 1 }, (_, i) => (i === count ? rows : Math.round((i * rows) / count / ROW_GROUP_ROWS) * ROW_GROUP_ROWS));
    return cuts.slice(1).map((to, i) => ({ part, rows: { from: cuts[i], to } }));
  }).flat();
}

/** The drift from the parts' summaries merged in their order, or from a whole read when a summary could not be merged. */
async function driftOfParts(
  monitoring: ReturnType<typeof monitoringActivitiesOn>,
  plan: DriftScanPlan,
  [reference, currentParts]: [ScanPartSummary[], ScanPartSummary[]],
): Promise<ScanDrift> {
  let drift: ScanDrift | null;
  try {
    drift = scanDriftOfSummaries(plan, mergeScanParts(reference), mergeScanParts(currentParts));
  } catch (error) {
    if (!(error instanceof NoReferenceValuesError)) throw error;
    const field = 'referenceDatasetVersionId';
    const message = `${field}: column "${error.column}" has no values in dataset version ${plan.reference.datasetVersionId}: there is nothing to compare`;
    throw ApplicationFailure.create({ type: 'InvalidInput', message, nonRetryable: true, details: [{ field }] });
  }
  return drift ?? monitoring.computeScanDrift(plan);
}

/** Before SINGLE_READ_DRIFT_PATCH: column groups in parallel, the output drift beside them (scheduled in this order). */
async function perColumnGroup(monitoring: ReturnType<typeof monitoringActivitiesOn>, plan: DriftScanPlan): Promise<ScanDrift> {
  const [columnGroups, predictionDrift] = await Promise.all([
    Promise.all(columnGroupsOf(plan).map((columns) => monitoring.computeColumnDrift(plan, columns))),
    monitoring.computePredictionDrift(plan),
  ]);
  return { columns: columnGroups.flat(), predictionDrift };
}

function columnGroupsOf(plan: DriftScanPlan): string[][] {
  const names = plan.columns.map((column) => column.name);
  const groups: string[][] = [];
  for (let start = 0; start < names.length; start += DRIFT_COLUMNS_PER_ACTIVITY) groups.push(names.slice(start, start + DRIFT_COLUMNS_PER_ACTIVITY));
  return groups;
}

async function startRetraining(workflowId: string, input: Parameters<typeof modelPipelineWorkflow>[0]): Promise<void> {
  try {
    await startChild(modelPipelineWorkflow, {
      workflowId,
      taskQueue: input.taskQueues.pipelines,
      args: [input],
      parentClosePolicy: 'ABANDON',
      typedSearchAttributes: pipelineSearchAttributes(input, 'validate', 'RUNNING'),
    });
  } catch (error) {
    // A reset scan re-decides to the same run; it is already going.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
