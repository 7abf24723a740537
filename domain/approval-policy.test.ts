import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decisionRefusal, type GateState } from './approval';
import { applicablePolicy, modelPatternMatches, tightenGateSpec, type ApprovalPolicy } from './approval-policy';
import { gateSpec } from './approval-request';
import { releaseRefusal } from './release-guard';

const POLICY: ApprovalPolicy = {
  id: 'p1',
  name: 'fraud-production',
  version: 3,
  modelPattern: 'fraud-*',
  environment: 'PRODUCTION',
  minApprovals: 2,
  approverRoles: ['admin'],
  approvers: ['ann'],
  excludedApprovers: ['bob'],
  remindAfterMs: 3_600_000,
  expiresAfterMs: 86_400_000,
};

const policy = (name: string, modelPattern: string | null, environment: ApprovalPolicy['environment'] = null) => ({ ...POLICY, name, modelPattern, environment });

test('globs: * is any run of characters, ? one character, everything else itself', () => {
  assert.equal(modelPatternMatches('fraud-*', 'fraud-eu'), true);
  assert.equal(modelPatternMatches('fraud-*', 'fraud-'), true);
  assert.equal(modelPatternMatches('fraud-*', 'antifraud-eu'), false);
  assert.equal(modelPatternMatches('churn-v?', 'churn-v2'), true);
  assert.equal(modelPatternMatches('churn-v?', 'churn-v12'), false);
  assert.equal(modelPatternMatches('a.b', 'axb'), false, 'a dot is a dot');
});

test('the most specific policy governs a release: exact name, then environment, then the longer glob', () => {
  const policies = [policy('any-fraud', 'fraud-*'), policy('prod-fraud', 'fraud-*', 'PRODUCTION'), policy('eu-fraud', 'fraud-eu-*'), policy('exact', 'fraud-eu-1'), policy('by-name', null)];
  assert.equal(applicablePolicy(policies, 'fraud-eu-1', 'PRODUCTION')?.name, 'exact');
  assert.equal(applicablePolicy(policies, 'fraud-us', 'PRODUCTION')?.name, 'prod-fraud');
  assert.equal(applicablePolicy(policies, 'fraud-us', 'STAGING')?.name, 'any-fraud');
  assert.equal(applicablePolicy(policies, 'fraud-eu-2', 'PRODUCTION')?.name, 'prod-fraud', 'a policy for this environment beats a longer glob for both');
  assert.equal(applicablePolicy(policies, 'fraud-eu-2', 'STAGING')?.name, 'eu-fraud');
  assert.equal(applicablePolicy(policies, 'churn', 'PRODUCTION'), null, 'a policy without a pattern applies only by name');
});

test('a request is tightened, never loosened: approvals up, reminder and expiry earlier, excluded people out', () => {
  const spec = gateSpec({ subject: { kind: 'report', id: 'q4', title: 'Q4' }, requestedBy: 'carl', requiredApprovals: 1, approvers: ['ann', 'bob', 'dan'], expiresAfter: '3d', remindAfter: '30m' });
  const tightened = tightenGateSpec(spec, POLICY, ['eve']);
  assert.ok('spec' in tightened);
  assert.deepEqual(
    {
      policy: tightened.spec.policy,
      policyVersion: tightened.spec.policyVersion,
      requiredApprovals: tightened.spec.requiredApprovals,
      approvers: tightened.spec.approvers,
      excluded: tightened.spec.excludedApprovers,
      remind: tightened.spec.remindAfterMs,
      expires: tightened.spec.expiresAfterMs,
    },
    { policy: 'fraud-production', policyVersion: 3, requiredApprovals: 2, approvers: ['ann', 'dan'], excluded: ['bob', 'eve'], remind: 1_800_000, expires: 86_400_000 },
  );
  // Named approvers the policy takes away, leaving too few for its quorum: the request cannot be met.
  const tooFew = tightenGateSpec({ ...spec, approvers: ['ann', 'bob'] }, POLICY);
  assert.ok('problem' in tooFew);
  assert.equal(tooFew.problem.field, 'request.approvers');
  assert.match(tooFew.problem.reason, /2 approvals are needed, but only 1 of the approvers named may approve under approval policy fraud-production \(v3\) \(not bob\)/);
  // No policy: nothing changes but the excluded people.
  const plain = tightenGateSpec(spec, null, ['eve']);
  assert.ok('spec' in plain);
  assert.deepEqual([plain.spec.requiredApprovals, plain.spec.approvers, plain.spec.excludedApprovers, plain.spec.expiresAfterMs], [1, ['ann', 'bob', 'dan'], ['eve'], 3 * 86_400_000]);
});

test('decisions follow the gate’s policy: its roles or people may decide, the people it excludes never', () => {
  const gate: GateState = {
    gateId: 'g',
    workflowId: 'w',
    subject: { kind: 'report', id: 'q4', title: 'Q4' },
    environment: null,
    policy: 'fraud-production',
    policyVersion: 3,
    evidenceLinks: [],
    status: 'PENDING',
    requiredApprovals: 2,
    approvers: [],
    requestedBy: 'carl',
    deadline: new Date(0).toISOString(),
    decisions: [],
    approverRoles: ['admin'],
    policyApprovers: ['ann'],
    excludedApprovers: ['bob'],
  };
  const asks = (actor: string, role: 'approver' | 'admin') => decisionRefusal(gate, { actor, role, decision: 'APPROVE', comment: null, channel: 'graphql' });
  assert.equal(asks('ann', 'approver'), null, 'named by the policy');
  assert.equal(asks('zoe', 'admin'), null, 'holds a role the policy allows');
  assert.match(asks('dan', 'approver')!.message, /approval policy fraud-production \(v3\) lets only the admin role or ann decide this gate, not dan \(approver\)/);
  assert.deepEqual(asks('bob', 'admin'), { code: 'FORBIDDEN', message: 'bob is excluded from deciding this gate (approval policy fraud-production (v3); separation of duties)' });
  // Gates opened before policies have none of these fields, and keep their old rules.
  const legacy: GateState = { ...gate, policyVersion: undefined, approverRoles: undefined, policyApprovers: undefined, excludedApprovers: undefined };
  assert.equal(decisionRefusal(legacy, { actor: 'bob', role: 'approver', decision: 'APPROVE', comment: null, channel: 'graphql' }), null);
});

test('a decision on a closed gate is told whether its own decision is among those that closed it', () => {
  const closed: GateState = {
    gateId: 'g1',
    workflowId: 'w1',
    subject: { kind: 'model_version', id: 'v1', title: 'fraud → STAGING', url: null },
    environment: 'STAGING',
    policy: null,
    evidenceLinks: [],
    status: 'APPROVED',
    requiredApprovals: 1,
    approvers: [],
    requestedBy: 'carl',
    deadline: new Date(0).toISOString(),
    decisions: [{ actor: 'ann', decision: 'APPROVE', comment: null, channel: 'graphql', decidedAt: new Date(0).toISOString() }],
  };
  const asks = (actor: string) => decisionRefusal(closed, { actor, role: 'approver', decision: 'APPROVE', comment: null, channel: 'graphql' });
  assert.deepEqual(asks('ann'), { code: 'CONFLICT', message: 'ann has already decided this gate; gate is APPROVED; decisions are closed' });
  assert.deepEqual(asks('zoe'), { code: 'CONFLICT', message: 'gate is APPROVED; decisions are closed' });
});

test('the release guard says what is missing', () => {
  const change = { operation: 'PROMOTE' as const, modelName: 'fraud', version: 7, environment: 'PRODUCTION' as const };
  assert.equal(releaseRefusal(change, [{ status: 'REJECTED', rejection: null }, { status: 'APPROVED', rejection: null }], null), null);
  assert.match(releaseRefusal(change, [], 'QUALITY_CHECKS_FAILED')!, /^promoting fraud v7 in PRODUCTION needs an APPROVED approval gate for v7 in PRODUCTION, and it never had one there \(it failed its quality checks/);
  assert.match(releaseRefusal(change, [{ status: 'REJECTED', rejection: { actor: 'ann', comment: 'recall dropped' } }], 'REJECTED')!, /its PRODUCTION gate was REJECTED by ann \("recall dropped"\)\./);
  assert.match(releaseRefusal({ ...change, operation: 'ROLLBACK' }, [{ status: 'EXPIRED', rejection: null }, { status: 'PENDING', rejection: null }], null)!, /^rolling back to fraud v7 .* its PRODUCTION gates were EXPIRED, then still PENDING\./);
});
