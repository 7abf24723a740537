import type { DeployedRoute, MaturityMeasurements, ModelRuns } from './measurements';

/** A deployment with no records at all, for tests to add to. */
export function emptyMeasurements(overrides: Partial<MaturityMeasurements> = {}): MaturityMeasurements {
  return {
    weeks: 4,
    datasetVersions: 0,
    modelVersions: 0,
    modelsWithSeveralVersions: 0,
    validationReports: 0,
    modelRuns: [],
    reproductions: { verified: 0, mismatchedModels: [] },
    modelsWithAlias: 0,
    aliasMovesByPlatform: 0,
    routes: [],
    driftReports: 0,
    driftSchedules: 0,
    enabledRetrainingPolicies: 0,
    servingModels: [],
    deployments: {
      ever: 0,
      inWindow: 0,
      releases: 0,
      approvedCanaries: 0,
      operatorPromotions: 0,
      replacingStableVersion: 0,
      canariesObservedAgainstStable: 0,
      automaticRollbacks: 0,
      operatorRollbacks: 0,
      promotedPerWeek: [0, 0, 0, 0],
    },
    approvals: { decisions: 0, decisionsByOthers: 0, approvers: [], requiredApprovalsPerGate: [] },
    audit: { events: 0, chainVerified: true, firstInvalidSequence: null, platformActions: 0, peopleActing: 0 },
    governance: { approvalPolicies: 0, policyChanges: 0 },
    ...overrides,
  };
}

/** One model's runs in the window: `runs` of them, each registered, validated and recorded unless overridden. */
export function modelRuns(modelName: string, runs: number, overrides: Partial<ModelRuns> = {}): ModelRuns {
  return {
    modelName,
    runs,
    onContentAddressedData: runs,
    startedByDriftMonitor: 0,
    pastValidation: runs,
    withDataContract: 0,
    withCrossValidationOrTuning: 0,
    withTuning: 0,
    registered: runs,
    completeReproducibility: runs,
    retrainedByPeople: 0,
    driftTriggeredReachedApproval: 0,
    driftTriggeredSucceeded: 0,
    evaluated: runs,
    evaluatedWithQualityChecks: 0,
    comparedWithChampion: 0,
    championComparisonSkipped: 0,
    latestData: { datasetName: 'weather', trainedOnVersion: 1, newestVersion: 1 },
    hasChampion: false,
    ...overrides,
  };
}

export function deployedRoute(modelName: string, overrides: Partial<DeployedRoute> = {}): DeployedRoute {
  return {
    modelName,
    environment: 'STAGING',
    version: 1,
    hasDriftSchedule: false,
    liveTrafficScans: 0,
    scheduledLiveTrafficScans: 0,
    conceptDriftScans: 0,
    retrainsOnDataDrift: false,
    stagedBeforeProduction: null,
    validated: true,
    reproducible: true,
    approved: true,
    ...overrides,
  };
}
