import { conceptDriftsInWindow, type ConceptDriftSignal } from '../../domain/drift-signals';
import type { ConceptDriftResult, CurrentSample, RetrainingAction, RetrainingPolicy } from '../../domain/drift';
import type { DatasetVersionRef } from './dataset-version-ref';

/** Everything the retraining decision depends on, gathered by applyRetrainingPolicy under the policy's row lock. */
export interface RetrainingContext {
  modelName: string;
  policy: RetrainingPolicy | null;
  report: { datasetDrift: boolean; conceptDrift: ConceptDriftResult | null; current: CurrentSample };
  /** Earlier reports of the same model and environment, newest first; the data-drift trigger reads the first few. */
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
}

/**
 * Whether drift should retrain the model now. NOT_NEEDED without an enabled policy or
 * when no trigger is met; otherwise SKIPPED while the cooldown since the last
 * drift-triggered run lasts, when the scanned version was imported (there is no training
 * to repeat), or when no dataset version is newer than the one it was trained on
 * (retraining on the same data gives the same model); else STARTED.
 *
 * Triggers: the last `consecutiveDriftedScans` reports, this one included, all found
 * dataset drift; or, with `onConceptDrift`, DDM or EDDM signalled a drift inside this
 * report's window.
 */
export function decideRetraining(context: RetrainingContext): RetrainingVerdict {
  const { policy, modelName } = context;
  if (!policy) return { action: 'NOT_NEEDED', reason: `${modelName} has no retraining policy` };
  if (!policy.enabled) return { action: 'NOT_NEEDED', reason: `the retraining policy of ${modelName} is disabled` };

  const streak = driftedStreak(context);
  const dataTriggered = policy.consecutiveDriftedScans !== null && streak >= policy.consecutiveDriftedScans;
  const conceptSignals = policy.onConceptDrift ? conceptDriftsInWindow(context.report.conceptDrift, context.report.current) : [];
  if (!dataTriggered && conceptSignals.length === 0) {
    return { action: 'NOT_NEEDED', reason: `no trigger met: ${dataTriggerState(policy, streak)}; ${conceptTriggerState(policy)}` };
  }
  const trigger = [
    ...(dataTriggered ? [`dataset drift in the last ${plural(streak, 'scan')}`] : []),
    ...(conceptSignals.length > 0 ? [conceptSignalsText(conceptSignals)] : []),
  ].join(' and ');

  const { lastDriftRun, now, scannedVersion, newestDatasetVersion } = context;
  if (lastDriftRun) {
    const cooldownEnds = new Date(lastDriftRun.startedAt.getTime() + policy.cooldownMs);
    if (now < cooldownEnds) {
      return {
        action: 'SKIPPED',
        reason: `${trigger}, but ${lastDriftRun.workflowId} started at ${lastDriftRun.startedAt.toISOString()} and the cooldown lasts until ${cooldownEnds.toISOString()}`,
      };
    }
  }
  const scanned = `${modelName} v${scannedVersion.version}`;
  if (scannedVersion.imported) {
    return { action: 'SKIPPED', reason: `${trigger}, but ${scanned} was imported: there is no training to repeat` };
  }
  const { trainedOn } = scannedVersion;
  if (newestDatasetVersion.version <= trainedOn.version) {
    return {
      action: 'SKIPPED',
      reason: `${trigger}, but no version of ${trainedOn.datasetName} is newer than v${trainedOn.version}, which ${scanned} was trained on`,
    };
  }
  return { action: 'STARTED', reason: `${trigger}: retraining ${modelName} on ${newestDatasetVersion.datasetName} v${newestDatasetVersion.version}` };
}

/** How many reports in a row, newest first and this one included, found dataset drift. */
function driftedStreak({ report, previousReports }: RetrainingContext): number {
  const reports = [report, ...previousReports];
  const firstClean = reports.findIndex((earlier) => !earlier.datasetDrift);
  return firstClean === -1 ? reports.length : firstClean;
}

function dataTriggerState(policy: RetrainingPolicy, streak: number): string {
  if (policy.consecutiveDriftedScans === null) return 'data drift does not trigger retraining';
  return `dataset drift in ${plural(streak, 'consecutive scan')}, the policy needs ${policy.consecutiveDriftedScans}`;
}

function conceptTriggerState(policy: RetrainingPolicy): string {
  return policy.onConceptDrift ? 'no concept drift signalled in the window' : 'concept drift does not trigger retraining';
}

function conceptSignalsText(signals: ConceptDriftSignal[]): string {
  return `concept drift signalled by ${signals.map((signal) => `${signal.detector} at ${signal.at}`).join(', ')}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
