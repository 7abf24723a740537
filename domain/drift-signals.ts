import type { ColumnDriftResult, ConceptDriftResult, CurrentSample, DriftLevel } from './drift';

const SEVERITY: Record<DriftLevel, number> = { NONE: 0, WARNING: 1, DRIFT: 2 };

/** The worse of DDM's and EDDM's final levels; null when neither ran (regression, or no labelled predictions scanned). */
export function conceptDriftLevel(conceptDrift: ConceptDriftResult | null): DriftLevel | null {
  const levels = [conceptDrift?.ddm?.level, conceptDrift?.eddm?.level].filter((level): level is DriftLevel => level !== undefined);
  if (levels.length === 0) return null;
  return levels.reduce((worse, level) => (SEVERITY[level] > SEVERITY[worse] ? level : worse));
}

export interface ConceptDriftSignal {
  detector: 'DDM' | 'EDDM';
  /** The logged_at of the prediction that made the detector signal drift. */
  at: string;
}

/**
 * The drifts DDM and EDDM signalled inside the scanned window (from ≤ t < to). The
 * detectors rerun from the first labelled prediction on every scan, so a drift before the
 * window was already the news of an earlier scan; a dataset-version scan has no window.
 */
export function conceptDriftsInWindow(conceptDrift: ConceptDriftResult | null, current: CurrentSample): ConceptDriftSignal[] {
  if (!conceptDrift || current.kind !== 'prediction_log') return [];
  const from = Date.parse(current.from);
  const to = Date.parse(current.to);
  const inWindow = (at: string) => Date.parse(at) >= from && Date.parse(at) < to;
  return [
    ...(conceptDrift.ddm?.drifts ?? []).filter(inWindow).map((at) => ({ detector: 'DDM' as const, at })),
    ...(conceptDrift.eddm?.drifts ?? []).filter(inWindow).map((at) => ({ detector: 'EDDM' as const, at })),
  ];
}

/** The parts of a drift report that say whether anything drifted. */
export interface DriftEvidence {
  current: CurrentSample;
  datasetDrift: boolean;
  columns: ColumnDriftResult[];
  predictionDrift: ColumnDriftResult | null;
  conceptDrift: ConceptDriftResult | null;
}

/** Whether a report is worth telling people about: any of data, output, data-quality or (new) concept drift. */
export function reportShowsDrift(report: DriftEvidence): boolean {
  return (
    report.datasetDrift ||
    (report.predictionDrift?.drifted ?? false) ||
    report.columns.some((column) => column.quality.drifted) ||
    conceptDriftsInWindow(report.conceptDrift, report.current).length > 0
  );
}
