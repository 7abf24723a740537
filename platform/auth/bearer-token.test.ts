import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bearerToken } from './bearer-token';

test('reads the token of a bearer header, whatever the scheme case', () => {
  assert.equal(bearerToken('Bearer pvn_abc'), 'pvn_abc');
  assert.equal(bearerToken('bearer   pvn_abc'), 'pvn_abc');
});

test('no token without a single bearer credential', () => {
  assert.equal(bearerToken(undefined), null);
  assert.equal(bearerToken(''), null);
  assert.equal(bearerToken('Basic dXNlcjpwYXNz'), null);
  assert.equal(bearerToken('Bearer two words'), null);
});
