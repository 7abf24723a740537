import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ElementRule } from '../element-rule';
import type { MaturityMeasurements } from '../measurements';
import { deployedRoute, emptyMeasurements, modelRuns } from '../measurements.fixture';
import { scoreElement, type ElementScore } from '../scorecard';
import { maturityElement } from '.';

function score(key: string, m: MaturityMeasurements): ElementScore {
  const element = maturityElement(key);
  assert.equal(element?.source, 'MEASURED', key);
  return scoreElement(element as ElementRule, m);
}
const stageOf = (key: string, m: MaturityMeasurements) => score(key, m).stage;
const missingOf = (key: string, m: MaturityMeasurements) => score(key, m).nextStage?.missing;

/** Everything up to Manual MLOps in place for the elements that depend on runs and deployments. */
const base = (overrides: Partial<MaturityMeasurements> = {}) =>
  emptyMeasurements({ datasetVersions: 1, modelVersions: 2, modelsWithSeveralVersions: 1, validationReports: 1, ...overrides });
const deployments = (overrides: Partial<MaturityMeasurements['deployments']>) => ({ ...emptyMeasurements().deployments, ever: 1, inWindow: 1, ...overrides });

describe('maturity rules: data', () => {
  test('data management: a data contract on 80% of validated runs is Automated MLOps, on all of them Kaizen', () => {
    const withContracts = (withDataContract: number, runs: number) => base({ modelRuns: [modelRuns('weather', runs, { withDataContract })] });
    assert.equal(stageOf('data.management', emptyMeasurements()), 'AD_HOC');
    assert.equal(stageOf('data.management', withContracts(0, 5)), 'DATA_OPS');
    assert.equal(stageOf('data.management', withContracts(1, 5)), 'MANUAL_MLOPS');
    assert.equal(stageOf('data.management', withContracts(79, 100)), 'MANUAL_MLOPS');
    assert.equal(stageOf('data.management', withContracts(4, 5)), 'AUTOMATED_MLOPS');
    assert.equal(stageOf('data.management', withContracts(5, 5)), 'KAIZEN');
    assert.deepEqual(missingOf('data.management', withContracts(4, 5)), [
      '4 of 5 validated runs (80%) in the last 4 weeks had a data contract, 100% needed: pass expectations to startModelPipeline for weather',
    ]);
  });

  test('data governance: an intact audit log is Manual MLOps, approval policies Automated, revised policies and traceable releases Kaizen', () => {
    const governed = (audit: Partial<MaturityMeasurements['audit']>, governance: Partial<MaturityMeasurements['governance']>, routes = [deployedRoute('weather')]) =>
      base({ routes, audit: { events: 10, chainVerified: true, firstInvalidSequence: null, platformActions: 3, peopleActing: 1, ...audit }, governance: { approvalPolicies: 0, policyChanges: 0, ...governance } });
    assert.equal(stageOf('data.governance', emptyMeasurements()), 'AD_HOC');
    assert.equal(stageOf('data.governance', governed({ chainVerified: false, firstInvalidSequence: 7 }, {})), 'DATA_OPS');
    assert.deepEqual(missingOf('data.governance', governed({ chainVerified: false, firstInvalidSequence: 7 }, {})), [
      'the audit hash chain breaks at sequence 7: compare with an earlier export (exportAuditLog) to find what changed',
    ]);
    assert.equal(stageOf('data.governance', governed({}, {})), 'MANUAL_MLOPS');
    assert.deepEqual(missingOf('data.governance', governed({ platformActions: 0 }, {})), [
      'no approval policy is set: an admin sets who may approve what with createApprovalPolicy',
      'no automated step was audited in the last 4 weeks: run a pipeline, whose stages record their work',
    ]);
    assert.equal(stageOf('data.governance', governed({}, { approvalPolicies: 1 })), 'AUTOMATED_MLOPS');
    const untraceable = governed({}, { approvalPolicies: 1, policyChanges: 1 }, [deployedRoute('weather', { version: 2, approved: false, reproducible: false })]);
    assert.deepEqual(missingOf('data.governance', untraceable), [
      'weather in STAGING v2: its run has no complete reproducibility record; no approval gate approved it (promoted by an operator)',
    ]);
    assert.equal(stageOf('data.governance', governed({}, { approvalPolicies: 1, policyChanges: 2 })), 'KAIZEN');
  });

  test('data versioning: content-addressed runs are Manual MLOps, data chosen by the platform Automated, nobody on old data Kaizen', () => {
    assert.equal(stageOf('data.versioning', base({ modelRuns: [modelRuns('weather', 2)] })), 'MANUAL_MLOPS');
    assert.equal(stageOf('data.versioning', base({ modelRuns: [modelRuns('weather', 2, { startedByDriftMonitor: 1 })] })), 'KAIZEN');
    const stale = base({ modelRuns: [modelRuns('weather', 2, { startedByDriftMonitor: 1, latestData: { datasetName: 'seattle', trainedOnVersion: 1, newestVersion: 3 } })] });
    assert.equal(stageOf('data.versioning', stale), 'AUTOMATED_MLOPS');
    assert.deepEqual(missingOf('data.versioning', stale), ['retrain on the newest data: weather (trained on seattle v1, newest v3)']);
  });
});

describe('maturity rules: model', () => {
  test('development: quality checks on 80% of evaluations are Automated MLOps; Kaizen compares every candidate with its champion', () => {
    const checked = (evaluatedWithQualityChecks: number, runs: number, extra = {}) => base({ modelRuns: [modelRuns('weather', runs, { evaluatedWithQualityChecks, ...extra })] });
    assert.equal(stageOf('model.development', checked(3, 4)), 'MANUAL_MLOPS');
    assert.equal(stageOf('model.development', checked(4, 5)), 'AUTOMATED_MLOPS');
    assert.equal(stageOf('model.development', checked(5, 5, { comparedWithChampion: 2 })), 'KAIZEN');
    assert.deepEqual(missingOf('model.development', checked(5, 5, { comparedWithChampion: 2, championComparisonSkipped: 1 })), [
      'the champion comparison was skipped for weather: keep the champion’s features in the data new candidates are evaluated on',
    ]);
  });

  test('metadata: aliases are Manual MLOps, aliases the platform moves Automated, a champion for every model in development Kaizen', () => {
    assert.equal(stageOf('model.metadata', base()), 'DATA_OPS');
    assert.deepEqual(missingOf('model.metadata', base({ aliasMovesByPlatform: 1 })), ['no model has an alias: name the version in use with setModelAlias (e.g. champion)']);
    assert.equal(stageOf('model.metadata', base({ modelsWithAlias: 1 })), 'MANUAL_MLOPS');
    assert.equal(stageOf('model.metadata', base({ modelsWithAlias: 1, aliasMovesByPlatform: 1, modelRuns: [modelRuns('weather', 1)] })), 'AUTOMATED_MLOPS');
    assert.equal(stageOf('model.metadata', base({ modelsWithAlias: 1, aliasMovesByPlatform: 1, modelRuns: [modelRuns('weather', 1, { hasChampion: true })] })), 'KAIZEN');
  });

  test('reproducibility: complete records on every run are Automated MLOps; Kaizen needs a verified reproduction and no mismatch', () => {
    assert.equal(stageOf('model.reproducibility', base({ modelRuns: [modelRuns('weather', 2, { completeReproducibility: 0 })] })), 'DATA_OPS');
    const partial = base({ modelRuns: [modelRuns('weather', 2, { completeReproducibility: 1 })] });
    assert.equal(stageOf('model.reproducibility', partial), 'MANUAL_MLOPS');
    assert.deepEqual(missingOf('model.reproducibility', partial), [
      '1 of 2 registered runs (50%) have a complete record; runs of weather lack a git commit: set PROVENANT_GIT_COMMIT on their workers',
    ]);
    assert.equal(stageOf('model.reproducibility', base({ modelRuns: [modelRuns('weather', 2)] })), 'AUTOMATED_MLOPS');
    assert.equal(stageOf('model.reproducibility', base({ modelRuns: [modelRuns('weather', 2)], reproductions: { verified: 1, mismatchedModels: [] } })), 'KAIZEN');
    const mismatch = base({ modelRuns: [modelRuns('weather', 2)], reproductions: { verified: 1, mismatchedModels: ['cars'] } });
    assert.equal(stageOf('model.reproducibility', mismatch), 'AUTOMATED_MLOPS');
    assert.deepEqual(missingOf('model.reproducibility', mismatch), ['identical records gave different model files for cars: find the nondeterminism in their training']);
  });
});

describe('maturity rules: deployment', () => {
  test('process: 80% approved canaries is Automated MLOps; Kaizen needs all of them and a canary judged against a stable version', () => {
    const releases = (approvedCanaries: number, releases: number, extra = {}) => base({ deployments: deployments({ releases, approvedCanaries, operatorPromotions: releases - approvedCanaries, ...extra }) });
    assert.equal(stageOf('deployment.process', releases(3, 4)), 'MANUAL_MLOPS');
    assert.deepEqual(missingOf('deployment.process', releases(3, 4)), [
      '3 of 4 releases (75%) in the last 4 weeks were approved canaries, 80% needed: release with deploy in startModelPipeline instead of promoteDeployment (operator promotions: 1)',
    ]);
    assert.equal(stageOf('deployment.process', releases(4, 5)), 'AUTOMATED_MLOPS');
    assert.equal(stageOf('deployment.process', releases(5, 5)), 'AUTOMATED_MLOPS');
    assert.equal(stageOf('deployment.process', releases(5, 5, { canariesObservedAgainstStable: 1 })), 'KAIZEN');
  });

  test('frequency: a release in half the weeks is Automated MLOps, in every week Kaizen', () => {
    const perWeek = (promotedPerWeek: number[]) => base({ weeks: promotedPerWeek.length, deployments: deployments({ promotedPerWeek }) });
    assert.equal(stageOf('deployment.frequency', perWeek([0, 0, 0, 0])), 'DATA_OPS');
    assert.equal(stageOf('deployment.frequency', perWeek([3, 0, 0, 0])), 'MANUAL_MLOPS');
    assert.equal(stageOf('deployment.frequency', perWeek([1, 0, 0, 2])), 'AUTOMATED_MLOPS');
    assert.equal(stageOf('deployment.frequency', perWeek([1, 1, 0, 0, 0])), 'MANUAL_MLOPS');
    assert.equal(stageOf('deployment.frequency', perWeek([1, 1, 1, 0, 0])), 'AUTOMATED_MLOPS');
    assert.equal(stageOf('deployment.frequency', perWeek([1, 1, 1, 1])), 'KAIZEN');
    assert.deepEqual(score('deployment.frequency', perWeek([1, 0, 0, 2])).evidence[1], {
      name: 'promotedReleasesPerWeek',
      value: 0.75,
      detail: '3 releases promoted over 4 weeks',
      scope: 'WINDOW',
    });
  });

  test('CI/CD: runs are an initial pipeline, approved canaries a manual one, canaries watched against stable an automated one; Kaizen needs a proven rollback', () => {
    const runs = (extra: Partial<MaturityMeasurements['deployments']>) => base({ modelRuns: [modelRuns('weather', 2)], deployments: deployments(extra) });
    assert.equal(stageOf('deployment.ci-cd', base()), 'AD_HOC');
    assert.deepEqual(missingOf('deployment.ci-cd', base()), ['no pipeline run in the last 4 weeks: train with startModelPipeline']);
    assert.equal(stageOf('deployment.ci-cd', runs({})), 'DATA_OPS');
    assert.equal(stageOf('deployment.ci-cd', runs({ approvedCanaries: 1 })), 'MANUAL_MLOPS');
    assert.equal(stageOf('deployment.ci-cd', runs({ approvedCanaries: 1, canariesObservedAgainstStable: 1 })), 'AUTOMATED_MLOPS');
    assert.equal(stageOf('deployment.ci-cd', runs({ approvedCanaries: 1, canariesObservedAgainstStable: 1, automaticRollbacks: 1 })), 'KAIZEN');
    assert.deepEqual(missingOf('deployment.ci-cd', runs({ approvedCanaries: 1, canariesObservedAgainstStable: 1, automaticRollbacks: 1, operatorRollbacks: 2 })), [
      'operator rollbacks in the last 4 weeks: 2; a bad version got past its canary, so tighten the canary policy (maxErrorRate, maxPredictionShift, minRequests)',
    ]);
  });
});

describe('maturity rules: operations and infrastructure', () => {
  test('monitoring: scans are Manual MLOps; scheduled scans of every route and a retraining trigger Automated; concept drift and drift-driven retraining everywhere Kaizen', () => {
    const serving = [{ modelName: 'weather', predictions: 10, labelled: 0 }];
    const routes = [deployedRoute('weather', { liveTrafficScans: 2, scheduledLiveTrafficScans: 1 }), deployedRoute('weather', { environment: 'PRODUCTION', liveTrafficScans: 1 })];
    const m = base({ servingModels: serving, routes });
    assert.equal(stageOf('operations.monitoring', m), 'MANUAL_MLOPS');
    assert.deepEqual(missingOf('operations.monitoring', m), [
      'no scheduled scan of live traffic in the last 4 weeks for weather in PRODUCTION: schedule one with scheduleDriftScan, or resume a paused schedule',
      'no retraining policy is enabled: setRetrainingPolicy so confirmed drift retrains the model when necessary',
    ]);
    const scheduled = routes.map((route) => ({ ...route, scheduledLiveTrafficScans: 1 }));
    assert.equal(stageOf('operations.monitoring', base({ servingModels: serving, routes: scheduled })), 'MANUAL_MLOPS');
    assert.equal(stageOf('operations.monitoring', base({ servingModels: serving, routes: scheduled, enabledRetrainingPolicies: 1 })), 'AUTOMATED_MLOPS');
    const measured = scheduled.map((route) => ({ ...route, conceptDriftScans: 1 }));
    assert.deepEqual(missingOf('operations.monitoring', base({ servingModels: serving, routes: measured, enabledRetrainingPolicies: 1 })), [
      'set a retraining policy that reacts to data drift (setRetrainingPolicy with consecutiveDriftedScans) for weather',
    ]);
    const retraining = measured.map((route) => ({ ...route, retrainsOnDataDrift: true }));
    assert.equal(stageOf('operations.monitoring', base({ servingModels: serving, routes: retraining, enabledRetrainingPolicies: 1 })), 'KAIZEN');
  });

  test('retraining: drift-triggered runs reaching approval are Automated MLOps; one deployed is Kaizen', () => {
    const runs = (extra = {}) => base({ enabledRetrainingPolicies: 1, modelRuns: [modelRuns('weather', 2, { retrainedByPeople: 1, ...extra })] });
    assert.equal(stageOf('operations.retraining', runs()), 'MANUAL_MLOPS');
    assert.deepEqual(missingOf('operations.retraining', runs()), [
      'no drift-triggered run reached an approval gate in the last 4 weeks (enabled retraining policies: 1): check that their models’ drift is scanned on a schedule',
    ]);
    assert.equal(stageOf('operations.retraining', runs({ startedByDriftMonitor: 1, driftTriggeredReachedApproval: 1 })), 'AUTOMATED_MLOPS');
    assert.equal(stageOf('operations.retraining', runs({ startedByDriftMonitor: 1, driftTriggeredReachedApproval: 1, driftTriggeredSucceeded: 1 })), 'KAIZEN');
  });

  test('infrastructure: data tooling is DataOps, serving routes Manual MLOps, drift schedules and staging Automated; every production version staged first Kaizen', () => {
    const staging = deployedRoute('weather');
    const production = deployedRoute('weather', { environment: 'PRODUCTION', version: 3, stagedBeforeProduction: false });
    assert.deepEqual(missingOf('operations.infrastructure', emptyMeasurements({ datasetVersions: 1 })), [
      'no validation report in the last 4 weeks: validate data with validateDataset or a pipeline',
    ]);
    assert.equal(stageOf('operations.infrastructure', base()), 'DATA_OPS');
    assert.equal(stageOf('operations.infrastructure', base({ routes: [staging] })), 'MANUAL_MLOPS');
    assert.deepEqual(missingOf('operations.infrastructure', base({ routes: [staging] })), [
      'no drift schedule: scan deployed models’ traffic on a schedule with scheduleDriftScan',
      'no model is served in both STAGING and PRODUCTION: release to STAGING first, then to PRODUCTION',
    ]);
    assert.equal(stageOf('operations.infrastructure', base({ driftSchedules: 1, routes: [staging, production] })), 'AUTOMATED_MLOPS');
    assert.deepEqual(missingOf('operations.infrastructure', base({ driftSchedules: 1, routes: [staging, production] })), ['weather v3 reached PRODUCTION without being promoted in STAGING first']);
    assert.equal(stageOf('operations.infrastructure', base({ driftSchedules: 1, routes: [staging, { ...production, stagedBeforeProduction: true }] })), 'KAIZEN');
  });
});
