import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProvenantError } from '../errors';
import { checkAttestationClaim, type AttestationClaim } from './attestation';

const claim: AttestationClaim = {
  elementKey: 'organisation.stakeholder-communication',
  stage: 'MANUAL_MLOPS',
  statement: '  Monthly model review with the risk office.  ',
  evidenceUrl: 'https://wiki.example/reviews',
};

function refused(change: Partial<AttestationClaim>, field: string, message: RegExp) {
  assert.throws(
    () => checkAttestationClaim({ ...claim, ...change }),
    (error: unknown) => error instanceof ProvenantError && error.code === 'BAD_USER_INPUT' && error.field === field && message.test(error.message),
  );
}

describe('maturity attestations', () => {
  test('a claim on an unobservable element is kept with its statement trimmed', () => {
    assert.deepEqual(checkAttestationClaim(claim), { ...claim, statement: 'Monthly model review with the risk office.' });
  });

  test('a measured element cannot be attested, and an unknown one is named', () => {
    refused({ elementKey: 'data.versioning' }, 'input.element', /data\.versioning is measured from Provenant's own records and cannot be attested; the elements that take an attestation are data\.feature-store, /);
    refused({ elementKey: 'organisation.vibes' }, 'input.element', /no element "organisation\.vibes"/);
  });

  test('a statement and an http(s) evidence link are required', () => {
    refused({ statement: ' ' }, 'input.statement', /must say what holds/);
    refused({ statement: 'x'.repeat(2001) }, 'input.statement', /at most 2000/);
    refused({ evidenceUrl: 'minutes of Tuesday' }, 'input.evidenceUrl', /http or https address/);
    refused({ evidenceUrl: 'javascript:alert(1)' }, 'input.evidenceUrl', /http or https address/);
    refused({ stage: 'SUPERB' as never }, 'input.stage', /must be one of AD_HOC/);
  });
});
