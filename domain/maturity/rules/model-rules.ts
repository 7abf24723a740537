import type { MaturityElementDefinition } from '../element-rule';
import type { MaturityMeasurements } from '../measurements';
import { CHECKED_SHARE_AUTOMATED } from '../thresholds';
import { count, lastWeeks, listOf, ofTotal, percent, ratio, shareOf, sumOf } from '../wording';

const registeredRuns = (m: MaturityMeasurements) => sumOf(m.modelRuns, (r) => r.registered);
const completeRecords = (m: MaturityMeasurements) => sumOf(m.modelRuns, (r) => r.completeReproducibility);
const evaluated = (m: MaturityMeasurements) => sumOf(m.modelRuns, (r) => r.evaluated);
const checked = (m: MaturityMeasurements) => sumOf(m.modelRuns, (r) => r.evaluatedWithQualityChecks);

function nothingRegistered(m: MaturityMeasurements): string[] {
  return registeredRuns(m) > 0 ? [] : [`no run registered a model version ${lastWeeks(m)}: train one with startModelPipeline`];
}

export const MODEL_ELEMENTS: MaturityElementDefinition[] = [
  {
    key: 'model.development',
    dimension: 'MODEL',
    source: 'MEASURED',
    element: 'Model development and quality assurance',
    paperElement: 'Processes for model development, with model quality and assurance',
    practiceCodes: ['M1'],
    evidence: (m) => [
      count('evaluationReports', evaluated(m), `${evaluated(m)} evaluation reports on held-out data`, 'WINDOW'),
      ratio('evaluationsWithQualityChecks', checked(m), evaluated(m), 'evaluations judged by quality checks', 'WINDOW'),
      count('championComparisons', sumOf(m.modelRuns, (r) => r.comparedWithChampion), 'evaluations compared with the champion on the same rows', 'WINDOW'),
      count('championComparisonsSkipped', sumOf(m.modelRuns, (r) => r.championComparisonSkipped), 'evaluations whose champion comparison was skipped', 'WINDOW'),
    ],
    ladder: [
      {
        stage: 'DATA_OPS',
        requirement: 'Models are evaluated on held-out data and the results are kept.',
        missing: (m) => (evaluated(m) > 0 ? [] : [`no evaluation report ${lastWeeks(m)}: every pipeline run evaluates its model on the held-out split`]),
      },
      {
        stage: 'MANUAL_MLOPS',
        requirement: 'Quality checks state what a model must reach before anyone may deploy it.',
        missing: (m) => (checked(m) > 0 ? [] : [`no run ${lastWeeks(m)} had quality checks: pass qualityChecks to startModelPipeline`]),
      },
      {
        stage: 'AUTOMATED_MLOPS',
        requirement: `Quality checks, not a person reading metrics, judge at least ${percent(CHECKED_SHARE_AUTOMATED)} of candidates.`,
        missing: (m) => {
          if (shareOf(checked(m), evaluated(m)) >= CHECKED_SHARE_AUTOMATED) return [];
          const unchecked = m.modelRuns.filter((r) => r.evaluatedWithQualityChecks < r.evaluated).map((r) => r.modelName);
          return [`${ofTotal(checked(m), evaluated(m), 'evaluations')} had quality checks, ${percent(CHECKED_SHARE_AUTOMATED)} needed: pass qualityChecks for ${listOf(unchecked)}`];
        },
      },
      {
        stage: 'KAIZEN',
        requirement: 'Every candidate faces the model it would replace: candidates are compared with their champion, and no comparison is skipped.',
        missing: (m) => {
          const skipped = m.modelRuns.filter((r) => r.championComparisonSkipped > 0).map((r) => r.modelName);
          return [
            ...(sumOf(m.modelRuns, (r) => r.comparedWithChampion) > 0
              ? []
              : [`no candidate was compared with a champion ${lastWeeks(m)}: name the version in use with setModelAlias (alias champion) so later runs are compared with it`]),
            ...(skipped.length === 0 ? [] : [`the champion comparison was skipped for ${listOf(skipped)}: keep the champion’s features in the data new candidates are evaluated on`]),
          ];
        },
      },
    ],
  },  {
    key: 'model.code-versioning',
    dimension: 'MODEL',
    source: 'ATTESTED',
    element: 'Code versioning and review',
    paperElement: 'Code versioning and code review',
    practiceCodes: ['M2'],
    unobservable: 'Provenant records the git commit each run was trained from, but code review happens in the code host, which it does not see.',
    stages: {
      AD_HOC: 'Code is versioned and reviewed ad hoc.',
      DATA_OPS: 'Code is versioned and reviewed, at a basic level.',
      MANUAL_MLOPS: 'Code versioning and review are highly structured and done by hand.',
      AUTOMATED_MLOPS: 'Code versioning and review are highly structured and automated (required reviews and checks on every change).',
      KAIZEN: 'Code versioning and review are continuously improved and optimised.',
    },
    context: (m) => [
      ratio('runsRecordingCommit', completeRecords(m), registeredRuns(m), 'registered runs recording the git commit they were trained from (with seed and trainer version)', 'WINDOW'),
    ],
  },
  {
    key: 'model.metadata',
    dimension: 'MODEL',
    source: 'MEASURED',
    element: 'Model registry and metadata',
    paperElement: 'Model metadata management',
    practiceCodes: ['M4'],
    evidence: (m) => [
      count('modelVersions', m.modelVersions, `${m.modelVersions} model versions registered with their data, metrics and model file`, 'ALL_TIME'),
      count('modelsWithAlias', m.modelsWithAlias, `${m.modelsWithAlias} models with an alias (champion, staging, …)`, 'NOW'),
      count('aliasMovesByPlatform', m.aliasMovesByPlatform, `${m.aliasMovesByPlatform} alias moves made by the platform`, 'WINDOW'),
      ratio('trainedModelsWithChampion', m.modelRuns.filter((r) => r.hasChampion).length, m.modelRuns.length, 'models trained in the window that have a champion', 'NOW'),
    ],
    ladder: [
      {
        stage: 'DATA_OPS',
        requirement: 'Model versions are registered with the data, metrics and file they came from.',
        missing: (m) => (m.modelVersions > 0 ? [] : ['no model version is registered: a pipeline run registers one when it finishes']),
      },
      {
        stage: 'MANUAL_MLOPS',
        requirement: 'Versions are referred to by role (aliases such as champion or staging) rather than by number.',
        missing: (m) => (m.modelsWithAlias > 0 ? [] : ['no model has an alias: name the version in use with setModelAlias (e.g. champion)']),
      },
      {
        stage: 'AUTOMATED_MLOPS',
        requirement: 'The platform moves aliases itself as versions are released.',
        missing: (m) =>
          m.aliasMovesByPlatform > 0
            ? []
            : [`the platform moved no alias ${lastWeeks(m)}: release through an approval gate, which points the environment’s alias at the promoted version`],
      },
      {
        stage: 'KAIZEN',
        requirement: 'Every model in active development has a champion that its new candidates must beat.',
        missing: (m) => {
          const without = m.modelRuns.filter((r) => !r.hasChampion).map((r) => r.modelName);
          return without.length === 0 ? [] : [`set a champion alias (setModelAlias) for ${listOf(without)}`];
        },
      },
    ],
  },  {
    key: 'model.reproducibility',
    dimension: 'MODEL',
    source: 'MEASURED',
    element: 'Reproducible training',
    paperElement: 'Reproducible experimentation setup',
    practiceCodes: ['M3'],
    evidence: (m) => [
      count('registeredRuns', registeredRuns(m), `${registeredRuns(m)} runs registered a model version`, 'WINDOW'),
      ratio('runsWithCompleteReproducibility', completeRecords(m), registeredRuns(m), 'registered runs recording data hash, seed, trainer version and git commit', 'WINDOW'),
      ratio('runsWithCrossValidationOrTuning', sumOf(m.modelRuns, (r) => r.withCrossValidationOrTuning), sumOf(m.modelRuns, (r) => r.runs), 'runs recording cross-validation folds or tuning trials', 'WINDOW'),
      count('reproductionsVerified', m.reproductions.verified, `${m.reproductions.verified} sets of runs with identical records that produced the identical model file`, 'WINDOW'),
      count('reproductionsMismatched', m.reproductions.mismatchedModels.length, `models whose identical records produced different model files: ${listOf(m.reproductions.mismatchedModels) || 'none'}`, 'WINDOW'),
    ],
    ladder: [
      {
        stage: 'DATA_OPS',
        requirement: 'Models are built on registered data, so at least the data behind each model is pinned.',
        missing: nothingRegistered,
      },
      {
        stage: 'MANUAL_MLOPS',
        requirement: 'Runs record what it takes to train the same model again: data hash, seed, trainer version and code commit.',
        missing: (m) =>
          completeRecords(m) > 0
            ? []
            : [`no run ${lastWeeks(m)} recorded its code commit: run workers from a git checkout or set PROVENANT_GIT_COMMIT`],
      },
      {
        stage: 'AUTOMATED_MLOPS',
        requirement: 'Every registered run records it, without exception.',
        missing: (m) => {
          const incomplete = m.modelRuns.filter((r) => r.completeReproducibility < r.registered).map((r) => r.modelName);
          return incomplete.length === 0
            ? []
            : [`${ofTotal(completeRecords(m), registeredRuns(m), 'registered runs')} have a complete record; runs of ${listOf(incomplete)} lack a git commit: set PROVENANT_GIT_COMMIT on their workers`];
        },
      },
      {
        stage: 'KAIZEN',
        requirement: 'Reproducibility is proven, not assumed: retraining from a record has given the identical model file, and never a different one.',
        missing: (m) => [
          ...(m.reproductions.verified > 0
            ? []
            : [`no run ${lastWeeks(m)} repeated an earlier run’s inputs: re-run a built-in training with a new runKey and otherwise identical inputs to prove it gives the same model file`]),
          ...(m.reproductions.mismatchedModels.length === 0
            ? []
            : [`identical records gave different model files for ${listOf(m.reproductions.mismatchedModels)}: find the nondeterminism in their training`]),
        ],
      },
    ],
  },];
