import type { ElementRule } from '../element-rule';
import { CONTRACT_SHARE_AUTOMATED, LABELLED_SHARE_AUTOMATED, LABELLED_SHARE_KAIZEN } from '../thresholds';
import { count, lastWeeks, listOf, ofTotal, percent, ratio, routeName, shareOf, sumOf } from '../wording';
import type { MaturityMeasurements } from '../measurements';

const runsOf = (m: MaturityMeasurements) => sumOf(m.modelRuns, (r) => r.runs);
const staleModels = (m: MaturityMeasurements) =>
  m.modelRuns.filter((r) => r.latestData !== null && r.latestData.trainedOnVersion < r.latestData.newestVersion);
const contractShare = (m: MaturityMeasurements) =>
  shareOf(sumOf(m.modelRuns, (r) => r.withDataContract), sumOf(m.modelRuns, (r) => r.pastValidation));
const modelsWithoutContract = (m: MaturityMeasurements) => m.modelRuns.filter((r) => r.withDataContract < r.pastValidation).map((r) => r.modelName);
const deployedModels = (m: MaturityMeasurements) => [...new Set(m.routes.map((route) => route.modelName))];
const modelsRetrainingOnDataDrift = (m: MaturityMeasurements) =>
  deployedModels(m).filter((name) => m.routes.some((route) => route.modelName === name && route.retrainsOnDataDrift));
const modelsRegistered = (m: MaturityMeasurements) => m.modelRuns.filter((r) => r.latestData !== null);
const labelledShare = (model: { predictions: number; labelled: number }) => shareOf(model.labelled, model.predictions);

function contractGap(m: MaturityMeasurements, required: number): string[] {
  const past = sumOf(m.modelRuns, (r) => r.pastValidation);
  if (past > 0 && contractShare(m) >= required) return [];
  return [
    `${ofTotal(sumOf(m.modelRuns, (r) => r.withDataContract), past, 'validated runs')} ${lastWeeks(m)} had a data contract, ${percent(required)} needed: ` +
      `pass expectations to startModelPipeline for ${listOf(modelsWithoutContract(m))}`,
  ];
}

function labelGap(m: MaturityMeasurements, required: number): string[] {
  const below = m.servingModels.filter((model) => labelledShare(model) < required);
  if (m.servingModels.length === 0) return [`no model answered requests ${lastWeeks(m)}`];
  if (below.length === 0) return [];
  return [`label at least ${percent(required)} of the answers of ${listOf(below.map((model) => `${model.modelName} (${percent(labelledShare(model))})`))}`];
}

export const DATA_RULES: ElementRule[] = [
  {
    key: 'data.versioning',
    dimension: 'DATA',
    element: 'Data versioning',
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
  },
  {
    key: 'data.validation',
    dimension: 'DATA',
    element: 'Data validation',
    evidence: (m) => [
      count('validationReports', m.validationReports, `${m.validationReports} validation reports (quality, leakage and split checks)`, 'WINDOW'),
      ratio('runsWithDataContract', sumOf(m.modelRuns, (r) => r.withDataContract), sumOf(m.modelRuns, (r) => r.pastValidation), 'validated runs with a data contract', 'WINDOW'),
    ],
    ladder: [
      {
        stage: 'DATA_OPS',
        requirement: 'Data is checked for quality, leakage and split problems before it is trusted.',
        missing: (m) => (m.validationReports > 0 ? [] : [`no validation report ${lastWeeks(m)}: run a pipeline (its validate stage checks the data) or validateDataset`]),
      },
      {
        stage: 'MANUAL_MLOPS',
        requirement: 'Runs declare a data contract (expected columns, ranges, values) that the data must meet before training.',
        missing: (m) =>
          sumOf(m.modelRuns, (r) => r.withDataContract) > 0 ? [] : [`no run ${lastWeeks(m)} declared a data contract: pass expectations to startModelPipeline`],
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
  },
  {
    key: 'data.drift-monitoring',
    dimension: 'DATA',
    element: 'Data drift monitoring',
    evidence: (m) => [
      count('modelVersions', m.modelVersions, `${m.modelVersions} model versions, each with its training data profiled as the drift reference`, 'ALL_TIME'),
      count('driftReports', m.driftReports, `${m.driftReports} drift reports`, 'WINDOW'),
      ratio('deployedRoutesWithDriftSchedule', m.routes.filter((route) => route.hasDriftSchedule).length, m.routes.length, 'deployed routes with a drift schedule', 'NOW'),
      ratio('deployedModelsRetrainingOnDataDrift', modelsRetrainingOnDataDrift(m).length, deployedModels(m).length, 'deployed models whose retraining policy reacts to data drift', 'NOW'),
    ],
    ladder: [
      {
        stage: 'DATA_OPS',
        requirement: 'The data each model learned from is profiled and kept, so there is a reference to compare new data with.',
        missing: (m) => (m.modelVersions > 0 ? [] : ['no model version is registered: a registered version’s training data becomes its drift reference']),
      },
      {
        stage: 'MANUAL_MLOPS',
        requirement: 'People compare live or new data with the training data when they suspect a change.',
        missing: (m) =>
          m.driftReports > 0 || m.driftSchedules > 0
            ? []
            : [`no drift scan ${lastWeeks(m)} and no drift schedule: compare a model’s traffic or a new dataset version with its training data using triggerDriftScan`],
      },
      {
        stage: 'AUTOMATED_MLOPS',
        requirement: 'Every deployed model’s inputs are scanned for drift on a schedule.',
        missing: (m) => {
          if (m.routes.length === 0) return ['no model is deployed: deploy one through an approval gate, then schedule its drift scans'];
          const unscheduled = m.routes.filter((route) => !route.hasDriftSchedule);
          return unscheduled.length === 0
            ? []
            : [`schedule drift scans (scheduleDriftScan) for ${unscheduled.length} of ${m.routes.length} deployed routes: ${listOf(unscheduled.map(routeName))}`];
        },
      },
      {
        stage: 'KAIZEN',
        requirement: 'Drift in the inputs feeds back into the model: every deployed model has an enabled retraining policy that reacts to data drift.',
        missing: (m) => {
          const without = deployedModels(m).filter((name) => !modelsRetrainingOnDataDrift(m).includes(name));
          return without.length === 0
            ? []
            : [`set a retraining policy that reacts to data drift (setRetrainingPolicy with consecutiveDriftedScans) for ${listOf(without)}`];
        },
      },
    ],
  },
  {
    key: 'data.ground-truth',
    dimension: 'DATA',
    element: 'Ground-truth labelling',
    evidence: (m) => [
      ratio('labelledPredictions', sumOf(m.servingModels, (s) => s.labelled), sumOf(m.servingModels, (s) => s.predictions), 'served predictions with ground truth', 'WINDOW'),
      ratio('servingModelsWithLabels', m.servingModels.filter((s) => s.labelled > 0).length, m.servingModels.length, 'models answering requests with some ground truth', 'WINDOW'),
    ],
    ladder: [
      {
        stage: 'DATA_OPS',
        requirement: 'The observed outcomes of served predictions are recorded as data.',
        missing: (m) => {
          if (m.servingModels.length === 0) return [`no model answered requests ${lastWeeks(m)}: once deployed models serve predictions, record their observed outcomes with recordGroundTruth`];
          return sumOf(m.servingModels, (s) => s.labelled) > 0 ? [] : [`no ground truth was recorded for predictions served ${lastWeeks(m)}: record observed outcomes with recordGroundTruth`];
        },
      },
      {
        stage: 'MANUAL_MLOPS',
        requirement: 'Every model that answers requests gets some of its answers labelled.',
        missing: (m) => {
          const unlabelled = m.servingModels.filter((s) => s.labelled === 0);
          return unlabelled.length === 0 ? [] : [`record ground truth (recordGroundTruth) for the predictions of ${listOf(unlabelled.map((s) => s.modelName))}`];
        },
      },
      {
        stage: 'AUTOMATED_MLOPS',
        requirement: `At least ${percent(LABELLED_SHARE_AUTOMATED)} of every serving model’s answers are labelled: more than people keep up with by hand, so outcomes flow back through a process.`,
        missing: (m) => labelGap(m, LABELLED_SHARE_AUTOMATED),
      },
      {
        stage: 'KAIZEN',
        requirement: `At least ${percent(LABELLED_SHARE_KAIZEN)} of every serving model’s answers are labelled, so its performance is measured rather than inferred from its inputs.`,
        missing: (m) => labelGap(m, LABELLED_SHARE_KAIZEN),
      },
    ],
  },
];
