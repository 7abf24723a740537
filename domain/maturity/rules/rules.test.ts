import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MaturityMeasurements } from '../measurements';
import { deployedRoute, emptyMeasurements, modelRuns } from '../measurements.fixture';
import { scoreElement, type ElementScore } from '../scorecard';
import { MATURITY_RULES } from '.';

function score(key: string, m: MaturityMeasurements): ElementScore {
  return scoreElement(MATURITY_RULES.find((rule) => rule.key === key)!, m);
}
const stageOf = (key: string, m: MaturityMeasurements) => score(key, m).stage;
const missingOf = (key: string, m: MaturityMeasurements) => score(key, m).nextStage?.missing;

/** Everything up to Manual MLOps in place for the elements that depend on runs and deployments. */
const base = (overrides: Partial<MaturityMeasurements> = {}) =>
  emptyMeasurements({ datasetVersions: 1, modelVersions: 2, modelsWithSeveralVersions: 1, validationReports: 1, ...overrides });
const deployments = (overrides: Partial<MaturityMeasurements['deployments']>) => ({ ...emptyMeasurements().deployments, ever: 1, inWindow: 1, ...overrides });

describe('maturity rules: data', () => {
  test('versioning: content-addressed runs are Manual MLOps, data chosen by the platform Automated, nobody on old data Kaizen', () => {
    assert.equal(stageOf('data.versioning', base({ modelRuns: [modelRuns('weather', 2)] })), 'MANUAL_MLOPS');
    assert.equal(stageOf('data.versioning', base({ modelRuns: [modelRuns('weather', 2, { startedByDriftMonitor: 1 })] })), 'KAIZEN');
    const stale = base({ modelRuns: [modelRuns('weather', 2, { startedByDriftMonitor: 1, latestData: { datasetName: 'seattle', trainedOnVersion: 1, newestVersion: 3 } })] });
    assert.equal(stageOf('data.versioning', stale), 'AUTOMATED_MLOPS');
    assert.deepEqual(missingOf('data.versioning', stale), ['retrain on the newest data: weather (trained on seattle v1, newest v3)']);
  });

  test('validation: a data contract on 80% of validated runs is Automated MLOps, on all of them Kaizen', () => {
    const withContracts = (withDataContract: number, runs: number) => base({ modelRuns: [modelRuns('weather', runs, { withDataContract })] });
    assert.equal(stageOf('data.validation', withContracts(0, 5)), 'DATA_OPS');
    assert.equal(stageOf('data.validation', withContracts(1, 5)), 'MANUAL_MLOPS');
    assert.equal(stageOf('data.validation', withContracts(79, 100)), 'MANUAL_MLOPS');
    assert.equal(stageOf('data.validation', withContracts(4, 5)), 'AUTOMATED_MLOPS');
    assert.equal(stageOf('data.validation', withContracts(5, 5)), 'KAIZEN');
    assert.deepEqual(missingOf('data.validation', withContracts(4, 5)), [
      '4 of 5 validated runs (80%) in the last 4 weeks had a data contract, 100% needed: pass expectations to startModelPipeline for weather',
    ]);
  });

  test('drift monitoring: a scan or a schedule is Manual MLOps, every deployed route scheduled Automated, retraining on drift Kaizen', () => {
    assert.equal(stageOf('data.drift-monitoring', base()), 'DATA_OPS');
    const routes = [deployedRoute('weather', { hasDriftSchedule: true }), deployedRoute('cars', { environment: 'PRODUCTION' })];
    const oneScheduled = base({ driftSchedules: 1, routes });
    assert.equal(stageOf('data.drift-monitoring', oneScheduled), 'MANUAL_MLOPS');
    assert.deepEqual(missingOf('data.drift-monitoring', oneScheduled), ['schedule drift scans (scheduleDriftScan) for 1 of 2 deployed routes: cars in PRODUCTION']);
    const allScheduled = base({ driftSchedules: 2, routes: routes.map((route) => ({ ...route, hasDriftSchedule: true })) });
    assert.equal(stageOf('data.drift-monitoring', allScheduled), 'AUTOMATED_MLOPS');
    assert.deepEqual(missingOf('data.drift-monitoring', allScheduled), [
      'set a retraining policy that reacts to data drift (setRetrainingPolicy with consecutiveDriftedScans) for weather and cars',
    ]);
    const retraining = base({ driftSchedules: 2, routes: routes.map((route) => ({ ...route, hasDriftSchedule: true, retrainsOnDataDrift: true })) });
    assert.equal(stageOf('data.drift-monitoring', retraining), 'KAIZEN');
  });

  test('ground truth: 10% of every serving model’s answers labelled is Automated MLOps, 50% Kaizen', () => {
    const labelled = (...shares: [number, number][]) => base({ servingModels: shares.map(([l, p], i) => ({ modelName: `m${i}`, predictions: p, labelled: l })) });
    assert.equal(stageOf('data.ground-truth', labelled([0, 100])), 'AD_HOC');
    assert.equal(stageOf('data.ground-truth', labelled([5, 100], [0, 100])), 'DATA_OPS');
    assert.equal(stageOf('data.ground-truth', labelled([9, 100])), 'MANUAL_MLOPS');
    assert.equal(stageOf('data.ground-truth', labelled([10, 100])), 'AUTOMATED_MLOPS');
    assert.equal(stageOf('data.ground-truth', labelled([49, 100])), 'AUTOMATED_MLOPS');
    assert.equal(stageOf('data.ground-truth', labelled([50, 100], [60, 100])), 'KAIZEN');
    assert.deepEqual(missingOf('data.ground-truth', labelled([9, 100], [20, 100])), ['label at least 10% of the answers of m0 (9%)']);
  });
});

describe('maturity rules: model', () => {
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

  test('experiment tracking: cross-validation is Manual MLOps, tuning Automated, every model tuned Kaizen', () => {
    assert.equal(stageOf('model.experiment-tracking', base({ modelRuns: [modelRuns('weather', 2, { withCrossValidationOrTuning: 1 })] })), 'MANUAL_MLOPS');
    const oneTuned = base({ modelRuns: [modelRuns('weather', 2, { withCrossValidationOrTuning: 1, withTuning: 1 }), modelRuns('cars', 1)] });
    assert.equal(stageOf('model.experiment-tracking', oneTuned), 'AUTOMATED_MLOPS');
    assert.deepEqual(missingOf('model.experiment-tracking', oneTuned), ['search the hyperparameters (tuning) of cars']);
  });

  test('evaluation: quality checks on 80% of evaluations are Automated MLOps; Kaizen compares every candidate with its champion', () => {
    const checked = (evaluatedWithQualityChecks: number, runs: number, extra = {}) => base({ modelRuns: [modelRuns('weather', runs, { evaluatedWithQualityChecks, ...extra })] });
    assert.equal(stageOf('model.evaluation', checked(3, 4)), 'MANUAL_MLOPS');
    assert.equal(stageOf('model.evaluation', checked(4, 5)), 'AUTOMATED_MLOPS');
    assert.equal(stageOf('model.evaluation', checked(5, 5, { comparedWithChampion: 2 })), 'KAIZEN');
    assert.deepEqual(missingOf('model.evaluation', checked(5, 5, { comparedWithChampion: 2, championComparisonSkipped: 1 })), [
      'the champion comparison was skipped for weather: keep the champion’s features in the data new candidates are evaluated on',
    ]);
  });
});

describe('maturity rules: deployment', () => {
  test('release process: 80% approved canaries is Automated MLOps; Kaizen needs all of them and a canary judged against a stable version', () => {
    const releases = (approvedCanaries: number, releases: number, extra = {}) => base({ deployments: deployments({ releases, approvedCanaries, operatorPromotions: releases - approvedCanaries, ...extra }) });
    assert.equal(stageOf('deployment.release-process', releases(3, 4)), 'MANUAL_MLOPS');
    assert.deepEqual(missingOf('deployment.release-process', releases(3, 4)), [
      '3 of 4 releases (75%) in the last 4 weeks were approved canaries, 80% needed: release with deploy in startModelPipeline instead of promoteDeployment (operator promotions: 1)',
    ]);
    assert.equal(stageOf('deployment.release-process', releases(4, 5)), 'AUTOMATED_MLOPS');
    assert.equal(stageOf('deployment.release-process', releases(5, 5)), 'AUTOMATED_MLOPS');
    assert.equal(stageOf('deployment.release-process', releases(5, 5, { canariesObservedAgainstStable: 1 })), 'KAIZEN');
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

  test('rollback: Kaizen needs an automatic rollback and no operator rollback', () => {
    const facts = (extra: Partial<MaturityMeasurements['deployments']>) => base({ deployments: deployments({ replacingStableVersion: 1, canariesObservedAgainstStable: 1, ...extra }) });
    assert.equal(stageOf('deployment.rollback', base({ deployments: deployments({}) })), 'DATA_OPS');
    assert.equal(stageOf('deployment.rollback', facts({ canariesObservedAgainstStable: 0 })), 'MANUAL_MLOPS');
    assert.equal(stageOf('deployment.rollback', facts({})), 'AUTOMATED_MLOPS');
    assert.equal(stageOf('deployment.rollback', facts({ automaticRollbacks: 1 })), 'KAIZEN');
    assert.deepEqual(missingOf('deployment.rollback', facts({ automaticRollbacks: 1, operatorRollbacks: 2 })), [
      'operator rollbacks in the last 4 weeks: 2; a bad version got past its canary, so tighten the canary policy (maxErrorRate, maxPredictionShift, minRequests)',
    ]);
  });
});

describe('maturity rules: operations and infrastructure', () => {
  test('production monitoring: scheduled scans of every route are Automated MLOps, concept drift on every route Kaizen', () => {
    const serving = [{ modelName: 'weather', predictions: 10, labelled: 0 }];
    const routes = [deployedRoute('weather', { liveTrafficScans: 2, scheduledLiveTrafficScans: 1 }), deployedRoute('weather', { environment: 'PRODUCTION', liveTrafficScans: 1 })];
    const m = base({ servingModels: serving, routes });
    assert.equal(stageOf('operations.production-monitoring', m), 'MANUAL_MLOPS');
    assert.deepEqual(missingOf('operations.production-monitoring', m), [
      'no scheduled scan of live traffic in the last 4 weeks for weather in PRODUCTION: schedule one with scheduleDriftScan, or resume a paused schedule',
    ]);
    const scheduled = routes.map((route) => ({ ...route, scheduledLiveTrafficScans: 1 }));
    assert.equal(stageOf('operations.production-monitoring', base({ servingModels: serving, routes: scheduled })), 'AUTOMATED_MLOPS');
    assert.equal(stageOf('operations.production-monitoring', base({ servingModels: serving, routes: scheduled.map((route) => ({ ...route, conceptDriftScans: 1 })) })), 'KAIZEN');
  });

  test('retraining: drift-triggered runs reaching approval are Automated MLOps; one deployed closes the loop', () => {
    const runs = (extra = {}) => base({ enabledRetrainingPolicies: 1, modelRuns: [modelRuns('weather', 2, { retrainedByPeople: 1, ...extra })] });
    assert.equal(stageOf('operations.retraining', runs()), 'MANUAL_MLOPS');
    assert.deepEqual(missingOf('operations.retraining', runs()), [
      'no drift-triggered run reached an approval gate in the last 4 weeks (enabled retraining policies: 1): check that their models’ drift is scanned on a schedule',
    ]);
    assert.equal(stageOf('operations.retraining', runs({ startedByDriftMonitor: 1, driftTriggeredReachedApproval: 1 })), 'AUTOMATED_MLOPS');
    assert.equal(stageOf('operations.retraining', runs({ startedByDriftMonitor: 1, driftTriggeredReachedApproval: 1, driftTriggeredSucceeded: 1 })), 'KAIZEN');
  });

  test('serving environments: staging in front of production is Automated MLOps; Kaizen when every production version was staged first', () => {
    const staging = deployedRoute('weather');
    const production = deployedRoute('weather', { environment: 'PRODUCTION', version: 3, stagedBeforeProduction: false });
    assert.equal(stageOf('operations.serving-environments', base({ routes: [staging] })), 'MANUAL_MLOPS');
    assert.equal(stageOf('operations.serving-environments', base({ routes: [staging, production] })), 'AUTOMATED_MLOPS');
    assert.deepEqual(missingOf('operations.serving-environments', base({ routes: [staging, production] })), ['weather v3 reached PRODUCTION without being promoted in STAGING first']);
    assert.equal(stageOf('operations.serving-environments', base({ routes: [staging, { ...production, stagedBeforeProduction: true }] })), 'KAIZEN');
  });
});

describe('maturity rules: organisation', () => {
  const approvals = (extra: Partial<MaturityMeasurements['approvals']>) =>
    base({ modelRuns: [modelRuns('weather', 1)], approvals: { decisions: 4, decisionsByOthers: 4, approvers: [{ name: 'ann', decisions: 4 }], requiredApprovalsPerGate: [1, 2], ...extra } });

  test('separation of duties: enforced decisions are Automated MLOps; every gate asking two approvals Kaizen', () => {
    assert.equal(stageOf('organisation.separation-of-duties', approvals({ decisions: 0, decisionsByOthers: 0 })), 'DATA_OPS');
    assert.equal(stageOf('organisation.separation-of-duties', approvals({ decisionsByOthers: 3 })), 'MANUAL_MLOPS');
    assert.equal(stageOf('organisation.separation-of-duties', approvals({})), 'AUTOMATED_MLOPS');
    assert.deepEqual(missingOf('organisation.separation-of-duties', approvals({})), [
      '1 of 2 gates (50%) in the last 4 weeks asked for fewer than 2 approvals: set requiredApprovals to 2 or more',
    ]);
    assert.equal(stageOf('organisation.separation-of-duties', approvals({ requiredApprovalsPerGate: [2, 3] })), 'KAIZEN');
  });

  test('shared review: two approvers are Automated MLOps; Kaizen when nobody makes more than half the decisions', () => {
    const people = (approvers: { name: string; decisions: number }[]) =>
      approvals({ approvers, decisions: approvers.reduce((sum, a) => sum + a.decisions, 0) });
    const acting = (m: MaturityMeasurements) => ({ ...m, audit: { ...m.audit, peopleActing: 3 } });
    assert.equal(stageOf('organisation.shared-review', acting(people([{ name: 'ann', decisions: 4 }]))), 'MANUAL_MLOPS');
    assert.equal(stageOf('organisation.shared-review', acting(people([{ name: 'ann', decisions: 3 }, { name: 'bo', decisions: 2 }]))), 'AUTOMATED_MLOPS');
    assert.deepEqual(missingOf('organisation.shared-review', acting(people([{ name: 'ann', decisions: 3 }, { name: 'bo', decisions: 2 }]))), [
      'ann made 3 of 5 decisions (60%): spread reviews by naming other approvers on gates',
    ]);
    assert.equal(stageOf('organisation.shared-review', acting(people([{ name: 'ann', decisions: 2 }, { name: 'bo', decisions: 2 }]))), 'KAIZEN');
  });

  test('audit trail: a broken chain stops at DataOps; Kaizen when every deployed version is traceable', () => {
    const audit = (extra: Partial<MaturityMeasurements['audit']>, routes = [deployedRoute('weather')]) =>
      base({ routes, audit: { events: 10, chainVerified: true, firstInvalidSequence: null, platformActions: 3, peopleActing: 1, ...extra } });
    assert.equal(stageOf('organisation.audit-trail', audit({ chainVerified: false, firstInvalidSequence: 7 })), 'DATA_OPS');
    assert.deepEqual(missingOf('organisation.audit-trail', audit({ chainVerified: false, firstInvalidSequence: 7 })), [
      'the audit hash chain breaks at sequence 7: compare with an earlier export (exportAuditLog) to find what changed',
    ]);
    assert.equal(stageOf('organisation.audit-trail', audit({ platformActions: 0 })), 'MANUAL_MLOPS');
    assert.equal(stageOf('organisation.audit-trail', audit({})), 'KAIZEN');
    const gap = audit({}, [deployedRoute('weather', { version: 2, approved: false, reproducible: false })]);
    assert.deepEqual(missingOf('organisation.audit-trail', gap), [
      'weather in STAGING v2: its run has no complete reproducibility record; no approval gate approved it (promoted by an operator)',
    ]);
  });
});
