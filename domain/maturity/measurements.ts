import type { DeployEnvironment } from '../approval';

export const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The span event counts cover: the `weeks` whole weeks ending at `until`. */
export interface MaturityWindow {
  weeks: number;
  since: Date;
  until: Date;
}

export function maturityWindow(weeks: number, until: Date): MaturityWindow {
  return { weeks, since: new Date(until.getTime() - weeks * WEEK_MS), until };
}

/**
 * Facts about one deployment of Provenant, gathered from its own records, that the maturity
 * rules judge. Counts named "in the window" cover the last `weeks` weeks; the rest say
 * whether they are all-time totals or the state right now.
 */
export interface MaturityMeasurements {
  weeks: number;
  /** All time. */
  datasetVersions: number;
  /** All time. */
  modelVersions: number;
  /** All time: models with at least two registered versions, i.e. something to roll back to. */
  modelsWithSeveralVersions: number;
  /** Validation reports written in the window, inside runs or by validateDataset. */
  validationReports: number;
  /** Per model, its pipeline runs started in the window (models without runs are absent). */
  modelRuns: ModelRuns[];
  /** Registered runs with identical inputs and reproducibility records (built-in trainers, one run at least in the window), grouped. */
  reproductions: Reproductions;
  /** Now: models with at least one alias (champion, staging, …). */
  modelsWithAlias: number;
  /** Alias moves in the window by the platform itself (an actor named system:…). */
  aliasMovesByPlatform: number;
  /** Now: every traffic route with a stable version, with what watches it. */
  routes: DeployedRoute[];
  /** Drift reports written in the window, of any kind. */
  driftReports: number;
  /** Now. */
  driftSchedules: number;
  /** Now: retraining policies that are enabled. */
  enabledRetrainingPolicies: number;
  /** Per model that answered requests in the window: its logged predictions and how many have ground truth. */
  servingModels: ServingModel[];
  deployments: DeploymentFacts;
  approvals: ApprovalFacts;
  audit: AuditFacts;
  governance: GovernanceFacts;
}

export interface ModelRuns {
  modelName: string;
  runs: number;
  /** Runs whose dataset version is stored under the SHA-256 of its content (Provenant registers no other kind). */
  onContentAddressedData: number;
  /** Runs the drift monitor started: the platform, not a person, chose their data version (the newest). */
  startedByDriftMonitor: number;
  /** Runs that have left their validate stage (the rest are still validating). */
  pastValidation: number;
  /** Runs validated against a declared data contract (a validation report with expectations). */
  withDataContract: number;
  withCrossValidationOrTuning: number;
  withTuning: number;
  /** Runs that registered a model version. */
  registered: number;
  /** Registered runs whose reproducibility record has a git commit, a seed and a trainer version. */
  completeReproducibility: number;
  /** Runs a person started for a model that already had a registered version. */
  retrainedByPeople: number;
  /** Drift-triggered runs that opened an approval gate, and those that went on to succeed (approved and deployed). */
  driftTriggeredReachedApproval: number;
  driftTriggeredSucceeded: number;
  /** Evaluation reports of these runs: all, with quality checks, compared with the champion, and those whose champion comparison was skipped. */
  evaluated: number;
  evaluatedWithQualityChecks: number;
  comparedWithChampion: number;
  championComparisonSkipped: number;
  /** The data of the model's newest registered version in the window against the newest version of that dataset; null when nothing was registered. */
  latestData: { datasetName: string; trainedOnVersion: number; newestVersion: number } | null;
  /** Now: whether the model has a `champion` alias. */
  hasChampion: boolean;
}

export interface Reproductions {
  /** Groups that produced the same ONNX file (artifact SHA-256) every time. */
  verified: number;
  /** Models with a group that produced different files from the same record. */
  mismatchedModels: string[];
}

export interface DeployedRoute {
  modelName: string;
  environment: DeployEnvironment;
  version: number;
  hasDriftSchedule: boolean;
  /** Scans of this route's live traffic in the window, and those a schedule started. */
  liveTrafficScans: number;
  scheduledLiveTrafficScans: number;
  /** Scans in the window that measured concept drift on at least one labelled prediction. */
  conceptDriftScans: number;
  /** Now: the model has an enabled retraining policy that reacts to data drift. */
  retrainsOnDataDrift: boolean;
  /** PRODUCTION only: whether the stable version was promoted in STAGING before it reached PRODUCTION; null in STAGING. */
  stagedBeforeProduction: boolean | null;
  /** The stable version's provenance: its run validated the data, recorded a complete reproducibility record, and an approval gate approved it. */
  validated: boolean;
  reproducible: boolean;
  approved: boolean;
}

export interface ServingModel {
  modelName: string;
  /** Rows answered in the window (shadow rows excluded: nobody saw those answers). */
  predictions: number;
  labelled: number;
}

export interface DeploymentFacts {
  /** All time. */
  ever: number;
  /** Everything below counts deployments started in the window. */
  inWindow: number;
  /** Canaries and operator promotions: changes that put a version into traffic. */
  releases: number;
  /** Canaries whose version passed an approval gate. */
  approvedCanaries: number;
  operatorPromotions: number;
  /** Deployments that recorded the stable version they replaced. */
  replacingStableVersion: number;
  /** Canaries that replaced a stable version and were observed against it under live traffic. */
  canariesObservedAgainstStable: number;
  automaticRollbacks: number;
  operatorRollbacks: number;
  /** Releases that reached PROMOTED, per week of the window, oldest week first. */
  promotedPerWeek: number[];
}

export interface ApprovalFacts {
  /** Decisions made in the window. */
  decisions: number;
  /** Of those, decisions by someone other than the person who started the run. */
  decisionsByOthers: number;
  /** Decisions per approver in the window, busiest first. */
  approvers: { name: string; decisions: number }[];
  /** The approvals each gate opened in the window asked for. */
  requiredApprovalsPerGate: number[];
}

export interface AuditFacts {
  /** All time. */
  events: number;
  /** The whole hash chain re-hashed just now. */
  chainVerified: boolean;
  firstInvalidSequence: number | null;
  /** Events in the window recorded under a system actor (system:pipeline, system:deployment, …). */
  platformActions: number;
  /** Distinct people (not system actors) who acted in the window. */
  peopleActing: number;
}

export interface GovernanceFacts {
  /** Now: approval policies admins have set. */
  approvalPolicies: number;
  /** Approval policies created, changed or deleted in the window. */
  policyChanges: number;
}
