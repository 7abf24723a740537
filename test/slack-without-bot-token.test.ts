import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GATE_ACTIONS } from '../slack/messages/gate-message';
import { interactionBody, slackHeaders, slashCommandBody, startFakeSlack, type FakeSlack, type SlackCall } from './support/fake-slack';
import { SAMPLE_DATA, TOKENS, registerDataset, startHarness, waitForPipeline, type Harness } from './support/harness';

const SIGNING_SECRET = 'slack-signing-secret-without-bot-token';
const CHANNEL = 'C0APPROVALS';
const SLACK_USERS = { approver: 'U0APPROVER', admin: 'U0ADMIN', viewer: 'U0VIEWER' } as const;
const UNLINKED = 'U0STRANGER';
const MESSAGE_TS = '1700000000.000100';

/**
 * Slack with a signing secret and no SLACK_BOT_TOKEN, as the README allows: Provenant posts
 * nothing, but a click (on a message posted while it had a token) or a slash command is
 * still answered 200 and the user is told the outcome through the response_url Slack sent.
 */
describe('Slack without a bot token: every interaction answered 200, the user told through its response_url', () => {
  let harness: Harness;
  let slack: FakeSlack;
  let gateId: string;
  let clicks = 0;

  before(async () => {
    slack = await startFakeSlack();
    harness = await startHarness({
      env: {
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PROVENANT_SLACK_USERS: Object.entries(SLACK_USERS).map(([role, id]) => `${id}:${role}-user`).join(','),
      },
    });
    const datasetVersionId = await registerDataset(harness, 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
    const started = await harness.gql(
      `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`,
      {
        input: {
          modelName: 'weather-tokenless',
          datasetVersionId,
          target: 'weather',
          features: ['precipitation', 'temp_max', 'temp_min', 'wind'],
          task: 'CLASSIFICATION',
          deploy: { environment: 'STAGING', requiredApprovals: 1, canary: { steps: [100], observationWindow: '100ms', minRequests: 0 } },
        },
      },
      TOKENS.engineer,
    );
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const { workflowId } = started.data!.startModelPipeline;
    const waiting = await waitForPipeline(harness, workflowId);
    assert.equal(waiting.status, 'AWAITING_APPROVAL', JSON.stringify(waiting));
    gateId = (await harness.gql(`query G($w: String!) { pipelineRun(workflowId: $w) { approvalGate { id } } }`, { w: workflowId })).data!.pipelineRun.approvalGate.id;
  });
  after(async () => {
    await harness?.close();
    await slack?.close();
  });

  const post = (body: string) => fetch(`${harness.url}/slack/events`, { method: 'POST', headers: slackHeaders(SIGNING_SECRET, body), body });

  /** A click on the gate message's button, as Slack sends it: with a response_url of its own. */
  const click = (slackUserId: string, action: 'approve' | 'reject', gate = gateId) => {
    clicks += 1;
    const responseUrl = slack.responseUrl(`click-${clicks}`);
    const body = interactionBody({
      type: 'block_actions',
      user: { id: slackUserId },
      trigger_id: `trigger-${clicks}`,
      container: { type: 'message', channel_id: CHANNEL, message_ts: MESSAGE_TS },
      channel: { id: CHANNEL },
      message: { ts: MESSAGE_TS },
      actions: [{ action_id: GATE_ACTIONS[action], value: gate, block_id: 'provenant_gate_decision' }],
      response_url: responseUrl,
    });
    return { body, responseUrl };
  };

  /** Slack is answered at once; the answer to the user follows through the response_url. */
  const answerTo = (responseUrl: string): Promise<SlackCall> => slack.waitForCall('response_url', (call) => call.reply.url === new URL(responseUrl).pathname, 30_000);

  const decisions = () => harness.dataSource.query(`SELECT actor, decision, channel FROM approval_decision WHERE gate_id = $1`, [gateId]);

  const tellsPrivately = async (slackUserId: string, action: 'approve' | 'reject', expected: RegExp, gate = gateId) => {
    const { body, responseUrl } = click(slackUserId, action, gate);
    const response = await post(body);
    assert.equal(response.status, 200);
    const answer = await answerTo(responseUrl);
    assert.equal(answer.body.response_type, 'ephemeral');
    assert.equal(answer.body.replace_original, false);
    assert.match(answer.body.text, expected);
  };

  test('a Slack user who may not decide, or is not linked, is told so privately', async () => {
    await tellsPrivately(SLACK_USERS.viewer, 'approve', /role viewer may not decide approval gates/);
    await tellsPrivately(UNLINKED, 'approve', /your Slack account is not linked to Provenant/);
    assert.deepEqual(await decisions(), []);
  });

  test('Reject cannot open its dialog without the bot token: the user is sent to the web UI, and nothing is decided', async () => {
    await tellsPrivately(SLACK_USERS.approver, 'reject', /needs the bot token \(SLACK_BOT_TOKEN\); reject in the web UI's approval queue instead: http:\/\/127\.0\.0\.1:\d+\/ui#\/approvals/);
    assert.deepEqual(await decisions(), []);
  });

  test('Approve decides the gate, and the message is replaced for everyone through the response_url', async () => {
    const { body, responseUrl } = click(SLACK_USERS.approver, 'approve');
    assert.equal((await post(body)).status, 200);
    const answer = await answerTo(responseUrl);
    assert.equal(answer.body.replace_original, true);
    const blocks = JSON.stringify(answer.body.blocks);
    assert.ok(blocks.includes(':white_check_mark: approved by *approver-user*') && blocks.includes('Decisions are closed'), blocks);
    assert.deepEqual(await decisions(), [{ actor: 'approver-user', decision: 'APPROVE', channel: 'slack' }]);
  });

  test('a click on the closed gate, or on a gate that does not exist, is answered with the reason', async () => {
    await tellsPrivately(SLACK_USERS.admin, 'approve', /gate is APPROVED; decisions are closed/);
    const unknown = randomUUID();
    await tellsPrivately(SLACK_USERS.admin, 'approve', new RegExp(`approval gate ${unknown} not found`), unknown);
  });

  test('a reject dialog submitted after the token was removed: the refusal is shown in the dialog itself', async () => {
    const response = await post(
      interactionBody({
        type: 'view_submission',
        user: { id: SLACK_USERS.admin },
        view: {
          callback_id: 'provenant_gate_reject_modal',
          private_metadata: JSON.stringify({ gateId, channel: CHANNEL, messageTs: MESSAGE_TS }),
          state: { values: { provenant_reject_comment: { comment: { type: 'plain_text_input', value: 'too late' } } } },
        },
      }),
    );
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { response_action: 'errors', errors: { provenant_reject_comment: 'gate is APPROVED; decisions are closed' } });
  });

  test('slash commands are answered in the response; a late answer goes to the response_url', async () => {
    const help = await post(slashCommandBody(UNLINKED, 'help'));
    assert.equal(help.status, 200);
    assert.match(((await help.json()) as { text: string }).text, /\/provenant approvals/);

    const holder = harness.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    const responseUrl = slack.responseUrl('late-command');
    try {
      // Nobody may read the gates meanwhile: the approvals list waits on the lock, past Slack's 3 s.
      await holder.query('LOCK TABLE approval_gate IN ACCESS EXCLUSIVE MODE');
      const response = await post(slashCommandBody(SLACK_USERS.approver, 'approvals', responseUrl));
      assert.equal(response.status, 200);
      assert.match(((await response.json()) as { text: string }).text, /Working on it/);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    const late = await answerTo(responseUrl);
    assert.equal(late.body.response_type, 'ephemeral');
    assert.match(late.body.text, /No approval gates are waiting for you/);
  });

  test('nothing failed, nothing waits for a retry, and the bot never called the Web API', async () => {
    const unfinished = await harness.dataSource.query('SELECT count(*)::int AS n FROM slack_interaction WHERE processed_at IS NULL OR last_error IS NOT NULL OR attempts > 1');
    assert.deepEqual(unfinished, [{ n: 0 }]);
    assert.deepEqual(
      slack.calls.filter((call) => call.method !== 'response_url').map((call) => call.method),
      [],
    );
  });
});
