import type { GateView } from './gate-message';

/** An open PRODUCTION gate with full evidence, for the message builders' tests. */
export const OPEN_GATE: GateView = {
  gateId: '6f1c1d2e-0000-4000-8000-000000000001',
  workflowId: 'pipeline:weather:abc:approval:PRODUCTION',
  subject: { kind: 'model_version', id: '6f1c1d2e-0000-4000-8000-000000000002', title: 'weather → PRODUCTION', url: null },
  environment: 'PRODUCTION',
  policy: null,
  evidenceLinks: [],
  status: 'PENDING',
  requiredApprovals: 2,
  approvers: [],
  requestedBy: 'eng',
  deadline: '2026-11-24T12:00:00.000Z',
  decisions: [],
  evidence: {
    modelName: 'weather',
    modelVersionId: '6f1c1d2e-0000-4000-8000-000000000002',
    version: 3,
    metrics: { accuracy: 0.91234, macroF1: 0.8 },
    championVersion: 2,
    championMetrics: { accuracy: 0.9 },
    qualityChecks: [
      { check: 'accuracy >= 0.85', passed: true, message: 'accuracy 0.9123 >= 0.85' },
      { check: 'beats champion', passed: true, message: '' },
    ],
    validationStatus: 'PASSED',
    fairness: null,
    topFeatures: [],
    lineageUrl: 'https://provenant.example/graphql?query=lineage',
  },
};
