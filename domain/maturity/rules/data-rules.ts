import type { AttestedElement, ElementRule } from '../element-rule';
import type { DeployedRoute, MaturityMeasurements } from '../measurements';
import { CONTRACT_SHARE_AUTOMATED } from '../thresholds';
import { count, lastWeeks, listOf, ofTotal, percent, ratio, routeName, shareOf, sumOf } from '../wording';

const runsOf = (m: MaturityMeasurements) => sumOf(m.modelRuns, (r) => r.runs);
const staleModels = (m: MaturityMeasurements) =>
  m.modelRuns.filter((r) => r.latestData !== null && r.latestData.trainedOnVersion < r.latestData.newestVersion);
const contractShare = (m: MaturityMeasurements) =>
  shareOf(sumOf(m.modelRuns, (r) => r.withDataContract), sumOf(m.modelRuns, (r) => r.pastValidation));
const modelsWithoutContract = (m: MaturityMeasurements) => m.modelRuns.filter((r) => r.withDataContract < r.pastValidation).map((r) => r.modelName);
const modelsRegistered = (m: MaturityMeasurements) => m.modelRuns.filter((r) => r.latestData !== null);
const traceableRoutes = (m: MaturityMeasurements) => m.routes.filter((route) => provenanceGaps(route).length === 0);

function contractGap(m: MaturityMeasurements, required: number): string[] {
  const past = sumOf(m.modelRuns, (r) => r.pastValidation);
  if (past > 0 && contractShare(m) >= required) return [];
  return [
    `${ofTotal(sumOf(m.modelRuns, (r) => r.withDataContract), past, 'validated runs')} ${lastWeeks(m)} had a data contract, ${percent(required)} needed: ` +
      `pass expectations to startModelPipeline for ${listOf(modelsWithoutContract(m))}`,
  ];
}

/** What a deployed version's provenance lacks, in words. */
function provenanceGaps(route: DeployedRoute): string[] {
  return [
    ...(route.validated ? [] : ['its run has no validation report']),
    ...(route.reproducible ? [] : ['its run has no complete reproducibility record']),
    ...(route.approved ? [] : ['no approval gate approved it (promoted by an operator)']),
  ];
}

const dataManagement: ElementRule = {
  key: 'data.management',
  dimension: 'DATA',
  source: 'MEASURED',
  element: 'Data management and quality',
  paperElement: 'Processes for data management (with data quality and integrity)',
  practiceCodes: ['D1', 'D3'],
  evidence: (m) => [
    count('validationReports', m.validationReports, `${m.validationReports} validation reports (quality, leakage and split checks)`, 'WINDOW'),
    ratio('runsWithDataContract', sumOf(m.modelRuns, (r) => r.withDataContract), sumOf(m.modelRuns, (r) => r.pastValidation), 'validated runs with a data contract', 'WINDOW'),
  ],
  ladder: [
    {
      stage: 'DATA_OPS',
      requirement: 'Data is checked for quality, leakage and split problems by a standard process before it is trusted.',
      missing: (m) => (m.validationReports > 0 ? [] : [`no validation report ${lastWeeks(m)}: run a pipeline (its validate stage checks the data) or validateDataset`]),
    },
    {
      stage: 'MANUAL_MLOPS',
      requirement: 'Runs declare a data contract (expected columns, ranges, values) that the data must meet before training.',
      missing: (m) => (sumOf(m.modelRuns, (r) => r.withDataContract) > 0 ? [] : [`no run ${lastWeeks(m)} declared a data contract: pass expectations to startModelPipeline`]),
    },
    {
      stage: 'AUTOMATED_MLOPS',
      requirement: `Validation against a contract is the normal path: at least ${percent(CONTRACT_SHARE_AUTOMATED)} of runs, so a broken feed stops the pipeline before training.`,
      missing: (m) => contractGap(m, CONTRACT_SHARE_AUTOMATED),
    },
    {
      stage: 'KAIZEN',
      requirement: 'Every run is validated against a data contract.',
      missing: (m) => contractGap(m, 1),
    },
  ],
};

const dataGovernance: ElementRule = {
  key: 'data.governance',
  dimension: 'DATA',
  source: 'MEASURED',
  element: 'Data governance and audit',
  paperElement: 'Processes for data governance (policies, security, privacy)',
  practiceCodes: ['D4', 'D5'],
  evidence: (m) => [
    count('auditEvents', m.audit.events, `${m.audit.events} events in the hash-chained audit log`, 'ALL_TIME'),
    count(
      'auditChainVerified',
      m.audit.chainVerified ? 1 : 0,
      m.audit.chainVerified
        ? 'every event fits the chain (verified incrementally: each call re-hashes the events appended since the last)'
        : m.audit.firstInvalidSequence === null
          ? 'events were found altered or removed before they were sealed into the chain (audit.tampering_detected)'
          : `the chain breaks at sequence ${m.audit.firstInvalidSequence}`,
      'NOW',
    ),
    count('platformActionsAudited', m.audit.platformActions, 'automated steps recorded under a system actor', 'WINDOW'),
    count('approvalPolicies', m.governance.approvalPolicies, `${m.governance.approvalPolicies} approval policies set by admins`, 'NOW'),
    count('approvalPolicyChanges', m.governance.policyChanges, 'approval policies created, changed or deleted', 'WINDOW'),
    ratio('deployedVersionsTraceable', traceableRoutes(m).length, m.routes.length, 'deployed versions traceable to validated data, a reproducible run and an approval', 'NOW'),
  ],
  ladder: [
    {
      stage: 'DATA_OPS',
      requirement: 'Every change to data, models and releases is written to an append-only audit log under the name of whoever made it.',
      missing: (m) => (m.audit.events > 0 ? [] : ['the audit log is empty: every change made through Provenant is recorded there']),
    },
    {
      stage: 'MANUAL_MLOPS',
      requirement: 'The audit log is tamper-evident and verifies from its first event to its last.',
      missing: (m) =>
        m.audit.chainVerified ? [] : [`the audit hash chain breaks at sequence ${m.audit.firstInvalidSequence}: compare with an earlier export (exportAuditLog) to find what changed`],
    },
    {
      stage: 'AUTOMATED_MLOPS',
      requirement: 'The platform enforces the rules: admins’ approval policies govern release gates, and automated steps are audited like people’s.',
      missing: (m) => [
        ...(m.governance.approvalPolicies > 0 ? [] : ['no approval policy is set: an admin sets who may approve what with createApprovalPolicy']),
        ...(m.audit.platformActions > 0 ? [] : [`no automated step was audited ${lastWeeks(m)}: run a pipeline, whose stages record their work`]),
      ],
    },
    {
      stage: 'KAIZEN',
      requirement: 'Governance is revisited and complete: approval policies were revised in the window, and every deployed version traces back to validated data, a reproducible run and an approval.',
      missing: (m) => [
        ...(m.governance.policyChanges > 0 ? [] : [`no approval policy was revised ${lastWeeks(m)}: review the policies (updateApprovalPolicy) as releases teach you`]),
        ...(m.routes.length === 0
          ? ['no model is deployed, so no release has been traced end to end']
          : m.routes.filter((route) => provenanceGaps(route).length > 0).map((route) => `${routeName(route)} v${route.version}: ${provenanceGaps(route).join('; ')}`)),
      ],
    },
  ],
};

const dataVersioning: ElementRule = {
  key: 'data.versioning',
  dimension: 'DATA',
  source: 'MEASURED',
  element: 'Data versioning',
  paperElement: 'Data versioning',
  practiceCodes: ['D2'],
  evidence: (m) => [
    count('datasetVersions', m.datasetVersions, `${m.datasetVersions} dataset versions registered, each stored under the SHA-256 of its content`, 'ALL_TIME'),
    ratio('runsOnContentAddressedData', sumOf(m.modelRuns, (r) => r.onContentAddressedData), runsOf(m), 'pipeline runs on a content-addressed dataset version', 'WINDOW'),
    count('runsOnDataChosenByPlatform', sumOf(m.modelRuns, (r) => r.startedByDriftMonitor), 'runs whose data version the drift monitor chose (the newest)', 'WINDOW'),
    ratio('modelsOnNewestData', modelsRegistered(m).length - staleModels(m).length, modelsRegistered(m).length, 'models registered whose newest version uses the newest data', 'WINDOW'),
  ],
  ladder: [
    {
      stage: 'DATA_OPS',
      requirement: 'Training data is registered as immutable versions named by the hash of their content.',
      missing: (m) => (m.datasetVersions > 0 ? [] : ['no dataset version is registered: register training data with registerDataset, which stores each version under its content hash']),
    },
    {
      stage: 'MANUAL_MLOPS',
      requirement: 'Models are trained on registered versions only, so every run names its exact data. Provenant accepts no other kind, so this holds whenever runs exist.',
      missing: (m) => {
        const runs = runsOf(m);
        if (runs === 0) return [`no pipeline run ${lastWeeks(m)}: train a model on a registered dataset version with startModelPipeline`];
        const unaddressed = runs - sumOf(m.modelRuns, (r) => r.onContentAddressedData);
        return unaddressed === 0 ? [] : [`runs ${lastWeeks(m)} on a dataset version without a content hash: ${unaddressed}; register their data again with registerDataset`];
      },
    },
    {
      stage: 'AUTOMATED_MLOPS',
      requirement: 'The platform chooses the data of some runs itself: drift-triggered retraining takes the newest version of the dataset.',
      missing: (m) =>
        sumOf(m.modelRuns, (r) => r.startedByDriftMonitor) > 0
          ? []
          : [`no run ${lastWeeks(m)} had its data version chosen by the platform: give deployed models a retraining policy (setRetrainingPolicy) so confirmed drift retrains on the newest version`],
    },
    {
      stage: 'KAIZEN',
      requirement: 'No model is left on old data: the newest version of every model registered in the window was trained on the newest version of its dataset.',
      missing: (m) => {
        if (modelsRegistered(m).length === 0) return [`no model version was registered ${lastWeeks(m)}`];
        const stale = staleModels(m);
        return stale.length === 0
          ? []
          : [`retrain on the newest data: ${listOf(stale.map((r) => `${r.modelName} (trained on ${r.latestData!.datasetName} v${r.latestData!.trainedOnVersion}, newest v${r.latestData!.newestVersion})`))}`];
      },
    },
  ],
};

const featureStore: AttestedElement = {
  key: 'data.feature-store',
  dimension: 'DATA',
  source: 'ATTESTED',
  element: 'Feature store',
  paperElement: 'Feature store',
  practiceCodes: ['D6'],
  unobservable: 'Provenant has no feature store: models read the columns of registered dataset versions, so a feature store, if there is one, runs outside it.',
  stages: {
    AD_HOC: 'Features are computed ad hoc, model by model.',
    DATA_OPS: 'Features come from a feature store run by standardised, automated processes.',
    MANUAL_MLOPS: 'Features come from a feature store run by standardised, automated processes.',
    AUTOMATED_MLOPS: 'Features come from a feature store run by standardised, automated processes.',
    KAIZEN: 'The feature store is continuously improved and optimised.',
  },
  context: (m) => [count('datasetVersions', m.datasetVersions, `${m.datasetVersions} dataset versions registered, the only feature source Provenant sees`, 'ALL_TIME')],
};

export const DATA_ELEMENTS = [dataManagement, dataGovernance, dataVersioning, featureStore];
