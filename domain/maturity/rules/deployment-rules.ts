import type { ElementRule } from '../element-rule';
import type { MaturityMeasurements } from '../measurements';
import { APPROVED_CANARY_SHARE_AUTOMATED, RELEASE_WEEKS_SHARE_AUTOMATED } from '../thresholds';
import { count, lastWeeks, ofTotal, percent, ratio, shareOf, sumOf } from '../wording';

const promoted = (m: MaturityMeasurements) => sumOf(m.deployments.promotedPerWeek, (n) => n);
const pipelineRuns = (m: MaturityMeasurements) => sumOf(m.modelRuns, (r) => r.runs);
const weeksWithRelease = (m: MaturityMeasurements) => m.deployments.promotedPerWeek.filter((n) => n > 0).length;

function approvedCanaryGap(m: MaturityMeasurements, required: number): string[] {
  const { releases, approvedCanaries, operatorPromotions } = m.deployments;
  if (releases > 0 && shareOf(approvedCanaries, releases) >= required) return [];
  return [
    `${ofTotal(approvedCanaries, releases, 'releases')} ${lastWeeks(m)} were approved canaries, ${percent(required)} needed: ` +
      `release with deploy in startModelPipeline instead of promoteDeployment (operator promotions: ${operatorPromotions})`,
  ];
}

export const DEPLOYMENT_ELEMENTS: ElementRule[] = [
  {
    key: 'deployment.process',
    dimension: 'DEPLOYMENT',
    source: 'MEASURED',
    element: 'Release process',
    paperElement: 'Processes for model deployment (with flexible deployment options)',
    practiceCodes: ['DY1', 'DY3'],
    evidence: (m) => [
      count('releases', m.deployments.releases, `${m.deployments.releases} releases (canaries and operator promotions)`, 'WINDOW'),
      ratio('approvedCanaries', m.deployments.approvedCanaries, m.deployments.releases, 'releases that were canaries of approved versions', 'WINDOW'),
      count('operatorPromotions', m.deployments.operatorPromotions, `${m.deployments.operatorPromotions} versions promoted by an operator without a canary`, 'WINDOW'),
      count('canariesObservedAgainstStable', m.deployments.canariesObservedAgainstStable, 'canaries compared with the stable version under live traffic', 'WINDOW'),
    ],
    ladder: [
      {
        stage: 'DATA_OPS',
        requirement: 'Deployable model files exist, built from versioned data, but releases happen outside the platform.',
        missing: (m) => (m.modelVersions > 0 ? [] : ['no model version is registered, so there is nothing to release']),
      },
      {
        stage: 'MANUAL_MLOPS',
        requirement: 'Models are released through the platform, even if by hand.',
        missing: (m) =>
          m.deployments.inWindow > 0 ? [] : [`no deployment ${lastWeeks(m)}: ask for one with deploy in startModelPipeline, or promote a version with promoteDeployment`],
      },
      {
        stage: 'AUTOMATED_MLOPS',
        requirement: `At least ${percent(APPROVED_CANARY_SHARE_AUTOMATED)} of releases are canaries of approved versions that the platform rolls out step by step.`,
        missing: (m) => approvedCanaryGap(m, APPROVED_CANARY_SHARE_AUTOMATED),
      },
      {
        stage: 'KAIZEN',
        requirement: 'Every release is an approved canary, and canaries are judged against the stable version under live traffic.',
        missing: (m) => [
          ...approvedCanaryGap(m, 1),
          ...(m.deployments.canariesObservedAgainstStable > 0
            ? []
            : [`no canary ${lastWeeks(m)} was compared with a stable version under live traffic (a model’s first deployment becomes stable at once): release a new version of a deployed model`]),
        ],
      },
    ],
  },
  {
    key: 'deployment.frequency',
    dimension: 'DEPLOYMENT',
    source: 'MEASURED',
    element: 'Release frequency',
    paperElement: 'Model deployment frequency',
    practiceCodes: [],
    evidence: (m) => [
      count('deploymentsEver', m.deployments.ever, `${m.deployments.ever} deployments`, 'ALL_TIME'),
      count('promotedReleasesPerWeek', promoted(m) / m.weeks, `${promoted(m)} releases promoted over ${m.weeks} weeks`, 'WINDOW'),
      ratio('weeksWithRelease', weeksWithRelease(m), m.weeks, 'weeks with a promoted release', 'WINDOW'),
    ],
    ladder: [
      {
        stage: 'DATA_OPS',
        requirement: 'Models have reached serving at least once; releases are rare, one-off events.',
        missing: (m) => (m.deployments.ever > 0 ? [] : ['no model has ever been deployed']),
      },
      {
        stage: 'MANUAL_MLOPS',
        requirement: 'Releases still happen: at least one was promoted in the window.',
        missing: (m) => (promoted(m) > 0 ? [] : [`no release was promoted ${lastWeeks(m)}`]),
      },
      {
        stage: 'AUTOMATED_MLOPS',
        requirement: `Releases have a cadence: at least ${percent(RELEASE_WEEKS_SHARE_AUTOMATED)} of the window’s weeks saw one promoted.`,
        missing: (m) =>
          shareOf(weeksWithRelease(m), m.weeks) >= RELEASE_WEEKS_SHARE_AUTOMATED
            ? []
            : [`releases were promoted in ${ofTotal(weeksWithRelease(m), m.weeks, 'weeks')}, ${percent(RELEASE_WEEKS_SHARE_AUTOMATED)} needed: release smaller changes more often`],
      },
      {
        stage: 'KAIZEN',
        requirement: 'Every week of the window saw a release promoted.',
        missing: (m) => {
          const quiet = m.weeks - weeksWithRelease(m);
          return quiet === 0 ? [] : [`no release was promoted in ${quiet} of the last ${m.weeks} weeks`];
        },
      },
    ],
  },
  {
    key: 'deployment.ci-cd',
    dimension: 'DEPLOYMENT',
    source: 'MEASURED',
    element: 'Release pipeline (CI/CD)',
    paperElement: 'CI/CD pipeline',
    practiceCodes: ['DY2'],
    evidence: (m) => [
      count('pipelineRuns', pipelineRuns(m), 'pipeline runs (validate, train, evaluate, register)', 'WINDOW'),
      count('approvedCanaries', m.deployments.approvedCanaries, 'versions the pipeline carried through an approval gate into a canary', 'WINDOW'),
      count('canariesObservedAgainstStable', m.deployments.canariesObservedAgainstStable, 'canaries watched against the stable version, ready to roll back', 'WINDOW'),
      count('automaticRollbacks', m.deployments.automaticRollbacks, 'canaries rolled back automatically', 'WINDOW'),
      count('operatorRollbacks', m.deployments.operatorRollbacks, 'rollbacks made by an operator', 'WINDOW'),
    ],
    ladder: [
      {
        stage: 'DATA_OPS',
        requirement: 'An initial pipeline builds models: runs validate, train, evaluate and register them, rather than people by hand.',
        missing: (m) => (pipelineRuns(m) > 0 ? [] : [`no pipeline run ${lastWeeks(m)}: train with startModelPipeline`]),
      },
      {
        stage: 'MANUAL_MLOPS',
        requirement: 'A manual CI/CD pipeline: the pipeline carries a version through a human approval gate into serving.',
        missing: (m) =>
          m.deployments.approvedCanaries > 0
            ? []
            : [`no version went from a pipeline through an approval gate into serving ${lastWeeks(m)}: ask for deployment with deploy in startModelPipeline`],
      },
      {
        stage: 'AUTOMATED_MLOPS',
        requirement: 'A highly automated pipeline: releases go out as canaries watched against the stable version and rolled back by themselves when a step fails.',
        missing: (m) =>
          m.deployments.canariesObservedAgainstStable > 0
            ? []
            : [`no canary ${lastWeeks(m)} replaced a stable version under observation: release new versions of deployed models with deploy in startModelPipeline rather than promoteDeployment`],
      },
      {
        stage: 'KAIZEN',
        requirement: 'The pipeline has proven itself and nothing got past it: at least one automatic rollback and no operator rollback in the window.',
        missing: (m) => [
          ...(m.deployments.automaticRollbacks > 0 ? [] : [`no canary was rolled back automatically ${lastWeeks(m)}: rehearse it in STAGING with a deliberately worse version`]),
          ...(m.deployments.operatorRollbacks === 0
            ? []
            : [`operator rollbacks ${lastWeeks(m)}: ${m.deployments.operatorRollbacks}; a bad version got past its canary, so tighten the canary policy (maxErrorRate, maxPredictionShift, minRequests)`]),
        ],
      },
    ],
  },

];
