import { anyColumnTested, conceptDriftsConfirmedInWindow, conceptDriftsInWindow, type ConceptDriftSignal } from '../../domain/drift-signals';
import type { ColumnDriftResult, ConceptDriftResult, ConceptDriftConfirmationRule, CurrentSample, RetrainingAction, RetrainingPolicy } from '../../domain/drift';
import type { DatasetVersionRef } from './dataset-version-ref';

/** Everything the retraining decision depends on, gathered by applyRetrainingPolicy under the policy's row lock. */
export interface RetrainingContext {
  modelName: string;
  policy: RetrainingPolicy | null;
  report: {
    datasetDrift: boolean;
    columns: Pick<ColumnDriftResult, 'status'>[];
    predictionDrift: Pick<ColumnDriftResult, 'drifted'> | null;
    conceptDrift: ConceptDriftResult | null;
    current: CurrentSample;
  };
  /** Earlier reports of the same model and environment with a tested column, newest first; the data-drift trigger reads the first few. */
  previousReports: { datasetDrift: boolean }[];
  /** The newest run a drift report started for this model, for the cooldown. */
  lastDriftRun: { workflowId: string; startedAt: Date } | null;
  scannedVersion: { version: number; imported: boolean; trainedOn: DatasetVersionRef };
  /** The highest version of the dataset the scanned version was trained on. */
  newestDatasetVersion: DatasetVersionRef;
  now: Date;
}

export interface RetrainingVerdict {
  action: RetrainingAction;
  /** Why, in a sentence an operator can act on. */
  reason: string;
  /** The rule concept drift was judged by; null when concept drift does not trigger (or there is no enabled policy). */
  conceptDriftConfirmation: ConceptDriftConfirmationRule | null;
}

/**
 * Whether drift should retrain the model now. NOT_NEEDED without an enabled policy or
 * when no trigger is met; otherwise SKIPPED while the cooldown since the last
 * drift-triggered run lasts, when the scanned version was imported (there is no training
 * to repeat), or when no dataset version is newer than the one it was trained on
 * (retraining on the same data gives the same model); else STARTED.
 *
 * Triggers: the last `consecutiveDriftedScans` reports with a tested column, this one
 * included, all found dataset drift (a report where no column had enough data to test is
 * no evidence either way and is skipped); or, with `onConceptDrift`, a concept-drift
 * signal confirmed by the policy's rule (conceptTrigger). Every reason names the rule
 * and what each signal in the window lacked.
 */
export function decideRetraining(context: RetrainingContext): RetrainingVerdict {
  const { policy, modelName } = context;
  if (!policy) return { action: 'NOT_NEEDED', reason: `${modelName} has no retraining policy`, conceptDriftConfirmation: null };
  if (!policy.enabled) return { action: 'NOT_NEEDED', reason: `the retraining policy of ${modelName} is disabled`, conceptDriftConfirmation: null };
  const rule = policy.onConceptDrift ? policy.conceptDriftConfirmation : null;
  const verdict = (action: RetrainingAction, reason: string): RetrainingVerdict => ({ action, reason, conceptDriftConfirmation: rule });

  const tested = anyColumnTested(context.report.columns);
  const streak = tested ? driftedStreak(context) : 0;
  const dataTriggered = policy.consecutiveDriftedScans !== null && streak >= policy.consecutiveDriftedScans;
  const concept = policy.onConceptDrift ? conceptTrigger(policy, context.report) : null;
  if (!dataTriggered && !concept?.triggered) {
    const conceptState = concept ? concept.state : 'concept drift does not trigger retraining';
    return verdict('NOT_NEEDED', `no trigger met: ${dataTriggerState(policy, streak, tested)}; ${conceptState}`);
  }
  const trigger = [
    ...(dataTriggered ? [`dataset drift in the last ${plural(streak, 'scan')}`] : []),
    ...(concept?.triggered ? [concept.state] : []),
  ].join(' and ');

  const { lastDriftRun, now, scannedVersion, newestDatasetVersion } = context;
  if (lastDriftRun) {
    const cooldownEnds = new Date(lastDriftRun.startedAt.getTime() + policy.cooldownMs);
    if (now < cooldownEnds) {
      return verdict(
        'SKIPPED',
        `${trigger}, but ${lastDriftRun.workflowId} started at ${lastDriftRun.startedAt.toISOString()} and the cooldown lasts until ${cooldownEnds.toISOString()}`,
      );
    }
  }
  const scanned = `${modelName} v${scannedVersion.version}`;
  if (scannedVersion.imported) {
    return verdict('SKIPPED', `${trigger}, but ${scanned} was imported: there is no training to repeat`);
  }
  const { trainedOn } = scannedVersion;
  if (newestDatasetVersion.version <= trainedOn.version) {
    return verdict('SKIPPED', `${trigger}, but no version of ${trainedOn.datasetName} is newer than v${trainedOn.version}, which ${scanned} was trained on`);
  }
  return verdict('STARTED', `${trigger}: retraining ${modelName} on ${newestDatasetVersion.datasetName} v${newestDatasetVersion.version}`);
}

/**
 * Whether concept drift triggers under the policy's confirmation rule, and what to say
 * either way: the signal (or signals) that triggered, or why each signal in the window
 * did not.
 */
function conceptTrigger(policy: RetrainingPolicy, report: RetrainingContext['report']): { triggered: boolean; state: string } {
  const inWindow = conceptDriftsInWindow(report.conceptDrift, report.current);
  switch (policy.conceptDriftConfirmation) {
    case 'FOLLOWING_WINDOW': {
      const confirmed = conceptDriftsConfirmedInWindow(report.conceptDrift, report.current);
      if (confirmed.length > 0) return { triggered: true, state: `concept drift confirmed over the following window: ${confirmed.map(confirmationText).join(', ')}` };
      if (inWindow.length === 0) return { triggered: false, state: 'no concept drift confirmed in the window (no signal awaiting confirmation either)' };
      return { triggered: false, state: `no concept drift confirmed in the window: ${inWindow.map(confirmationText).join(', ')}` };
    }
    case 'DATA_DRIFT': {
      if (inWindow.length === 0) return { triggered: false, state: 'no concept drift signalled in the window' };
      const corroboration = [...(report.datasetDrift ? ['dataset drift'] : []), ...(report.predictionDrift?.drifted ? ['prediction drift'] : [])];
      if (corroboration.length > 0) return { triggered: true, state: `${signalsText(inWindow)}, confirmed by ${corroboration.join(' and ')} in the same scan` };
      return { triggered: false, state: `${signalsText(inWindow)}, not confirmed: the policy needs dataset or prediction drift in the same scan, and there was neither` };
    }
    case 'SIGNAL_COUNT': {
      const counted = `${plural(inWindow.length, 'concept drift signal')} in the window${inWindow.length > 0 ? ` (${inWindow.map(signalText).join(', ')})` : ''}`;
      if (inWindow.length >= policy.confirmationSignals) return { triggered: true, state: `${counted}, the policy needs ${policy.confirmationSignals}` };
      return { triggered: false, state: `${counted}, the policy needs ${policy.confirmationSignals}` };
    }
  }
}

/** How many reports in a row, newest first and this one included, found dataset drift. */
function driftedStreak({ report, previousReports }: RetrainingContext): number {
  const reports = [report, ...previousReports];
  const firstClean = reports.findIndex((earlier) => !earlier.datasetDrift);
  return firstClean === -1 ? reports.length : firstClean;
}

function dataTriggerState(policy: RetrainingPolicy, streak: number, tested: boolean): string {
  if (policy.consecutiveDriftedScans === null) return 'data drift does not trigger retraining';
  if (!tested) return 'no column of this scan had enough data to test, so it counts for no data-drift streak';
  return `dataset drift in ${plural(streak, 'consecutive scan')}, the policy needs ${policy.consecutiveDriftedScans}`;
}

function signalText(signal: ConceptDriftSignal): string {
  return `${signal.detector} at ${signal.at}`;
}

function signalsText(signals: ConceptDriftSignal[]): string {
  return `concept drift signalled by ${signals.map(signalText).join(', ')}`;
}

/** A signal and its following window, e.g. `DDM at … confirmed at … (error mean 0.1 over 830 before, 0.48 over 200 after, p = 1.2e-30)`. */
function confirmationText(signal: ConceptDriftSignal): string {
  const { confirmation } = signal;
  if (!confirmation) return `${signalText(signal)} (recorded before confirmation existed: never confirmed)`;
  const before = `mean ${round(confirmation.meanBefore)} over ${confirmation.rowsBefore} labelled predictions before`;
  const after = confirmation.meanAfter === null ? 'none labelled after it yet' : `${round(confirmation.meanAfter)} over ${confirmation.rowsAfter} after`;
  switch (confirmation.status) {
    case 'CONFIRMED':
      return `${signalText(signal)} confirmed at ${confirmation.decidedAt} (${before}, ${after}, p = ${confirmation.pValue!.toPrecision(2)})`;
    case 'NOT_CONFIRMED':
      return `${signalText(signal)} not confirmed: no significant rise (${before}, ${after}, p = ${confirmation.pValue!.toPrecision(2)})`;
    case 'PENDING':
      return `${signalText(signal)} awaiting confirmation (${before}, ${after}; a later scan decides once the window after it is complete)`;
  }
}

function round(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
