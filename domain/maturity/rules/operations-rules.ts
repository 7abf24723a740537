import type { ElementRule } from '../element-rule';
import type { MaturityMeasurements } from '../measurements';
import { count, lastWeeks, listOf, ratio, routeName, sumOf } from '../wording';

const noRoutes = 'no model is deployed: release one through an approval gate (deploy in startModelPipeline)';
const retrained = (m: MaturityMeasurements) => sumOf(m.modelRuns, (r) => r.retrainedByPeople + r.startedByDriftMonitor);
const productionRoutes = (m: MaturityMeasurements) => m.routes.filter((route) => route.environment === 'PRODUCTION');
const modelsInBothEnvironments = (m: MaturityMeasurements) =>
  productionRoutes(m)
    .filter((production) => m.routes.some((route) => route.modelName === production.modelName && route.environment === 'STAGING'))
    .map((production) => production.modelName);

export const OPERATIONS_RULES: ElementRule[] = [
  {
    key: 'operations.production-monitoring',
    dimension: 'OPERATIONS_AND_INFRASTRUCTURE',
    element: 'Production monitoring',
    evidence: (m) => [
      count('predictionsLogged', sumOf(m.servingModels, (s) => s.predictions), 'predictions served and logged with their inputs', 'WINDOW'),
      count('liveTrafficScans', sumOf(m.routes, (route) => route.liveTrafficScans), 'drift scans of deployed models’ live traffic', 'WINDOW'),
      ratio('routesScannedBySchedule', m.routes.filter((route) => route.scheduledLiveTrafficScans > 0).length, m.routes.length, 'deployed routes whose traffic a schedule scanned', 'WINDOW'),
      ratio('routesWithConceptDrift', m.routes.filter((route) => route.conceptDriftScans > 0).length, m.routes.length, 'deployed routes whose performance was measured on ground truth', 'WINDOW'),
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
        requirement: 'A running schedule scans every deployed route’s traffic.',
        missing: (m) => {
          if (m.routes.length === 0) return [noRoutes];
          const unscanned = m.routes.filter((route) => route.scheduledLiveTrafficScans === 0);
          return unscanned.length === 0
            ? []
            : [`no scheduled scan of live traffic ${lastWeeks(m)} for ${listOf(unscanned.map(routeName))}: schedule one with scheduleDriftScan, or resume a paused schedule`];
        },
      },
      {
        stage: 'KAIZEN',
        requirement: 'Every deployed route’s performance is measured on ground truth (concept drift), not only its inputs.',
        missing: (m) => {
          const unmeasured = m.routes.filter((route) => route.conceptDriftScans === 0);
          return unmeasured.length === 0
            ? []
            : [`no scan measured concept drift on labelled predictions ${lastWeeks(m)} for ${listOf(unmeasured.map(routeName))}: record ground truth (recordGroundTruth) for their predictions`];
        },
      },
    ],
  },
  {
    key: 'operations.retraining',
    dimension: 'OPERATIONS_AND_INFRASTRUCTURE',
    element: 'Automated retraining',
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
        requirement: 'Models are retrained on new data, if only when someone decides to.',
        missing: (m) => (retrained(m) > 0 ? [] : [`no model was retrained ${lastWeeks(m)}: train a new version of a registered model with startModelPipeline`]),
      },
      {
        stage: 'AUTOMATED_MLOPS',
        requirement: 'Confirmed drift starts retraining by itself, and the new version reaches a human approval gate.',
        missing: (m) => {
          if (sumOf(m.modelRuns, (r) => r.driftTriggeredReachedApproval) > 0) return [];
          return m.enabledRetrainingPolicies === 0
            ? ['no retraining policy is enabled: setRetrainingPolicy with deploy so confirmed drift retrains the model and asks for approval']
            : [`no drift-triggered run reached an approval gate ${lastWeeks(m)} (enabled retraining policies: ${m.enabledRetrainingPolicies}): check that their models’ drift is scanned on a schedule`];
        },
      },
      {
        stage: 'KAIZEN',
        requirement: 'The loop closes: a version retrained because of drift was approved and deployed.',
        missing: (m) =>
          sumOf(m.modelRuns, (r) => r.driftTriggeredSucceeded) > 0
            ? []
            : [`no drift-triggered run was approved and deployed ${lastWeeks(m)}: decide the approval gates of retraining runs`],
      },
    ],
  },
  {
    key: 'operations.serving-environments',
    dimension: 'OPERATIONS_AND_INFRASTRUCTURE',
    element: 'Serving environments',
    evidence: (m) => [
      count('deployedRoutes', m.routes.length, `${m.routes.length} traffic routes serving a stable version`, 'NOW'),
      count('modelsInStagingAndProduction', modelsInBothEnvironments(m).length, 'models served in both STAGING and PRODUCTION', 'NOW'),
      ratio('productionVersionsStagedFirst', productionRoutes(m).filter((route) => route.stagedBeforeProduction).length, productionRoutes(m).length, 'PRODUCTION versions promoted in STAGING first', 'NOW'),
    ],
    ladder: [
      {
        stage: 'DATA_OPS',
        requirement: 'Model files carry their own preprocessing (ONNX), so any registered version could be served.',
        missing: (m) => (m.modelVersions > 0 ? [] : ['no model version is registered']),
      },
      {
        stage: 'MANUAL_MLOPS',
        requirement: 'The platform serves models from traffic routes.',
        missing: (m) => (m.routes.length > 0 ? [] : [noRoutes]),
      },
      {
        stage: 'AUTOMATED_MLOPS',
        requirement: 'A staging environment stands in front of production: some model is served in both.',
        missing: (m) =>
          modelsInBothEnvironments(m).length > 0
            ? []
            : ['no model is served in both STAGING and PRODUCTION: release to STAGING first, then to PRODUCTION'],
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
