import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApprovalRequestError, gateSpec, type ApprovalRequest } from './approval-request';

const REQUEST: ApprovalRequest = { subject: { kind: 'report', id: 'q4', title: 'Quarterly report' }, requestedBy: 'ann' };

test('defaults: one approval from anyone with the role, three days to decide, a reminder after four hours', () => {
  assert.deepEqual(gateSpec(REQUEST), {
    subject: { kind: 'report', id: 'q4', title: 'Quarterly report', url: null },
    requestedBy: 'ann',
    policy: null,
    evidenceLinks: [],
    requiredApprovals: 1,
    approvers: [],
    remindAfterMs: 4 * 3_600_000,
    expiresAfterMs: 3 * 86_400_000,
    release: null,
  });
  assert.equal(gateSpec({ ...REQUEST, expiresAfter: '2h' }).remindAfterMs, 3_600_000, 'a short gate reminds halfway');
  assert.equal(gateSpec({ ...REQUEST, expiresAfter: 90_000, remindAfter: '30s' }).remindAfterMs, 30_000);
});

test('each mistake names its field', () => {
  const refused = (overrides: object): string => {
    try {
      gateSpec({ ...REQUEST, ...overrides } as ApprovalRequest);
    } catch (error) {
      assert.ok(error instanceof ApprovalRequestError);
      return error.message;
    }
    assert.fail(`accepted ${JSON.stringify(overrides)}`);
  };
  assert.match(refused({ subject: undefined }), /^request\.subject: is required/);
  assert.match(refused({ subject: { kind: 'Report', id: 'q', title: 't' } }), /^request\.subject\.kind: must be lower-case/);
  assert.match(refused({ subject: { kind: 'report', id: ' ', title: 't' } }), /^request\.subject\.id: must be a non-empty string/);
  assert.match(refused({ subject: { ...REQUEST.subject, url: 'ftp://x' } }), /^request\.subject\.url: must be an http\(s\) URL/);
  assert.match(refused({ requestedBy: '' }), /^request\.requestedBy:/);
  assert.match(refused({ evidenceLinks: [{ label: 'Draft', url: 'nope' }] }), /^request\.evidenceLinks\[0\]\.url:/);
  assert.match(refused({ requiredApprovals: 0 }), /^request\.requiredApprovals: must be an integer from 1 to 10/);
  assert.match(refused({ approvers: ['ann'] }), /^request\.approvers: ann asks for this approval and cannot approve it/);
  assert.match(refused({ requiredApprovals: 2, approvers: ['bob'] }), /^request\.requiredApprovals: needs 2 approvals but names only 1/);
  assert.match(refused({ expiresAfter: 'soon' }), /^request\.expiresAfter: must be a duration/);
  assert.match(refused({ expiresAfter: '91d' }), /^request\.expiresAfter: must be at most 90d/);
  assert.match(refused({ expiresAfter: '1h', remindAfter: '2h' }), /^request\.remindAfter: must be shorter than expiresAfter/);
});
