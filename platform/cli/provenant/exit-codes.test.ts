import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXIT, exitStatusOf } from './exit-codes';

test("the API's codes map to the documented exit statuses; any other refusal is 1", () => {
  assert.deepEqual(
    ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'UNAVAILABLE', 'BAD_USER_INPUT', 'CONFLICT', 'INTERNAL'].map((code) => exitStatusOf({ code })),
    [EXIT.AUTH, EXIT.AUTH, EXIT.NOT_FOUND, EXIT.UNAVAILABLE, EXIT.ERROR, EXIT.ERROR, EXIT.ERROR],
  );
  assert.deepEqual([EXIT.OK, EXIT.ERROR, EXIT.USAGE, EXIT.AUTH, EXIT.NOT_FOUND, EXIT.UNAVAILABLE], [0, 1, 2, 3, 4, 5]);
});

test('a FORBIDDEN about a field (separation of duties, the release guard) is a refusal, not a credentials problem', () => {
  assert.equal(exitStatusOf({ code: 'FORBIDDEN', field: 'input.version' }), EXIT.ERROR);
  assert.equal(exitStatusOf({ code: 'FORBIDDEN' }), EXIT.AUTH);
});
