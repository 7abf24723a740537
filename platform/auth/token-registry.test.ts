import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TokenRegistry } from './token-registry';

test('finds the principal for a known token and nothing for others', () => {
  const registry = new TokenRegistry([
    { token: 'secret-one', role: 'admin', name: 'ann' },
    { token: 'secret-two', role: 'viewer', name: 'vic' },
  ]);
  assert.deepEqual(registry.find('secret-two'), { name: 'vic', role: 'viewer' });
  assert.equal(registry.find('secret-thre'), undefined);
  assert.equal(registry.find(''), undefined);
});
