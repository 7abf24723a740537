import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSlackResponseUrl } from './response-url';

const API_URL = 'https://slack.com/api';

test("a response_url is used only on Slack's hooks host or the configured Web API origin", () => {
  assert.equal(isSlackResponseUrl('https://hooks.slack.com/actions/T0/1/abc', API_URL), true);
  assert.equal(isSlackResponseUrl('https://slack.com/other', API_URL), true);
  assert.equal(isSlackResponseUrl('http://127.0.0.1:9999/response/x', 'http://127.0.0.1:9999/api'), true);
  for (const refused of ['http://hooks.slack.com/actions/T0/1/abc', 'https://hooks.slack.com.evil.example/x', 'https://example.com/hook', 'not a url', '', null, undefined]) {
    assert.equal(isSlackResponseUrl(refused, API_URL), false, String(refused));
  }
});
