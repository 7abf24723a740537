import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConceptDriftResult, CurrentSample, DriftConfirmation, RetrainingPolicy } from '../../domain/drift';
import { DEFAULT_CANARY_POLICY } from '../../domain/deployment';
import { decideRetraining, type RetrainingContext } from './retraining-decision';

const WINDOW: CurrentSample = { kind: 'prediction_log', environment: 'STAGING', from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z', rows: 500 };
const NOW = new Date('2026-03-02T00:00:05.000Z');

const POLICY: RetrainingPolicy = {
  modelName: 'weather',
  enabled: true,
  consecutiveDriftedScans: 3,
  onConceptDrift: true,
  conceptDriftConfirmation: 'FOLLOWING_WINDOW',
  confirmationSignals: 3,
  cooldownMs: 24 * 3600_000,
  deploy: { environment: 'STAGING', requiredApprovals: 1, approvers: [], remindAfterMs: 3600_000, expiresAfterMs: 7200_000, canary: DEFAULT_CANARY_POLICY },
  updatedBy: 'ops-user',
  updatedAt: '2026-02-01T00:00:00.000Z',
};
const CONCEPT_ONLY = { ...POLICY, consecutiveDriftedScans: null };

const TESTED = [{ status: 'TESTED' as const }];

/** A signal at `at` whose following window ended at `decidedAt` with the given status. */
function confirmation(at: string, status: DriftConfirmation['status'], decidedAt: string | null = null): DriftConfirmation {
  const decided = status !== 'PENDING';
  return {
    at,
    status,
    decidedAt: decided ? decidedAt : null,
    rowsBefore: 800,
    meanBefore: 0.1,
    rowsAfter: decided ? 200 : 37,
    meanAfter: status === 'CONFIRMED' ? 0.45 : 0.11,
    pValue: decided ? (status === 'CONFIRMED' ? 1.2e-30 : 0.31) : null,
  };
}

/** DDM and EDDM outcomes with drifts signalled at the given times, and their confirmations when given. */
function conceptDrift(ddmDrifts: string[], eddmDrifts: string[] = [], confirmations: { ddm?: DriftConfirmation[]; eddm?: DriftConfirmation[] } = {}): ConceptDriftResult {
  return {
    labelledRows: 400,
    metric: 'error_rate',
    windows: [],
    ddm: { level: ddmDrifts.length > 0 ? 'DRIFT' : 'NONE', warnings: [], drifts: ddmDrifts, confirmations: confirmations.ddm ?? [] },
    eddm: { level: eddmDrifts.length > 0 ? 'DRIFT' : 'NONE', warnings: [], drifts: eddmDrifts, confirmations: confirmations.eddm ?? [] },
    pageHinkley: null,
    confirmationWindow: { rows: 200, significance: 0.001 },
  };
}

function report(overrides: Partial<RetrainingContext['report']> = {}): RetrainingContext['report'] {
  return { datasetDrift: false, columns: TESTED, predictionDrift: null, conceptDrift: null, current: WINDOW, ...overrides };
}

/** A model whose last three scans drifted, trained on seattle-weather v1 with v2 available, and never retrained. */
function context(overrides: Partial<RetrainingContext> = {}): RetrainingContext {
  return {
    modelName: 'weather',
    policy: POLICY,
    report: report({ datasetDrift: true, conceptDrift: conceptDrift([]) }),
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
    assert.deepEqual(decideRetraining(context({ policy: null })), { action: 'NOT_NEEDED', reason: 'weather has no retraining policy', conceptDriftConfirmation: null });
    assert.deepEqual(decideRetraining(context({ policy: { ...POLICY, enabled: false } })), {
      action: 'NOT_NEEDED',
      reason: 'the retraining policy of weather is disabled',
      conceptDriftConfirmation: null,
    });
  });

  test('data drift triggers at exactly consecutiveDriftedScans drifted reports in a row, this one included', () => {
    assert.deepEqual(decideRetraining(context()), {
      action: 'STARTED',
      reason: 'dataset drift in the last 3 scans: retraining weather on seattle-weather v2',
      conceptDriftConfirmation: 'FOLLOWING_WINDOW',
    });
    const oneShort = decideRetraining(context({ previousReports: [{ datasetDrift: true }, { datasetDrift: false }] }));
    assert.deepEqual(oneShort, {
      action: 'NOT_NEEDED',
      reason: 'no trigger met: dataset drift in 2 consecutive scans, the policy needs 3; no concept drift confirmed in the window (no signal awaiting confirmation either)',
      conceptDriftConfirmation: 'FOLLOWING_WINDOW',
    });
  });

  test('too few reports so far, or a clean report now, does not trigger', () => {
    assert.match(decideRetraining(context({ previousReports: [{ datasetDrift: true }] })).reason, /dataset drift in 2 consecutive scans, the policy needs 3/);
    const clean = decideRetraining(context({ report: report() }));
    assert.equal(clean.action, 'NOT_NEEDED');
    assert.match(clean.reason, /dataset drift in 0 consecutive scans/);
  });

  test('a scan where no column had enough data to test counts for no streak, and says so', () => {
    const untested = decideRetraining(context({ report: report({ columns: [{ status: 'NOT_ENOUGH_DATA' }] }) }));
    assert.equal(untested.action, 'NOT_NEEDED');
    assert.match(untested.reason, /no column of this scan had enough data to test, so it counts for no data-drift streak/);
    // Stored before statuses existed: tested.
    assert.equal(decideRetraining(context({ report: report({ datasetDrift: true, columns: [{}] }) })).action, 'STARTED');
  });

  test('a policy without a data-drift trigger says so', () => {
    const decision = decideRetraining(context({ policy: { ...POLICY, consecutiveDriftedScans: null, onConceptDrift: false } }));
    assert.deepEqual(decision, {
      action: 'NOT_NEEDED',
      reason: 'no trigger met: data drift does not trigger retraining; concept drift does not trigger retraining',
      conceptDriftConfirmation: null,
    });
  });

  describe('FOLLOWING_WINDOW (the default)', () => {
    const signal = '2026-02-28T22:00:00.000Z';
    const decided = '2026-03-01T03:00:00.000Z';
    const decide = (concept: ConceptDriftResult) => decideRetraining(context({ policy: CONCEPT_ONLY, report: report({ conceptDrift: concept }) }));

    test('a single signal does not retrain while its following window is pending, and the reason says so', () => {
      const inWindow = '2026-03-01T12:00:00.000Z';
      const decision = decide(conceptDrift([inWindow], [], { ddm: [confirmation(inWindow, 'PENDING')] }));
      assert.deepEqual(decision, {
        action: 'NOT_NEEDED',
        reason:
          'no trigger met: data drift does not trigger retraining; no concept drift confirmed in the window: DDM at 2026-03-01T12:00:00.000Z awaiting confirmation ' +
          '(mean 0.1 over 800 labelled predictions before, 0.11 over 37 after; a later scan decides once the window after it is complete)',
        conceptDriftConfirmation: 'FOLLOWING_WINDOW',
      });
    });

    test('a signal the following window refutes does not retrain', () => {
      const inWindow = '2026-03-01T12:00:00.000Z';
      const decision = decide(conceptDrift([], [inWindow], { eddm: [confirmation(inWindow, 'NOT_CONFIRMED', '2026-03-01T15:00:00.000Z')] }));
      assert.equal(decision.action, 'NOT_NEEDED');
      assert.match(decision.reason, /EDDM at 2026-03-01T12:00:00.000Z not confirmed: no significant rise \(mean 0.1 over 800 labelled predictions before, 0.11 over 200 after, p = 0.31\)/);
    });

    test('a signal of an earlier window confirmed inside this one retrains, naming when and by how much', () => {
      const decision = decide(conceptDrift([signal], [], { ddm: [confirmation(signal, 'CONFIRMED', decided)] }));
      assert.deepEqual(decision, {
        action: 'STARTED',
        reason:
          'concept drift confirmed over the following window: DDM at 2026-02-28T22:00:00.000Z confirmed at 2026-03-01T03:00:00.000Z ' +
          '(mean 0.1 over 800 labelled predictions before, 0.45 over 200 after, p = 1.2e-30): retraining weather on seattle-weather v2',
        conceptDriftConfirmation: 'FOLLOWING_WINDOW',
      });
    });

    test('a confirmation decided outside the window (from is in, to is out) is not this scan’s to act on', () => {
      const at = (decidedAt: string) => decide(conceptDrift([signal], [], { ddm: [confirmation(signal, 'CONFIRMED', decidedAt)] })).action;
      assert.equal(at('2026-03-01T00:00:00.000Z'), 'STARTED');
      assert.equal(at('2026-03-02T00:00:00.000Z'), 'NOT_NEEDED');
      assert.equal(at('2026-02-28T23:59:59.999Z'), 'NOT_NEEDED');
    });

    test('signals stored before confirmation existed never retrain under it', () => {
      const old: ConceptDriftResult = { labelledRows: 400, metric: 'error_rate', windows: [], ddm: { level: 'DRIFT', warnings: [], drifts: ['2026-03-01T12:00:00.000Z'] }, eddm: null };
      const decision = decide(old);
      assert.equal(decision.action, 'NOT_NEEDED');
      assert.match(decision.reason, /recorded before confirmation existed: never confirmed/);
    });

    test('a dataset-version scan has no window to confirm in', () => {
      const datasetScan: CurrentSample = { kind: 'dataset_version', datasetVersionId: 'dv2', rows: 100 };
      const concept = conceptDrift([signal], [], { ddm: [confirmation(signal, 'CONFIRMED', decided)] });
      assert.equal(decideRetraining(context({ policy: CONCEPT_ONLY, report: report({ conceptDrift: concept, current: datasetScan }) })).action, 'NOT_NEEDED');
    });
  });

  describe('DATA_DRIFT', () => {
    const policy = { ...CONCEPT_ONLY, conceptDriftConfirmation: 'DATA_DRIFT' as const };
    const inWindow = '2026-03-01T12:00:00.000Z';
    const signalled = conceptDrift([inWindow]);

    test('a signal in the window with dataset or prediction drift in the same scan retrains', () => {
      const withData = decideRetraining(context({ policy, report: report({ datasetDrift: true, conceptDrift: signalled }) }));
      assert.deepEqual(withData, {
        action: 'STARTED',
        reason: 'concept drift signalled by DDM at 2026-03-01T12:00:00.000Z, confirmed by dataset drift in the same scan: retraining weather on seattle-weather v2',
        conceptDriftConfirmation: 'DATA_DRIFT',
      });
      const withOutput = decideRetraining(context({ policy, report: report({ predictionDrift: { drifted: true }, conceptDrift: signalled }) }));
      assert.match(withOutput.reason, /confirmed by prediction drift in the same scan/);
    });

    test('a signal alone does not, and the reason names what was missing', () => {
      const decision = decideRetraining(context({ policy, report: report({ predictionDrift: { drifted: false }, conceptDrift: signalled }) }));
      assert.equal(decision.action, 'NOT_NEEDED');
      assert.match(decision.reason, /concept drift signalled by DDM at 2026-03-01T12:00:00.000Z, not confirmed: the policy needs dataset or prediction drift in the same scan, and there was neither/);
    });
  });

  describe('SIGNAL_COUNT', () => {
    const policy = { ...CONCEPT_ONLY, conceptDriftConfirmation: 'SIGNAL_COUNT' as const, confirmationSignals: 3 };

    test('retrains at confirmationSignals signals of any detector inside the window, not one fewer', () => {
      const three = decideRetraining(context({ policy, report: report({ conceptDrift: conceptDrift(['2026-03-01T01:00:00.000Z', '2026-03-01T09:00:00.000Z'], ['2026-03-01T02:00:00.000Z']) }) }));
      assert.deepEqual(three, {
        action: 'STARTED',
        reason:
          '3 concept drift signals in the window (DDM at 2026-03-01T01:00:00.000Z, DDM at 2026-03-01T09:00:00.000Z, EDDM at 2026-03-01T02:00:00.000Z), the policy needs 3: retraining weather on seattle-weather v2',
        conceptDriftConfirmation: 'SIGNAL_COUNT',
      });
      const two = decideRetraining(context({ policy, report: report({ conceptDrift: conceptDrift(['2026-02-28T01:00:00.000Z', '2026-03-01T09:00:00.000Z'], ['2026-03-01T02:00:00.000Z']) }) }));
      assert.equal(two.action, 'NOT_NEEDED');
      assert.match(two.reason, /2 concept drift signals in the window .*, the policy needs 3/);
    });
  });

  test('concept drift is ignored when the policy does not ask for it', () => {
    const signal = '2026-03-01T12:00:00.000Z';
    const confirmed = conceptDrift([signal], [], { ddm: [confirmation(signal, 'CONFIRMED', '2026-03-01T13:00:00.000Z')] });
    assert.equal(decideRetraining(context({ policy: { ...CONCEPT_ONLY, onConceptDrift: false }, report: report({ conceptDrift: confirmed }) })).action, 'NOT_NEEDED');
  });

  test('the cooldown holds until exactly cooldownMs after the last drift-triggered run started', () => {
    const startedAt = new Date(NOW.getTime() - POLICY.cooldownMs + 1);
    const skipped = decideRetraining(context({ lastDriftRun: { workflowId: 'pipeline:weather:abc', startedAt } }));
    assert.deepEqual(skipped, {
      action: 'SKIPPED',
      reason: 'dataset drift in the last 3 scans, but pipeline:weather:abc started at 2026-03-01T00:00:05.001Z and the cooldown lasts until 2026-03-02T00:00:05.001Z',
      conceptDriftConfirmation: 'FOLLOWING_WINDOW',
    });
    const over = decideRetraining(context({ lastDriftRun: { workflowId: 'pipeline:weather:abc', startedAt: new Date(NOW.getTime() - POLICY.cooldownMs) } }));
    assert.equal(over.action, 'STARTED');
    const noCooldown = decideRetraining(context({ policy: { ...POLICY, cooldownMs: 0 }, lastDriftRun: { workflowId: 'pipeline:weather:abc', startedAt: NOW } }));
    assert.equal(noCooldown.action, 'STARTED');
  });

  test('an imported version has no training to repeat', () => {
    const decision = decideRetraining(context({ scannedVersion: { ...context().scannedVersion, imported: true } }));
    assert.equal(decision.action, 'SKIPPED');
    assert.equal(decision.reason, 'dataset drift in the last 3 scans, but weather v4 was imported: there is no training to repeat');
  });

  test('without a dataset version newer than the training data, retraining would give the same model', () => {
    const decision = decideRetraining(context({ newestDatasetVersion: context().scannedVersion.trainedOn }));
    assert.equal(decision.reason, 'dataset drift in the last 3 scans, but no version of seattle-weather is newer than v1, which weather v4 was trained on');
  });

  test('the cooldown is named before the other reasons to skip', () => {
    const decision = decideRetraining(
      context({ lastDriftRun: { workflowId: 'pipeline:weather:abc', startedAt: NOW }, scannedVersion: { ...context().scannedVersion, imported: true } }),
    );
    assert.match(decision.reason, /cooldown lasts until/);
  });
});
