import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConceptDriftResult, CurrentSample, RetrainingPolicy } from '../../domain/drift';
import { DEFAULT_CANARY_POLICY } from '../../domain/deployment';
import { decideRetraining, type RetrainingContext } from './retraining-decision';

const WINDOW: CurrentSample = { kind: 'prediction_log', environment: 'STAGING', from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z', rows: 500 };
const NOW = new Date('2026-03-02T00:00:05.000Z');

const POLICY: RetrainingPolicy = {
  modelName: 'weather',
  enabled: true,
  consecutiveDriftedScans: 3,
  onConceptDrift: true,
  cooldownMs: 24 * 3600_000,
  deploy: { environment: 'STAGING', requiredApprovals: 1, approvers: [], remindAfterMs: 3600_000, expiresAfterMs: 7200_000, canary: DEFAULT_CANARY_POLICY },
  updatedBy: 'ops-user',
  updatedAt: '2026-02-01T00:00:00.000Z',
};

/** DDM and EDDM outcomes with drifts signalled at the given times. */
function conceptDrift(ddmDrifts: string[], eddmDrifts: string[] = []): ConceptDriftResult {
  return {
    labelledRows: 400,
    metric: 'error_rate',
    windows: [],
    ddm: { level: ddmDrifts.length > 0 ? 'DRIFT' : 'NONE', warnings: [], drifts: ddmDrifts },
    eddm: { level: eddmDrifts.length > 0 ? 'DRIFT' : 'NONE', warnings: [], drifts: eddmDrifts },
  };
}

/** A model whose last three scans drifted, trained on seattle-weather v1 with v2 available, and never retrained. */
function context(overrides: Partial<RetrainingContext> = {}): RetrainingContext {
  return {
    modelName: 'weather',
    policy: POLICY,
    report: { datasetDrift: true, conceptDrift: conceptDrift([]), current: WINDOW },
    previousReports: [{ datasetDrift: true }, { datasetDrift: true }],
    lastDriftRun: null,
    scannedVersion: { version: 4, imported: false, trainedOn: { id: 'dv1', datasetId: 'd', datasetName: 'seattle-weather', version: 1 } },
    newestDatasetVersion: { id: 'dv2', datasetId: 'd', datasetName: 'seattle-weather', version: 2 },
    now: NOW,
    ...overrides,
  };
}

describe('decideRetraining', () => {
  test('without a policy, or with a disabled one, retraining is not needed', () => {
    assert.deepEqual(decideRetraining(context({ policy: null })), { action: 'NOT_NEEDED', reason: 'weather has no retraining policy' });
    assert.deepEqual(decideRetraining(context({ policy: { ...POLICY, enabled: false } })), {
      action: 'NOT_NEEDED',
      reason: 'the retraining policy of weather is disabled',
    });
  });

  test('data drift triggers at exactly consecutiveDriftedScans drifted reports in a row, this one included', () => {
    assert.deepEqual(decideRetraining(context()), {
      action: 'STARTED',
      reason: 'dataset drift in the last 3 scans: retraining weather on seattle-weather v2',
    });
    const oneShort = decideRetraining(context({ previousReports: [{ datasetDrift: true }, { datasetDrift: false }] }));
    assert.deepEqual(oneShort, {
      action: 'NOT_NEEDED',
      reason: 'no trigger met: dataset drift in 2 consecutive scans, the policy needs 3; no concept drift signalled in the window',
    });
  });

  test('too few reports so far, or a clean report now, does not trigger', () => {
    assert.match(decideRetraining(context({ previousReports: [{ datasetDrift: true }] })).reason, /dataset drift in 2 consecutive scans, the policy needs 3/);
    const clean = decideRetraining(context({ report: { datasetDrift: false, conceptDrift: null, current: WINDOW } }));
    assert.equal(clean.action, 'NOT_NEEDED');
    assert.match(clean.reason, /dataset drift in 0 consecutive scans/);
  });

  test('a policy without a data-drift trigger says so', () => {
    const decision = decideRetraining(context({ policy: { ...POLICY, consecutiveDriftedScans: null, onConceptDrift: false } }));
    assert.deepEqual(decision, {
      action: 'NOT_NEEDED',
      reason: 'no trigger met: data drift does not trigger retraining; concept drift does not trigger retraining',
    });
  });

  test('concept drift triggers only when signalled inside the window: from is in, to is out', () => {
    const dataOff = { ...POLICY, consecutiveDriftedScans: null };
    const at = (time: string) => decideRetraining(context({ policy: dataOff, report: { datasetDrift: false, conceptDrift: conceptDrift([time]), current: WINDOW } }));
    assert.deepEqual(at('2026-03-01T00:00:00.000Z'), {
      action: 'STARTED',
      reason: 'concept drift signalled by DDM at 2026-03-01T00:00:00.000Z: retraining weather on seattle-weather v2',
    });
    assert.equal(at('2026-03-02T00:00:00.000Z').action, 'NOT_NEEDED');
    assert.equal(at('2026-02-28T23:59:59.999Z').action, 'NOT_NEEDED');
    assert.equal(at('2026-03-01T23:59:59.999Z').action, 'STARTED');
  });

  test('EDDM counts as well as DDM, and both triggers are named when both are met', () => {
    const decision = decideRetraining(context({ report: { datasetDrift: true, conceptDrift: conceptDrift([], ['2026-03-01T12:00:00.000Z']), current: WINDOW } }));
    assert.deepEqual(decision, {
      action: 'STARTED',
      reason: 'dataset drift in the last 3 scans and concept drift signalled by EDDM at 2026-03-01T12:00:00.000Z: retraining weather on seattle-weather v2',
    });
  });

  test('concept drift is ignored when the policy does not ask for it, and a dataset-version scan has no window', () => {
    const signalled = conceptDrift(['2026-03-01T12:00:00.000Z']);
    const noData = { ...POLICY, consecutiveDriftedScans: null };
    assert.equal(decideRetraining(context({ policy: { ...noData, onConceptDrift: false }, report: { datasetDrift: false, conceptDrift: signalled, current: WINDOW } })).action, 'NOT_NEEDED');
    const datasetScan: CurrentSample = { kind: 'dataset_version', datasetVersionId: 'dv2', rows: 100 };
    assert.equal(decideRetraining(context({ policy: noData, report: { datasetDrift: false, conceptDrift: signalled, current: datasetScan } })).action, 'NOT_NEEDED');
  });

  test('the cooldown holds until exactly cooldownMs after the last drift-triggered run started', () => {
    const startedAt = new Date(NOW.getTime() - POLICY.cooldownMs + 1);
    const skipped = decideRetraining(context({ lastDriftRun: { workflowId: 'pipeline:weather:abc', startedAt } }));
    assert.deepEqual(skipped, {
      action: 'SKIPPED',
      reason: 'dataset drift in the last 3 scans, but pipeline:weather:abc started at 2026-03-01T00:00:05.001Z and the cooldown lasts until 2026-03-02T00:00:05.001Z',
    });
    const over = decideRetraining(context({ lastDriftRun: { workflowId: 'pipeline:weather:abc', startedAt: new Date(NOW.getTime() - POLICY.cooldownMs) } }));
    assert.equal(over.action, 'STARTED');
    const noCooldown = decideRetraining(context({ policy: { ...POLICY, cooldownMs: 0 }, lastDriftRun: { workflowId: 'pipeline:weather:abc', startedAt: NOW } }));
    assert.equal(noCooldown.action, 'STARTED');
  });

  test('an imported version has no training to repeat', () => {
    const decision = decideRetraining(context({ scannedVersion: { ...context().scannedVersion, imported: true } }));
    assert.deepEqual(decision, { action: 'SKIPPED', reason: 'dataset drift in the last 3 scans, but weather v4 was imported: there is no training to repeat' });
  });

  test('without a dataset version newer than the training data, retraining would give the same model', () => {
    const decision = decideRetraining(context({ newestDatasetVersion: context().scannedVersion.trainedOn }));
    assert.deepEqual(decision, {
      action: 'SKIPPED',
      reason: 'dataset drift in the last 3 scans, but no version of seattle-weather is newer than v1, which weather v4 was trained on',
    });
  });

  test('the cooldown is named before the other reasons to skip', () => {
    const decision = decideRetraining(
      context({ lastDriftRun: { workflowId: 'pipeline:weather:abc', startedAt: NOW }, scannedVersion: { ...context().scannedVersion, imported: true } }),
    );
    assert.match(decision.reason, /cooldown lasts until/);
  });
});
