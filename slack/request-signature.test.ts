import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signatureRefusal, slackSignature } from './request-signature';

// The worked example from https://api.slack.com/authentication/verifying-requests-from-slack
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = '1531420618';
const BODY = Buffer.from(
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
    '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com' +
    '%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
);
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const AT_TIMESTAMP = Number(TIMESTAMP) * 1000;

test("computes Slack's documented signature", () => {
  assert.equal(slackSignature(SECRET, TIMESTAMP, BODY), SIGNATURE);
  assert.equal(slackSignature(SECRET, TIMESTAMP, BODY.toString()), SIGNATURE);
});

test('accepts the documented request within five minutes either side', () => {
  const request = { timestamp: TIMESTAMP, signature: SIGNATURE, rawBody: BODY };
  assert.equal(signatureRefusal(SECRET, request, AT_TIMESTAMP), null);
  assert.equal(signatureRefusal(SECRET, request, AT_TIMESTAMP + 300_000), null);
  assert.equal(signatureRefusal(SECRET, request, AT_TIMESTAMP - 300_000), null);
});

test('refuses stale and future timestamps even when correctly signed', () => {
  const request = { timestamp: TIMESTAMP, signature: SIGNATURE, rawBody: BODY };
  assert.equal(signatureRefusal(SECRET, request, AT_TIMESTAMP + 301_000), 'stale');
  assert.equal(signatureRefusal(SECRET, request, AT_TIMESTAMP - 301_000), 'future');
});

test('refuses a changed body, another secret, a truncated or another version of signature', () => {
  const refusal = (overrides: object, secret = SECRET) =>
    signatureRefusal(secret, { timestamp: TIMESTAMP, signature: SIGNATURE, rawBody: BODY, ...overrides }, AT_TIMESTAMP);
  assert.equal(refusal({ rawBody: Buffer.from(`${BODY}&text=approve`) }), 'forged');
  assert.equal(refusal({}, 'another-signing-secret'), 'forged');
  assert.equal(refusal({ signature: SIGNATURE.slice(0, -1) }), 'forged');
  assert.equal(refusal({ signature: SIGNATURE.replace('v0=', 'v1=') }), 'forged');
  assert.equal(refusal({ signature: SIGNATURE.toUpperCase() }), 'forged');
});

test('refuses missing headers and timestamps that are not Unix seconds', () => {
  const refusal = (timestamp: string | undefined, signature: string | undefined) =>
    signatureRefusal(SECRET, { timestamp, signature, rawBody: BODY }, AT_TIMESTAMP);
  assert.equal(refusal(undefined, SIGNATURE), 'missing_headers');
  assert.equal(refusal(TIMESTAMP, undefined), 'missing_headers');
  assert.equal(refusal('', SIGNATURE), 'missing_headers');
  for (const timestamp of ['1531420618.5', '-1531420618', ' 1531420618', '1e9', 'yesterday']) {
    assert.equal(refusal(timestamp, SIGNATURE), 'bad_timestamp', timestamp);
  }
});
