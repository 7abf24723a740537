import { driftTestStatus, type ColumnDriftResult, type ConceptDriftResult, type CurrentSample, type DetectorOutcome, type DriftConfirmation, type DriftLevel } from './drift';

const SEVERITY: Record<DriftLevel, number> = { NONE: 0, WARNING: 1, DRIFT: 2 };

export type ConceptDriftDetector = 'DDM' | 'EDDM' | 'PAGE_HINKLEY';

/** The detectors that ran, by name: DDM and EDDM for classification, Page–Hinkley for regression. */
function detectorsOf(conceptDrift: ConceptDriftResult | null): [ConceptDriftDetector, DetectorOutcome][] {
  if (!conceptDrift) return [];
  const named: [ConceptDriftDetector, DetectorOutcome | null | undefined][] = [
    ['DDM', conceptDrift.ddm],
    ['EDDM', conceptDrift.eddm],
    ['PAGE_HINKLEY', conceptDrift.pageHinkley],
  ];
  return named.filter((entry): entry is [ConceptDriftDetector, DetectorOutcome] => Boolean(entry[1]));
}

/** The worst of the detectors' final levels; null when none ran (no labelled predictions scanned, or a dataset-version scan). */
export function conceptDriftLevel(conceptDrift: ConceptDriftResult | null): DriftLevel | null {
  const levels = detectorsOf(conceptDrift).map(([, outcome]) => outcome.level);
  if (levels.length === 0) return null;
  return levels.reduce((worse, level) => (SEVERITY[level] > SEVERITY[worse] ? level : worse));
}

export interface ConceptDriftSignal {
  detector: ConceptDriftDetector;
  /** The logged_at of the prediction that made the detector signal drift. */
  at: string;
  /** What the window after it said; null in reports stored before confirmation existed. */
  confirmation: DriftConfirmation | null;
}

/** Whether `at` falls in the scanned window (from ≤ t < to); never for a dataset-version scan. */
function inWindowOf(current: CurrentSample): (at: string | null) => boolean {
  if (current.kind !== 'prediction_log') return () => false;
  const from = Date.parse(current.from);
  const to = Date.parse(current.to);
  return (at) => at !== null && Date.parse(at) >= from && Date.parse(at) < to;
}

/** Every drift signal of every detector, with its confirmation. */
function allSignals(conceptDrift: ConceptDriftResult | null): ConceptDriftSignal[] {
  return detectorsOf(conceptDrift).flatMap(([detector, outcome]) =>
    outcome.drifts.map((at) => ({ detector, at, confirmation: outcome.confirmations?.find((confirmation) => confirmation.at === at) ?? null })),
  );
}

/**
 * The drifts the detectors signalled inside the scanned window (from ≤ t < to). The
 * detectors rerun from the first labelled prediction on every scan, so a drift before the
 * window was already the news of an earlier scan; a dataset-version scan has no window.
 */
export function conceptDriftsInWindow(conceptDrift: ConceptDriftResult | null, current: CurrentSample): ConceptDriftSignal[] {
  const inWindow = inWindowOf(current);
  return allSignals(conceptDrift).filter((signal) => inWindow(signal.at));
}

/**
 * The signals whose following window was completed, and the drift confirmed, inside the
 * scanned window: the signal itself may lie in an earlier scan's window, which could not
 * yet know. Each confirmation is decided at one prediction, so one scan of contiguous
 * windows acts on it.
 */
export function conceptDriftsConfirmedInWindow(conceptDrift: ConceptDriftResult | null, current: CurrentSample): ConceptDriftSignal[] {
  const inWindow = inWindowOf(current);
  return allSignals(conceptDrift).filter((signal) => signal.confirmation?.status === 'CONFIRMED' && inWindow(signal.confirmation.decidedAt));
}

/** Whether any column of a report had enough data to be tested (reports stored before statuses: yes). */
export function anyColumnTested(columns: readonly Pick<ColumnDriftResult, 'status'>[]): boolean {
  return columns.some((column) => driftTestStatus(column) === 'TESTED');
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
    conceptDriftsInWindow(report.conceptDrift, report.current).length > 0 ||
    conceptDriftsConfirmedInWindow(report.conceptDrift, report.current).length > 0
  );
}
