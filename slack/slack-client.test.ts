import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startFakeSlack, type FakeSlack } from '../test/support/fake-slack';
import { SlackApiError, SlackClient } from './slack-client';

let fake: FakeSlack;
before(async () => {
  fake = await startFakeSlack();
});
after(async () => {
  await fake.close();
});

test('calls the Web API as the bot, with JSON bodies, and returns where the message landed', async () => {
  const slack = new SlackClient({ apiUrl: fake.apiUrl, botToken: 'xoxb-test' });
  const posted = await slack.postMessage('C0APPROVALS', { text: 'hello', blocks: [] }, '1700000000.000001');
  assert.equal(posted.channel, 'C0APPROVALS');
  assert.match(posted.ts, /^\d+\.\d{6}$/);
  await slack.updateMessage(posted, { text: 'updated', blocks: [] });
  await slack.postEphemeral('C0APPROVALS', 'U0ANN', 'only you');
  await slack.openView('trigger-1', { type: 'modal' } as never);
  assert.deepEqual(
    fake.calls.map((call) => [call.method, call.token]),
    [
      ['chat.postMessage', 'xoxb-test'],
      ['chat.update', 'xoxb-test'],
      ['chat.postEphemeral', 'xoxb-test'],
      ['views.open', 'xoxb-test'],
    ],
  );
  assert.equal(fake.calls[0].body.thread_ts, '1700000000.000001');
  assert.deepEqual(fake.calls[1].body, { channel: 'C0APPROVALS', ts: posted.ts, text: 'updated', blocks: [] });
});

test("Slack's ok:false, and a missing token, throw naming the method", async () => {
  const slack = new SlackClient({ apiUrl: fake.apiUrl, botToken: 'xoxb-test' });
  fake.failNext('chat.update', 'message_not_found');
  await assert.rejects(slack.updateMessage({ channel: 'C0', ts: '1.2' }, { text: 'x', blocks: [] }), (error: SlackApiError) => {
    assert.equal(error.message, 'Slack chat.update failed: message_not_found');
    assert.equal(error.method, 'chat.update');
    return true;
  });
  await assert.rejects(new SlackClient({ apiUrl: fake.apiUrl, botToken: undefined }).postEphemeral('C0', 'U0', 'x'), /Slack chat\.postEphemeral failed: not configured/);
  await assert.rejects(new SlackClient({ apiUrl: `${fake.apiUrl}/missing`, botToken: 'xoxb-test' }).postEphemeral('C0', 'U0', 'x'), /unknown_method/);
});
