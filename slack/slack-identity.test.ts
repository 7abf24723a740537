import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../platform/config';
import { slackPrincipal } from './slack-identity';

const config = loadConfig({
  PROVENANT_API_TOKENS: 'token-ann-1:approver:ann,token-abe-1:admin:abe,token-vic-1:viewer:vic',
  PROVENANT_SLACK_USERS: 'U0ANN:ann,U0VIC:vic,U0GHOST:ghost',
});

test('a configured Slack user acts as the name it maps to, with that name’s token role', () => {
  assert.deepEqual(slackPrincipal('U0ANN', null, config), { name: 'ann', role: 'approver' });
  assert.deepEqual(slackPrincipal('U0VIC', null, config), { name: 'vic', role: 'viewer' });
});

test('an admin mapping wins over the configuration', () => {
  assert.deepEqual(slackPrincipal('U0VIC', 'abe', config), { name: 'abe', role: 'admin' });
  assert.deepEqual(slackPrincipal('U0NEW', 'ann', config), { name: 'ann', role: 'approver' });
});

test('unknown Slack users, and names no token carries, are unlinked', () => {
  assert.equal(slackPrincipal('U0NOBODY', null, config), null);
  assert.equal(slackPrincipal('U0GHOST', null, config), null);
  assert.equal(slackPrincipal('U0ANN', 'someone-without-a-token', config), null);
});
