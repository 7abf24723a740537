import { recordSlackMessage } from '../db/approval-gates';
import { inTransaction } from '../db/db';
import { appendAuditEvent } from '../db/audit-log';
import { loadGateRecord, type GateRecord } from '../slack/gate-record';
import { gateMessage } from '../slack/messages/gate-message';
import { gateReminder } from '../slack/messages/gate-reminder';
import { SlackApiError, SlackClient, slackIsConfigured, type MessageMetadata } from '../slack/slack-client';
import { slackIdsByName } from '../slack/slack-identity';
import { PIPELINE_ACTOR, type ActivityDependencies } from './dependencies';

/** Slack's answers to conversations.history that no retry changes: a channel name, a missing scope, a bot not in the channel. */
const HISTORY_UNREADABLE = new Set(['channel_not_found', 'missing_scope', 'not_in_channel']);

export interface GateNotification {
  gateId: string;
}

/**
 * Tells Slack about a gate: its message when it opens, the same message re-rendered after
 * each decision, and reminders. Slack failures throw so Temporal retries with backoff;
 * the workflow never waits on these to decide the gate. Without a bot token or approvals
 * channel each is a logged no-op and gates are decided from GraphQL alone.
 */
export function createSlackNotificationActivities({ dataSource, config, logger }: ActivityDependencies) {
  const slack = new SlackClient(config.slack);
  const log = logger.child({ component: 'slack-notifications' });

  /** The gate and where its messages go; null (logged) when Slack is not configured. */
  async function gateToNotify(gateId: string, notification: string): Promise<(GateRecord & { approvalsChannel: string }) | null> {
    if (!slackIsConfigured(config.slack)) {
      log.info({ gateId, notification }, 'Slack is not configured (SLACK_BOT_TOKEN, SLACK_APPROVALS_CHANNEL); not notifying');
      return null;
    }
    const record = await loadGateRecord(dataSource, gateId);
    if (!record) throw new Error(`approval_gate ${gateId} does not exist`);
    return { ...record, approvalsChannel: config.slack.approvalsChannel };
  }

  return {
    /**
     * Posts the gate's message once; a retry, or a second call, updates the stored one
     * instead, and one after a post that was never recorded finds it in the channel first.
     */
    async notifyGateOpened({ gateId }: GateNotification): Promise<void> {
      const record = await gateToNotify(gateId, 'opened');
      if (!record) return;
      const message = gateMessage(record.view, config.publicUrl);
      const { slackChannel, slackMessageTs } = record.row;
      if (slackChannel && slackMessageTs) {
        await slack.updateMessage({ channel: slackChannel, ts: slackMessageTs }, message);
        return;
      }
      // A worker that died after Slack answered and before the row below was written left
      // the message in the channel: found by its metadata, it is recorded, not posted again.
      const metadata = gateMessageMetadata(gateId);
      const oldest = Math.floor(record.row.createdAt.getTime() / 1000) - 1;
      const earlier = await slack.findMessage(record.approvalsChannel, metadata, oldest).catch((error: unknown) => {
        // Slack reads history by channel id and with a history scope; without them, post as before.
        if (!(error instanceof SlackApiError) || !HISTORY_UNREADABLE.has(error.error)) throw error;
        log.warn({ gateId, channel: record.approvalsChannel, reason: error.error }, 'cannot look for an earlier post of the gate message; posting');
        return null;
      });
      if (earlier) await slack.updateMessage(earlier, message);
      const posted = earlier ?? (await slack.postMessage(record.approvalsChannel, message, undefined, metadata));
      await inTransaction(dataSource, async (manager) => {
        await recordSlackMessage(manager, gateId, posted);
        await appendAuditEvent(manager, {
          actor: PIPELINE_ACTOR,
          action: 'approval_gate.slack_posted',
          subjectType: 'approval_gate',
          subjectId: gateId,
          payload: { workflowId: record.view.workflowId, channel: posted.channel, ts: posted.ts },
          idempotencyKey: `${gateId}:slack_posted`,
        });
      });
      log.info({ gateId, channel: posted.channel, ts: posted.ts }, 'gate message posted to Slack');
    },

    /** Re-renders the gate's message in place: who decided what, and whether it is still open. */
    async notifyGateDecided({ gateId }: GateNotification): Promise<void> {
      const record = await gateToNotify(gateId, 'decided');
      if (!record) return;
      const { slackChannel, slackMessageTs } = record.row;
      if (!slackChannel || !slackMessageTs) {
        log.info({ gateId }, 'gate has no Slack message to update');
        return;
      }
      await slack.updateMessage({ channel: slackChannel, ts: slackMessageTs }, gateMessage(record.view, config.publicUrl));
    },

    /**
     * Nudges the approvers in the gate message's thread and tells the escalation channel,
     * when that is somewhere else, so an overdue gate is seen before it expires.
     */
    async notifyGateReminder({ gateId }: GateNotification): Promise<void> {
      const record = await gateToNotify(gateId, 'reminder');
      if (!record) return;
      if (record.view.status !== 'PENDING') {
        log.info({ gateId, status: record.view.status }, 'gate already closed; no reminder');
        return;
      }
      const reminder = gateReminder(record.view, await slackIdsByName(dataSource, config), config.publicUrl);
      const { slackChannel, slackMessageTs } = record.row;
      if (slackChannel && slackMessageTs) await slack.postMessage(slackChannel, reminder, slackMessageTs);
      // Slack names the posted message's channel by id; the configuration may use either form.
      const escalation = config.slack.escalationChannel ?? record.approvalsChannel;
      const escalationIsGateChannel = escalation === record.approvalsChannel || escalation === slackChannel;
      if (!slackMessageTs || !escalationIsGateChannel) await slack.postMessage(escalation, reminder);
    },
  };
}

/** What marks a gate's message in Slack, so a post that was never recorded can be found again. */
export function gateMessageMetadata(gateId: string): MessageMetadata {
  return { event_type: 'provenant_gate_opened', event_payload: { gate_id: gateId } };
}
