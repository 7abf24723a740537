import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, formatApiError } from './provenant-api';

test('a refusal prints as one line with its code and field, the field once', () => {
  assert.equal(
    formatApiError(new ApiError('FORBIDDEN', 'admin started this pipeline and cannot decide its gate (separation of duties)', 'input.gateId')),
    'error [FORBIDDEN] input.gateId: admin started this pipeline and cannot decide its gate (separation of duties)',
  );
  assert.equal(
    formatApiError(new ApiError('BAD_USER_INPUT', 'input.target: column "x" is not in the dataset', 'input.target')),
    'error [BAD_USER_INPUT] input.target: column "x" is not in the dataset',
  );
  assert.equal(formatApiError(new ApiError('UNAUTHENTICATED', 'unknown or revoked token')), 'error [UNAUTHENTICATED] unknown or revoked token');
});
