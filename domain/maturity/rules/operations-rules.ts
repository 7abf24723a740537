import type { ElementRule } from '../element-rule';
import type { MaturityMeasurements } from '../measurements';
import { count, lastWeeks, listOf, ratio, routeName, sumOf } from '../wording';

const noRoutes = 'no model is deployed: release one through an approval gate (deploy in startModelPipeline)';
const retrained = (m: MaturityMeasurements) => sumOf(m.modelRuns, (r) => r.retrainedByPeople + r.startedByDriftMonitor);
const deployedModels = (m: MaturityMeasurements) => [...new Set(m.routes.map((route) => route.modelName))];
const modelsRetrainingOnDataDrift = (m: MaturityMeasurements) =>
  deployedModels(m).filter((name) => m.routes.some((route) => route.modelName === name && route.retrainsOnDataDrift));
const productionRoutes = (m: MaturityMeasurements) => m.routes.filter((route) => route.environment === 'PRODUCTION');
const modelsInBothEnvironments = (m: MaturityMeasurements) =>
  productionRoutes(m)
    .filter((production) => m.routes.some((route) => route.modelName === production.modelName && route.environment === 'STAGING'))
    .map((production) => production.modelName);

export const OPERATIONS_ELEMENTS: ElementRule[] = [
  {
    key: 'operations.monitoring',
    dimension: 'OPERATIONS_AND_INFRASTRUCTURE',
    source: 'MEASURED',
    element: 'Monitoring that triggers retraining',
    paperElement: 'Processes for model monitoring, including triggering of re-training (when necessary)',
    practiceCodes: ['OI1', 'OI2'],
    evidence: (m) => [
      count('predictionsLogged', sumOf(m.servingModels, (s) => s.predictions), 'predictions served and logged with their inputs', 'WINDOW'),
      ratio('labelledPredictions', sumOf(m.servingModels, (s) => s.labelled), sumOf(m.servingModels, (s) => s.predictions), 'served predictions with ground truth', 'WINDOW'),
      count('driftReports', m.driftReports, `${m.driftReports} drift reports`, 'WINDOW'),
      count('liveTrafficScans', sumOf(m.routes, (route) => route.liveTrafficScans), 'drift scans of deployed models’ live traffic', 'WINDOW'),
      ratio('routesScannedBySchedule', m.routes.filter((route) => route.scheduledLiveTrafficScans > 0).length, m.routes.length, 'deployed routes whose traffic a schedule scanned', 'WINDOW'),
      ratio('routesWithConceptDrift', m.routes.filter((route) => route.conceptDriftScans > 0).length, m.routes.length, 'deployed routes whose performance was measured on ground truth', 'WINDOW'),
      count('enabledRetrainingPolicies', m.enabledRetrainingPolicies, `${m.enabledRetrainingPolicies} enabled retraining policies`, 'NOW'),
      ratio('deployedModelsRetrainingOnDataDrift', modelsRetrainingOnDataDrift(m).length, deployedModels(m).length, 'deployed models whose retraining policy reacts to data drift', 'NOW'),
    ],
    ladder: [
      {
        stage: 'DATA_OPS',
        requirement: 'Every answer a model gives is logged with its inputs, so production can be examined.',
        missing: (m) =>
          sumOf(m.servingModels, (s) => s.predictions) > 0 ? [] : [`no prediction was served ${lastWeeks(m)}: deploy a model and send its requests through the serving process`],
      },
      {
        stage: 'MANUAL_MLOPS',
        requirement: 'People check deployed models’ live traffic for drift when they choose to.',
        missing: (m) =>
          sumOf(m.routes, (route) => route.liveTrafficScans) > 0
            ? []
            : [`no scan of live traffic ${lastWeeks(m)}: triggerDriftScan with an environment compares the served inputs and outputs with the training data`],
      },
      {
        stage: 'AUTOMATED_MLOPS',
        requirement: 'A running schedule scans every deployed route’s traffic, and confirmed drift triggers retraining through an enabled retraining policy.',
        missing: (m) => {
          if (m.routes.length === 0) return [noRoutes];
          const unscanned = m.routes.filter((route) => route.scheduledLiveTrafficScans === 0);
          return [
            ...(unscanned.length === 0
              ? []
              : [`no scheduled scan of live traffic ${lastWeeks(m)} for ${listOf(unscanned.map(routeName))}: schedule one with scheduleDriftScan, or resume a paused schedule`]),
            ...(m.enabledRetrainingPolicies > 0 ? [] : ['no retraining policy is enabled: setRetrainingPolicy so confirmed drift retrains the model when necessary']),
          ];
        },
      },
      {
        stage: 'KAIZEN',
        requirement: 'Monitoring covers everything deployed and feeds back: every route’s performance is measured on ground truth (concept drift), and every deployed model’s retraining policy reacts to data drift.',
        missing: (m) => {
          const unmeasured = m.routes.filter((route) => route.conceptDriftScans === 0);
          const notRetraining = deployedModels(m).filter((name) => !modelsRetrainingOnDataDrift(m).includes(name));
          return [
            ...(unmeasured.length === 0
              ? []
              : [`no scan measured concept drift on labelled predictions ${lastWeeks(m)} for ${listOf(unmeasured.map(routeName))}: record ground truth (recordGroundTruth) for their predictions`]),
            ...(notRetraining.length === 0 ? [] : [`set a retraining policy that reacts to data drift (setRetrainingPolicy with consecutiveDriftedScans) for ${listOf(notRetraining)}`]),
          ];
        },
      },
    ],
  },
  {
    key: 'operations.retraining',
    dimension: 'OPERATIONS_AND_INFRASTRUCTURE',
    source: 'MEASURED',
    element: 'Retraining cadence',
    paperElement: 'Model retraining frequency',
    practiceCodes: ['OI1'],
    evidence: (m) => [
      count('retrainingRuns', retrained(m), 'runs that retrained a model which already had a version', 'WINDOW'),
      count('enabledRetrainingPolicies', m.enabledRetrainingPolicies, `${m.enabledRetrainingPolicies} enabled retraining policies`, 'NOW'),
      count('driftTriggeredRunsReachingApproval', sumOf(m.modelRuns, (r) => r.driftTriggeredReachedApproval), 'drift-triggered runs that reached their approval gate', 'WINDOW'),
      count('driftTriggeredRunsDeployed', sumOf(m.modelRuns, (r) => r.driftTriggeredSucceeded), 'drift-triggered runs approved and deployed', 'WINDOW'),
    ],
    ladder: [
      {
        stage: 'DATA_OPS',
        requirement: 'Registered versions exist that a retrained model could replace.',
        missing: (m) => (m.modelVersions > 0 ? [] : ['no model version is registered']),
      },
      {
        stage: 'MANUAL_MLOPS',
        requirement: 'Models are retrained on new data, when someone decides it is necessary.',
        missing: (m) => (retrained(m) > 0 ? [] : [`no model was retrained ${lastWeeks(m)}: train a new version of a registered model with startModelPipeline`]),
      },
      {
        stage: 'AUTOMATED_MLOPS',
        requirement: 'Retraining happens as often as drift makes it necessary: confirmed drift starts it by itself, and the new version reaches a human approval gate.',
        missing: (m) => {
          if (sumOf(m.modelRuns, (r) => r.driftTriggeredReachedApproval) > 0) return [];
          return m.enabledRetrainingPolicies === 0
            ? ['no retraining policy is enabled: setRetrainingPolicy with deploy so confirmed drift retrains the model and asks for approval']
            : [`no drift-triggered run reached an approval gate ${lastWeeks(m)} (enabled retraining policies: ${m.enabledRetrainingPolicies}): check that their models’ drift is scanned on a schedule`];
        },
      },
      {
        stage: 'KAIZEN',
        requirement: 'Retraining is continuous and iterative: a version retrained because of drift was approved and deployed.',
        missing: (m) =>
          sumOf(m.modelRuns, (r) => r.driftTriggeredSucceeded) > 0
            ? []
            : [`no drift-triggered run was approved and deployed ${lastWeeks(m)}: decide the approval gates of retraining runs`],
      },
    ],
  },
  {
    key: 'operations.infrastructure',
    dimension: 'OPERATIONS_AND_INFRASTRUCTURE',
    source: 'MEASURED',
    element: 'Infrastructure and tooling',
    paperElement: 'Infrastructure and tooling',
    practiceCodes: ['OI3'],
    evidence: (m) => [
      count('datasetVersions', m.datasetVersions, `${m.datasetVersions} dataset versions registered`, 'ALL_TIME'),
      count('deployedRoutes', m.routes.length, `${m.routes.length} traffic routes serving a stable version`, 'NOW'),
      count('driftSchedules', m.driftSchedules, `${m.driftSchedules} drift schedules`, 'NOW'),
      count('modelsInStagingAndProduction', modelsInBothEnvironments(m).length, 'models served in both STAGING and PRODUCTION', 'NOW'),
      ratio('productionVersionsStagedFirst', productionRoutes(m).filter((route) => route.stagedBeforeProduction).length, productionRoutes(m).length, 'PRODUCTION versions promoted in STAGING first', 'NOW'),
    ],
    ladder: [
      {
        stage: 'DATA_OPS',
        requirement: 'Tooling for data management and governance is in use: data is registered as versions and validated on the platform.',
        missing: (m) => [
          ...(m.datasetVersions > 0 ? [] : ['no dataset version is registered: register data with registerDataset']),
          ...(m.validationReports > 0 ? [] : [`no validation report ${lastWeeks(m)}: validate data with validateDataset or a pipeline`]),
        ],
      },
      {
        stage: 'MANUAL_MLOPS',
        requirement: 'Tooling manages the model lifecycle, if by hand: models are registered and served from the platform’s traffic routes.',
        missing: (m) => (m.routes.length > 0 ? [] : [noRoutes]),
      },
      {
        stage: 'AUTOMATED_MLOPS',
        requirement: 'Tooling automates the lifecycle: drift scans run on schedules, and a staging environment stands in front of production.',
        missing: (m) => [
          ...(m.driftSchedules > 0 ? [] : ['no drift schedule: scan deployed models’ traffic on a schedule with scheduleDriftScan']),
          ...(modelsInBothEnvironments(m).length > 0 ? [] : ['no model is served in both STAGING and PRODUCTION: release to STAGING first, then to PRODUCTION']),
        ],
      },
      {
        stage: 'KAIZEN',
        requirement: 'Every production version was promoted in staging before it reached production.',
        missing: (m) => {
          const unstaged = productionRoutes(m).filter((route) => !route.stagedBeforeProduction);
          return unstaged.length === 0
            ? []
            : [`${listOf(unstaged.map((route) => `${route.modelName} v${route.version}`))} reached PRODUCTION without being promoted in STAGING first`];
        },
      },
    ],
  },
];
