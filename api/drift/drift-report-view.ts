import type { DriftReportRow } from '../../db/drift-reports';
import { driftReportUrl, driftTestStatus, PERFORMANCE_ESTIMATE_ASSUMPTIONS, type ColumnDriftResult, type ConceptDriftResult, type CurrentSample, type DetectorOutcome, type RetrainingDecision } from '../../domain/drift';
import { driftTestRule } from '../../ml/drift/default-drift-test';
import { DRIFT_TESTS } from '../../ml/drift/drift-tests';
import type { ConceptDriftType, DetectorOutcomeType, DriftColumnType, DriftCurrentSampleType, DriftReportType, RetrainingDecisionType } from './drift-report.types';

/** A stored report as the API and the HTML page show it; `modelVersion` is the scanned version's number. */
export function driftReportView(report: DriftReportRow, modelVersion: number, publicUrl: string): DriftReportType {
  const columns = report.columns.map(driftColumnView);
  return {
    id: report.id,
    workflowId: report.workflowId,
    modelName: report.modelName,
    environment: report.environment,
    modelVersionId: report.modelVersionId,
    modelVersion,
    deploymentId: report.deploymentId,
    scheduleId: report.scheduleId,
    triggeredBy: report.triggeredBy,
    reference: report.reference,
    current: currentSampleView(report.current),
    datasetDrift: report.datasetDrift,
    driftShare: report.driftShare,
    driftShareThreshold: report.driftShareThreshold,
    numberOfColumns: report.numberOfColumns,
    numberOfTestedColumns: columns.filter((column) => column.status === 'TESTED').length,
    numberOfDriftedColumns: report.numberOfDriftedColumns,
    columns,
    predictionDrift: report.predictionDrift && { ...driftColumnView(report.predictionDrift), kindChosenBy: null },
    dataQuality: columns.map((column) => column.quality),
    conceptDrift: report.conceptDrift && conceptDriftView(report.conceptDrift),
    performanceEstimate: report.performanceEstimate && { ...report.performanceEstimate, assumptions: [...PERFORMANCE_ESTIMATE_ASSUMPTIONS] },
    retraining: report.retraining && retrainingView(report.retraining),
    reportUrl: driftReportUrl(publicUrl, report.id),
    createdAt: report.createdAt,
  };
}

/**
 * GraphQL's Float has no NaN or infinity, and jsonb stores a NaN as null anyway, so a
 * statistic the samples leave undefined (a degenerate test) is served as null with the
 * reason beside it, never as a made-up number.
 */
export function driftColumnView(result: ColumnDriftResult): DriftColumnType {
  const statistic = finiteOrNull(result.statistic);
  const pValue = finiteOrNull(result.pValue);
  const status = driftTestStatus(result);
  const expectsPValue = DRIFT_TESTS[result.test].score === 'p_value';
  const missing = [statistic === null && 'statistic', expectsPValue && pValue === null && 'p-value'].filter(Boolean);
  const note =
    status === 'NOT_ENOUGH_DATA'
      ? `not enough data: ${result.referenceSize} reference and ${result.currentSize} current values present, the test needs ${result.minimumSampleSize} on each side; not tested, not counted as drift`
      : missing.length > 0
        ? `the ${result.test} ${missing.join(' and ')} is undefined for these samples (not a finite number), so it is left out`
        : null;
  return {
    column: result.column,
    kind: result.kind,
    // Reports stored before kinds could be declared took every kind from the schema.
    kindChosenBy: result.kindChosenBy ?? 'SCHEMA',
    test: result.test,
    testChosenBy: driftTestRule(result.kind, result.test),
    statistic,
    pValue,
    threshold: result.threshold,
    referenceSize: result.referenceSize,
    currentSize: result.currentSize,
    referenceMissing: result.referenceMissing,
    currentMissing: result.currentMissing,
    drifted: result.drifted,
    status,
    minimumSampleSize: result.minimumSampleSize ?? null,
    binned: result.binned,
    // Statistics from the values are exact; binned ones stored before bounds were recorded have none to show.
    errorBound: result.errorBound ?? (result.binned ? null : 0),
    histogram: result.histogram,
    quality: { ...result.quality, noCurrentValues: result.quality.noCurrentValues ?? false },
    note,
  };
}

function currentSampleView(sample: CurrentSample): DriftCurrentSampleType {
  return sample.kind === 'prediction_log'
    ? { kind: sample.kind, environment: sample.environment, from: sample.from, to: sample.to, datasetVersionId: null, rows: sample.rows }
    : { kind: sample.kind, environment: null, from: null, to: null, datasetVersionId: sample.datasetVersionId, rows: sample.rows };
}

function conceptDriftView(result: ConceptDriftResult): ConceptDriftType {
  return {
    labelledRows: result.labelledRows,
    metric: result.metric,
    windows: result.windows.map((window) => ({ ...window, value: finiteOrNull(window.value) })),
    ddm: result.ddm && detectorView(result.ddm),
    eddm: result.eddm && detectorView(result.eddm),
    pageHinkley: result.pageHinkley ? detectorView(result.pageHinkley) : null,
    confirmationWindow: result.confirmationWindow ?? null,
  };
}

function detectorView(outcome: DetectorOutcome): DetectorOutcomeType {
  return { ...outcome, confirmations: outcome.confirmations ?? [] };
}

function retrainingView(decision: RetrainingDecision): RetrainingDecisionType {
  return { ...decision, conceptDriftConfirmation: decision.conceptDriftConfirmation ?? null };
}

function finiteOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
