import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { auditLogSealed } from '../db/audit-log';
import { interactionBody, slackHeaders, slashCommandBody, startFakeSlack, type FakeSlack, type SlackCall } from './support/fake-slack';
import { createSlackNotificationActivities } from '../activities/slack-notifications.activity';
import { logger } from '../platform/logger';
import { artifactStoreFor } from '../storage/configured-store';
import { SAMPLE_DATA, TOKENS, assertError, registerDataset, startHarness, waitForPipeline, type Harness } from './support/harness';
import { assertSlackRefused, slackRefusals } from './support/slack-refusals';

const SIGNING_SECRET = 'slack-signing-secret-for-tests';
const APPROVALS_CHANNEL = 'C0APPROVALS';
const ESCALATION_CHANNEL = 'C0ESCALATION';
/** Slack accounts PROVENANT_SLACK_USERS links, by the harness role whose name they map to. */
const SLACK_USERS = { approver: 'U0APPROVER', admin: 'U0ADMIN', engineer: 'U0ENGINEER', viewer: 'U0VIEWER' } as const;
const UNLINKED = 'U0STRANGER';
/** Configured, but with a name no API token carries. */
const TOKENLESS = 'U0GHOST';

const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const GATE = `
  query G($workflowId: String!) {
    pipelineRun(workflowId: $workflowId) {
      status stages { name status }
      approvalGate { id status decisions { actor decision channel comment } }
    }
  }`;
const MAP = `mutation M($slackUserId: String!, $name: String!) { mapSlackUser(slackUserId: $slackUserId, name: $name) { slackUserId name role source mappedBy } }`;

interface OpenGate {
  workflowId: string;
  gateId: string;
  /** The gate's message as posted to the fake Slack by notifyGateOpened. */
  message: SlackCall;
}

describe('the Slack bot: signed requests only, slash commands, and gates decided from Slack', () => {
  let harness: Harness;
  let slack: FakeSlack;
  let datasetVersionId: string;
  let runs = 0;

  before(async () => {
    slack = await startFakeSlack();
    harness = await startHarness({
      env: {
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: 'xoxb-provenant-test',
        SLACK_APPROVALS_CHANNEL: APPROVALS_CHANNEL,
        SLACK_ESCALATION_CHANNEL: ESCALATION_CHANNEL,
        SLACK_API_URL: slack.apiUrl,
        PROVENANT_SLACK_USERS: [...Object.entries(SLACK_USERS).map(([role, id]) => `${id}:${role}-user`), `${TOKENLESS}:nobody`].join(','),
      },
    });
    datasetVersionId = await registerDataset(harness, 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
    // The policy governing weather's STAGING gates asks what the requests below ask, so it shows in every message without changing any gate.
    const policy = await harness.gql(
      `mutation C($input: ApprovalPolicyInput!) { createApprovalPolicy(input: $input) { id } }`,
      { input: { name: 'weather-staging', modelPattern: 'weather', environment: 'STAGING', minApprovals: 1, approverRoles: ['APPROVER', 'ADMIN'], remindAfter: '1h', expiresAfter: '2h' } },
    );
    assert.equal(policy.errors, undefined, JSON.stringify(policy.errors));
  });
  after(async () => {
    await harness?.close();
    await slack?.close();
  });

  /** An engineer starts a pipeline that asks to deploy; resolves once its gate message is in Slack. */
  const openGate = async (deploy: Record<string, unknown> = {}): Promise<OpenGate> => {
    runs += 1;
    const started = await harness.gql(
      START,
      {
        input: {
          modelName: 'weather',
          datasetVersionId,
          target: 'weather',
          features: ['precipitation', 'temp_max', 'temp_min', 'wind'],
          task: 'CLASSIFICATION',
          runKey: `slack-${runs}`,
          // No live traffic here: a one-step canary that needs none, so approved versions go live at once.
          deploy: { environment: 'STAGING', requiredApprovals: 1, approvers: [], remindAfter: '1h', expiresAfter: '2h', canary: { steps: [100], observationWindow: '100ms', minRequests: 0 }, ...deploy },
        },
      },
      TOKENS.engineer,
    );
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const { workflowId } = started.data!.startModelPipeline;
    const waiting = await waitForPipeline(harness, workflowId);
    assert.equal(waiting.status, 'AWAITING_APPROVAL', JSON.stringify(waiting));
    const gateId = (await harness.gql(GATE, { workflowId })).data!.pipelineRun.approvalGate.id;
    const message = await slack.waitForCall('chat.postMessage', (call) => !call.body.thread_ts && JSON.stringify(call.body.blocks).includes(gateId));
    // The fake answers before the activity stores where the message landed.
    for (let tries = 0; ; tries += 1) {
      const [row] = await harness.dataSource.query(`SELECT slack_message_ts FROM approval_gate WHERE id = $1`, [gateId]);
      if (row.slack_message_ts) break;
      if (tries > 100) throw new Error(`gate ${gateId}: Slack message ts never stored`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { workflowId, gateId, message };
  };

  const postToSlackEndpoint = (body: string, headers: Record<string, string> = slackHeaders(SIGNING_SECRET, body)) =>
    fetch(`${harness.url}/slack/events`, { method: 'POST', headers, body });

  /** Slack's block_actions payload for a click on one of the gate message's buttons. */
  const click = (gate: OpenGate, slackUserId: string, label: 'Approve' | 'Reject') => {
    const actions = (gate.message.body.blocks as { type: string; elements?: { text: { text: string } }[] }[]).find((block) => block.type === 'actions')!;
    const button = actions.elements!.find((element) => element.text.text === label)!;
    const ts = gate.message.reply.ts;
    return interactionBody({
      type: 'block_actions',
      user: { id: slackUserId, team_id: 'T0PROVENANT' },
      trigger_id: `trigger-${slackUserId}-${Date.now()}`,
      container: { type: 'message', channel_id: APPROVALS_CHANNEL, message_ts: ts },
      channel: { id: APPROVALS_CHANNEL },
      message: { ts },
      actions: [{ ...button, block_id: 'provenant_gate_decision', action_ts: `${Date.now() / 1000}` }],
      // With a bot token it is never used: the answer is an ephemeral message or an update, as the bot.
      response_url: slack.responseUrl(`click-${slackUserId}`),
    });
  };

  const decisionsOf = async (gateId: string) =>
    (await harness.dataSource.query(`SELECT actor, decision, channel, comment FROM approval_decision WHERE gate_id = $1 ORDER BY decided_at`, [gateId])) as Record<string, string | null>[];
  /** Slack is answered within 3 s whatever the work behind takes; its outcome may land a moment after the 200. */
  const interactionsDone = async () => {
    for (let tries = 0; ; tries += 1) {
      const [{ open }] = await harness.dataSource.query('SELECT count(*)::int AS open FROM slack_interaction WHERE processed_at IS NULL');
      if (open === 0) return;
      if (tries > 300) throw new Error(`${open} Slack interactions still unprocessed`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const ephemeralsTo = (slackUserId: string) => slack.callsTo('chat.postEphemeral').filter((call) => call.body.user === slackUserId);

  let gate: OpenGate;

  test('the gate message is posted to the approvals channel with the evidence and both buttons', async () => {
    gate = await openGate();
    assert.equal(gate.message.token, 'xoxb-provenant-test');
    assert.equal(gate.message.body.channel, APPROVALS_CHANNEL);
    const text = JSON.stringify(gate.message.body.blocks);
    for (const expected of [
      'Approval needed: weather v1 → STAGING',
      'Requested by *engineer-user*',
      '0 of 1',
      '*Metrics*',
      '*Quality checks*',
      '*Data validation*',
      '/graphiql?query=',
      '*Policy* weather-staging (v1)\\n• at least 1 approval\\n• who may approve: the approver or admin roles\\n• expires after 2h, at <!date^',
    ]) {
      assert.ok(text.includes(expected), `missing ${expected} in ${text}`);
    }
    const row = await harness.dataSource.query(`SELECT slack_channel, slack_message_ts FROM approval_gate WHERE id = $1`, [gate.gateId]);
    assert.deepEqual(row, [{ slack_channel: APPROVALS_CHANNEL, slack_message_ts: gate.message.reply.ts }]);
  });

  test('notifications: a repeated opening updates the stored message; Slack errors throw; unconfigured, nothing is sent', async () => {
    const deps = { dataSource: harness.dataSource, store: artifactStoreFor(harness.config), logger, config: harness.config };
    const notifications = createSlackNotificationActivities(deps);
    const posts = slack.callsTo('chat.postMessage').length;
    await notifications.notifyGateOpened({ gateId: gate.gateId });
    assert.equal(slack.callsTo('chat.postMessage').length, posts, 'posted once only');
    const update = slack.calls.at(-1)!;
    assert.deepEqual([update.method, update.body.channel, update.body.ts], ['chat.update', APPROVALS_CHANNEL, gate.message.reply.ts]);
    assert.deepEqual(update.body.blocks, gate.message.body.blocks);

    slack.failNext('chat.update', 'channel_not_found');
    await assert.rejects(notifications.notifyGateDecided({ gateId: gate.gateId }), /Slack chat\.update failed: channel_not_found/);

    const calls = slack.calls.length;
    const unconfigured = createSlackNotificationActivities({ ...deps, config: { ...harness.config, slack: { ...harness.config.slack, botToken: undefined } } });
    await unconfigured.notifyGateOpened({ gateId: gate.gateId });
    await unconfigured.notifyGateDecided({ gateId: gate.gateId });
    await unconfigured.notifyGateReminder({ gateId: gate.gateId });
    assert.equal(slack.calls.length, calls);
  });

  test('a worker that dies between posting the gate message and recording it: the retry finds the message, and it is posted once', async () => {
    const CRASH_CHANNEL = 'C0CRASHTEST';
    const config = { ...harness.config, slack: { ...harness.config.slack, approvalsChannel: CRASH_CHANNEL } };
    const deps = { dataSource: harness.dataSource, store: artifactStoreFor(harness.config), logger, config };
    // As if the gate's message had never been posted, in a channel of its own.
    await harness.dataSource.query('UPDATE approval_gate SET slack_channel = NULL, slack_message_ts = NULL WHERE id = $1', [gate.gateId]);
    try {
      // The worker "dies" after Slack answered: the transaction that records the message fails.
      const dying = new Proxy(harness.dataSource, {
        get(target, property) {
          if (property === 'transaction') return async () => Promise.reject(new Error('worker died before recording the Slack message'));
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      await assert.rejects(createSlackNotificationActivities({ ...deps, dataSource: dying }).notifyGateOpened({ gateId: gate.gateId }), /worker died/);
      const postsTo = () => slack.callsTo('chat.postMessage').filter((call) => call.body.channel === CRASH_CHANNEL);
      assert.equal(postsTo().length, 1);
      const [posted] = postsTo();
      assert.deepEqual(posted.body.metadata, { event_type: 'provenant_gate_opened', event_payload: { gate_id: gate.gateId } });

      await createSlackNotificationActivities(deps).notifyGateOpened({ gateId: gate.gateId });
      assert.equal(postsTo().length, 1, 'posted once');
      const update = slack.callsTo('chat.update').at(-1)!;
      assert.deepEqual([update.body.channel, update.body.ts], [CRASH_CHANNEL, posted.reply.ts], 'the message found is brought up to date');
      const row = await harness.dataSource.query('SELECT slack_channel, slack_message_ts FROM approval_gate WHERE id = $1', [gate.gateId]);
      assert.deepEqual(row, [{ slack_channel: CRASH_CHANNEL, slack_message_ts: posted.reply.ts }]);
    } finally {
      await harness.dataSource.query('UPDATE approval_gate SET slack_channel = $2, slack_message_ts = $3 WHERE id = $1', [gate.gateId, APPROVALS_CHANNEL, gate.message.reply.ts]);
    }
  });

  test('forged, stale, future, unsigned and oversized requests are refused before any work', async () => {
    const approve = click(gate, SLACK_USERS.approver, 'Approve');
    const tampered = approve.replace(SLACK_USERS.approver, SLACK_USERS.admin);
    const callsBefore = slack.calls.length;
    for (const refusal of slackRefusals(SIGNING_SECRET, approve, tampered)) await assertSlackRefused(harness.url, refusal);
    assert.equal(slack.calls.length, callsBefore, 'nothing was said in Slack');
    assert.deepEqual(await decisionsOf(gate.gateId), []);
    assert.equal((await harness.gql(GATE, { workflowId: gate.workflowId })).data!.pipelineRun.approvalGate.status, 'PENDING');
  });

  test('a Slack user who may not decide is told so privately, and nothing changes', async () => {
    const updatesBefore = slack.callsTo('chat.update').length;
    const cases: [string, RegExp][] = [
      [SLACK_USERS.viewer, /role viewer may not decide approval gates/],
      [SLACK_USERS.engineer, /role engineer may not decide approval gates/],
      [UNLINKED, /your Slack account is not linked to Provenant; ask an admin to run mapSlackUser/],
      [TOKENLESS, /your Slack account is not linked to Provenant/],
    ];
    for (const [slackUserId, message] of cases) {
      const response = await postToSlackEndpoint(click(gate, slackUserId, 'Approve'));
      assert.equal(response.status, 200);
      await interactionsDone();
      const [ephemeral, ...more] = ephemeralsTo(slackUserId);
      assert.equal(more.length, 0);
      assert.equal(ephemeral.body.channel, APPROVALS_CHANNEL);
      assert.match(ephemeral.body.text, message);
    }
    assert.equal(slack.callsTo('chat.update').length, updatesBefore);
    assert.deepEqual(await decisionsOf(gate.gateId), []);
  });

  test('Approve from Slack decides the gate, updates the message in place, and the pipeline proceeds', async () => {
    const updatesBefore = slack.callsTo('chat.update').length;
    const approve = click(gate, SLACK_USERS.approver, 'Approve');
    const headers = slackHeaders(SIGNING_SECRET, approve);
    const response = await postToSlackEndpoint(approve, headers);
    assert.equal(response.status, 200);
    await interactionsDone();
    assert.deepEqual(await decisionsOf(gate.gateId), [{ actor: 'approver-user', decision: 'APPROVE', channel: 'slack', comment: null }]);

    // Answered after the API's own update; the workflow's notifications render the same closed gate.
    const updates = slack.callsTo('chat.update').slice(updatesBefore).filter((call) => call.body.ts === gate.message.reply.ts);
    assert.ok(updates.length > 0, 'the gate message was updated');
    for (const update of updates) {
      assert.equal(update.body.channel, APPROVALS_CHANNEL);
      const text = JSON.stringify(update.body.blocks);
      assert.ok(text.includes(':white_check_mark: approved by *approver-user*'), text);
      assert.ok(text.includes('Decisions are closed'), text);
      assert.equal(update.body.blocks.some((block: { type: string }) => block.type === 'actions'), false, 'the buttons are gone');
    }

    await harness.temporal.workflow.getHandle(gate.workflowId).result();
    const done = (await harness.gql(GATE, { workflowId: gate.workflowId })).data!.pipelineRun;
    assert.equal(done.status, 'SUCCEEDED');
    assert.deepEqual(done.stages.slice(-2), [{ name: 'approve', status: 'SUCCEEDED' }, { name: 'deploy', status: 'SUCCEEDED' }]);
    assert.deepEqual(done.approvalGate.decisions, [{ actor: 'approver-user', decision: 'APPROVE', channel: 'slack', comment: null }]);

    // The same signed request again, well inside the five minutes: refused as a replay, before any work.
    const ephemeralsBefore = slack.callsTo('chat.postEphemeral').length;
    await assertSlackRefused(harness.url, { reason: 'replayed', headers, body: approve, status: 401 });
    assert.equal(slack.callsTo('chat.postEphemeral').length, ephemeralsBefore, 'a replay is not even told the gate is closed');
  });

  test('a click on a closed gate or on a gate that does not exist: answered 200, the clicker told privately why', async () => {
    const unknownGate = randomUUID();
    const cases: [string, RegExp][] = [
      [click(gate, SLACK_USERS.admin, 'Approve'), /gate is APPROVED; decisions are closed/],
      [click(gate, SLACK_USERS.admin, 'Approve').replaceAll(gate.gateId, unknownGate), new RegExp(`approval gate ${unknownGate} not found`)],
    ];
    for (const [body, message] of cases) {
      const before_ = ephemeralsTo(SLACK_USERS.admin).length;
      assert.equal((await postToSlackEndpoint(body)).status, 200);
      await interactionsDone();
      const told = ephemeralsTo(SLACK_USERS.admin).slice(before_);
      assert.equal(told.length, 1, JSON.stringify(told));
      assert.match(told[0].body.text, message);
    }
  });

  test('Reject opens a modal; its submission rejects with the comment; overdue gates are reminded', async () => {
    const rejecting = await openGate({ remindAfter: '1s', expiresAfter: '1h' });
    const ts = rejecting.message.reply.ts;
    const thread = await slack.waitForCall('chat.postMessage', (call) => call.body.thread_ts === ts);
    assert.equal(thread.body.channel, APPROVALS_CHANNEL);
    assert.match(thread.body.text, /Reminder: \*weather\* v2 → \*STAGING\* still needs 1 approval \(0 of 1 so far\)[\s\S]*Who may decide: anyone with the approver or admin role/);
    const escalation = await slack.waitForCall('chat.postMessage', (call) => call.body.channel === ESCALATION_CHANNEL);
    assert.equal(escalation.body.text, thread.body.text);

    const response = await postToSlackEndpoint(click(rejecting, SLACK_USERS.admin, 'Reject'));
    assert.equal(response.status, 200);
    await interactionsDone();
    const opened = slack.callsTo('views.open').at(-1)!;
    assert.match(opened.body.trigger_id, /^trigger-U0ADMIN-/);
    const view = opened.body.view;
    assert.deepEqual(JSON.parse(view.private_metadata), { gateId: rejecting.gateId, channel: APPROVALS_CHANNEL, messageTs: ts });
    assert.deepEqual(await decisionsOf(rejecting.gateId), [], 'opening the modal decides nothing');

    const input = view.blocks.find((block: { type: string }) => block.type === 'input');
    const submit = (slackUserId: string, comment: string) =>
      postToSlackEndpoint(
        interactionBody({
          type: 'view_submission',
          user: { id: slackUserId },
          view: {
            callback_id: view.callback_id,
            private_metadata: view.private_metadata,
            state: { values: { [input.block_id]: { [input.element.action_id]: { type: 'plain_text_input', value: comment } } } },
          },
        }),
      );
    const blank = await submit(SLACK_USERS.admin, '   ');
    assert.equal(blank.status, 200);
    await interactionsDone();
    assert.match(ephemeralsTo(SLACK_USERS.admin).at(-1)!.body.text, /a rejection needs a comment/);

    assert.equal((await submit(SLACK_USERS.admin, 'fog recall < 0.5')).status, 200);
    await interactionsDone();
    assert.deepEqual(await decisionsOf(rejecting.gateId), [{ actor: 'admin-user', decision: 'REJECT', channel: 'slack', comment: 'fog recall < 0.5' }]);
    const update = slack.callsTo('chat.update').find((call) => call.body.ts === ts)!;
    const text = JSON.stringify(update.body.blocks);
    assert.ok(text.includes(':x: rejected by *admin-user*') && text.includes('fog recall &lt; 0.5'), text);
    assert.equal(update.body.blocks.some((block: { type: string }) => block.type === 'actions'), false);
    await harness.temporal.workflow.getHandle(rejecting.workflowId).result().catch(() => undefined);
    assert.equal((await harness.gql(GATE, { workflowId: rejecting.workflowId })).data!.pipelineRun.status, 'REJECTED');
  });

  test('slash commands: help, approvals, status; answered privately', async () => {
    const pending = await openGate();
    const command = async (slackUserId: string, text: string) => {
      const response = await postToSlackEndpoint(slashCommandBody(slackUserId, text));
      assert.equal(response.status, 200);
      const reply = (await response.json()) as { response_type: string; text: string; blocks: unknown[] };
      assert.equal(reply.response_type, 'ephemeral');
      return { ...reply, all: JSON.stringify(reply.blocks) };
    };

    assert.match((await command(UNLINKED, '')).text, /\/provenant approvals.*\n.*\/provenant status <workflowId>/);
    assert.match((await command(UNLINKED, 'approvals')).text, /not linked to Provenant/);

    const approvals = await command(SLACK_USERS.approver, 'approvals');
    assert.match(approvals.text, /^1 approval gate waiting for you/);
    assert.ok(approvals.all.includes(pending.workflowId) && approvals.all.includes('*weather* v3 → *STAGING* · 0 of 1 approvals'), approvals.all);
    assert.match((await command(SLACK_USERS.engineer, 'approvals')).text, /No approval gates are waiting for you/, 'not the gate they requested');
    assert.match((await command(SLACK_USERS.viewer, 'approvals')).text, /No approval gates are waiting for you/);

    const status = await command(SLACK_USERS.viewer, `status ${pending.workflowId}`);
    assert.equal(status.text, `weather pipeline ${pending.workflowId} is AWAITING_APPROVAL`);
    assert.ok(status.all.includes(':white_check_mark: register: succeeded'), status.all);
    assert.match((await command(SLACK_USERS.viewer, 'status pipeline:weather:nope')).text, /workflowId: pipeline run pipeline:weather:nope not found/);
    assert.match((await command(SLACK_USERS.viewer, 'status')).text, /usage: \/provenant status &lt;workflowId&gt;/);
    assert.match((await command(SLACK_USERS.viewer, 'deploy now')).text, /unknown subcommand "deploy"/);
  });

  test('mapSlackUser: admins link Slack accounts to token names, audited; Slack then acts as that name', async () => {
    assertError(await harness.gql(MAP, { slackUserId: UNLINKED, name: 'approver-user' }, TOKENS.approver), 'FORBIDDEN', undefined, /role approver/);
    assertError(await harness.gql(`{ slackUsers { slackUserId } }`, {}, TOKENS.ops), 'FORBIDDEN', undefined, /role ops/);
    assertError(await harness.gql(MAP, { slackUserId: 'ann', name: 'approver-user' }), 'BAD_USER_INPUT', 'slackUserId', /Slack member id/);
    assertError(await harness.gql(MAP, { slackUserId: UNLINKED, name: 'nobody' }), 'BAD_USER_INPUT', 'name', /no API token is named "nobody"/);

    await harness.gql(MAP, { slackUserId: UNLINKED, name: 'admin-user' });
    const mapped = await harness.gql(MAP, { slackUserId: UNLINKED, name: 'approver-user' });
    assert.deepEqual(mapped.data!.mapSlackUser, { slackUserId: UNLINKED, name: 'approver-user', role: 'approver', source: 'MAPPED', mappedBy: 'admin-user' });
    await harness.gql(MAP, { slackUserId: UNLINKED, name: 'approver-user' });
    // An admin mapping overrides PROVENANT_SLACK_USERS.
    await harness.gql(MAP, { slackUserId: SLACK_USERS.viewer, name: 'ops-user' });

    await auditLogSealed(harness.dataSource);
    const audit = await harness.dataSource.query(`SELECT actor, subject_id, payload FROM audit_event WHERE action = 'slack_user.mapped' ORDER BY sequence`);
    assert.deepEqual(audit, [
      { actor: 'admin-user', subject_id: UNLINKED, payload: { slackUserId: UNLINKED, name: 'admin-user', previousName: null } },
      { actor: 'admin-user', subject_id: UNLINKED, payload: { slackUserId: UNLINKED, name: 'approver-user', previousName: 'admin-user' } },
      { actor: 'admin-user', subject_id: SLACK_USERS.viewer, payload: { slackUserId: SLACK_USERS.viewer, name: 'ops-user', previousName: null } },
    ]);
    const users = (await harness.gql(`{ slackUsers { slackUserId name role source } }`)).data!.slackUsers;
    assert.deepEqual(users, [
      { slackUserId: UNLINKED, name: 'approver-user', role: 'approver', source: 'MAPPED' },
      { slackUserId: SLACK_USERS.viewer, name: 'ops-user', role: 'ops', source: 'MAPPED' },
      { slackUserId: SLACK_USERS.approver, name: 'approver-user', role: 'approver', source: 'CONFIG' },
      { slackUserId: SLACK_USERS.admin, name: 'admin-user', role: 'admin', source: 'CONFIG' },
      { slackUserId: SLACK_USERS.engineer, name: 'engineer-user', role: 'engineer', source: 'CONFIG' },
      { slackUserId: TOKENLESS, name: 'nobody', role: null, source: 'CONFIG' },
    ]);

    const response = await postToSlackEndpoint(slashCommandBody(UNLINKED, 'approvals'));
    const reply = await response.text();
    assert.match(reply, /"text":"1 approval gate waiting for you/, reply);
  });

  test('a decision slower than Slack waits: answered 200 within 3 s, recorded, then made and shown when the work behind finishes', async () => {
    const slow = await openGate();
    // Hold the gate's row: the worker writing the decision waits on it, and so does the decision.
    const holder = harness.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query('SELECT id FROM approval_gate WHERE id = $1 FOR UPDATE', [slow.gateId]);
      const started = performance.now();
      const response = await postToSlackEndpoint(click(slow, SLACK_USERS.approver, 'Approve'));
      const elapsed = performance.now() - started;
      assert.equal(response.status, 200);
      assert.ok(elapsed < 3000, `Slack was answered after ${Math.round(elapsed)} ms`);
      const [recorded] = await harness.dataSource.query('SELECT payload, processed_at FROM slack_interaction ORDER BY received_at DESC LIMIT 1');
      assert.equal(recorded.payload.user.id, SLACK_USERS.approver, 'the click is recorded, so another API process could finish it');
      assert.equal(recorded.processed_at, null, 'the decision was still waiting when Slack was answered');
      assert.deepEqual(await decisionsOf(slow.gateId), []);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    await interactionsDone();
    assert.deepEqual(await decisionsOf(slow.gateId), [{ actor: 'approver-user', decision: 'APPROVE', channel: 'slack', comment: null }]);
    await slack.waitForCall('chat.update', (call) => call.body.ts === slow.message.reply.ts && JSON.stringify(call.body.blocks).includes('approved by *approver-user*'));
    await harness.temporal.workflow.getHandle(slow.workflowId).result();
  });
  test('a slash command slower than Slack waits: "Working on it" within 3 s, then its answer as an ephemeral message', async () => {
    // Nobody may read the gates meanwhile: the approvals list waits on the lock.
    const holder = harness.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query('LOCK TABLE approval_gate IN ACCESS EXCLUSIVE MODE');
      const started = performance.now();
      const response = await postToSlackEndpoint(slashCommandBody(SLACK_USERS.approver, 'approvals'));
      const elapsed = performance.now() - started;
      assert.equal(response.status, 200);
      assert.ok(elapsed < 3000, `Slack was answered after ${Math.round(elapsed)} ms`);
      assert.match(((await response.json()) as { text: string }).text, /Working on it/);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    const late = await slack.waitForCall('chat.postEphemeral', (call) => call.body.user === SLACK_USERS.approver && /approval gate/.test(call.body.text), 30_000);
    assert.equal(late.body.channel, 'C0APPROVALS', 'where the command was typed');
  });
  test('an interaction left claimed by an API process that died is finished by the sweep', async () => {
    const payload = JSON.parse(new URLSearchParams(click(gate, SLACK_USERS.viewer, 'Approve')).get('payload')!);
    const callsBefore = slack.calls.length;
    // As the dead process left it: recorded and claimed three minutes ago, never finished.
    const [{ id }] = await harness.dataSource.query(
      `INSERT INTO slack_interaction (payload, received_at, claimed_at) VALUES ($1, now() - interval '3 minutes', now() - interval '3 minutes') RETURNING id`,
      [JSON.stringify(payload)],
    );
    // The sweep runs every 15 s; the click (on a closed gate) is refused privately, as it would have been at once.
    const told = await slack.waitForCall('chat.postEphemeral', (call) => call.body.user === SLACK_USERS.viewer && slack.calls.indexOf(call) >= callsBefore, 40_000);
    assert.equal(told.body.channel, APPROVALS_CHANNEL);
    await interactionsDone();
    const [row] = await harness.dataSource.query('SELECT attempts, processed_at FROM slack_interaction WHERE id = $1', [id]);
    assert.equal(row.attempts, 2);
    assert.ok(row.processed_at);
  });

  test('with a bot token, no interaction was answered through its response_url', () => {
    assert.deepEqual(slack.callsTo('response_url'), []);
  });
});
