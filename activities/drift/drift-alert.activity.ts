import { appendAuditEvent, findAuditEvent } from '../../db/audit-log';
import { inTransaction, mustExist } from '../../db/db';
import { findDriftReport } from '../../db/drift-reports';
import { findModelVersion } from '../../db/registry';
import { DRIFT_MONITOR_ACTOR } from '../../domain/drift';
import { reportShowsDrift } from '../../domain/drift-signals';
import { driftAlertMessage } from '../../slack/messages/drift-alert';
import { SlackClient } from '../../slack/slack-client';
import type { ActivityDependencies } from '../dependencies';
import { invalidInput } from '../failures';
import { datasetVersionRef } from './dataset-version-ref';

export function createDriftAlertActivity({ dataSource, config, logger }: ActivityDependencies) {
  const slack = new SlackClient(config.slack);
  const log = logger.child({ component: 'drift-alerts' });

  return {
    /**
     * Posts one message to the alerts channel for a report that shows drift. The
     * `drift_report.alert_sent` audit event, written after posting, is checked first, so
     * a retry after a successful post does not post again. Slack failures throw, for
     * Temporal to retry; without a bot token or alerts channel this is a logged no-op.
     */
    async notifyDriftAlert(reportId: string): Promise<void> {
      const channel = config.slack.botToken ? config.slack.alertsChannel : undefined;
      if (!channel) {
        log.info({ reportId }, 'Slack is not configured (SLACK_BOT_TOKEN, SLACK_ALERTS_CHANNEL); not alerting');
        return;
      }
      const report = await findDriftReport(dataSource, reportId);
      if (!report) throw invalidInput('reportId', `drift report ${reportId} does not exist`);
      if (!reportShowsDrift(report)) {
        log.info({ reportId }, 'no drift; no alert');
        return;
      }
      const idempotencyKey = `${reportId}:alert_sent`;
      if (await findAuditEvent(dataSource, idempotencyKey)) {
        log.info({ reportId }, 'drift alert already sent');
        return;
      }
      const version = mustExist(await findModelVersion(dataSource, { id: report.modelVersionId }), `model version ${report.modelVersionId}`);
      const currentDataset = report.current.kind === 'dataset_version' ? await datasetVersionRef(dataSource, report.current.datasetVersionId) : null;
      const posted = await slack.postMessage(channel, driftAlertMessage({ ...report, reportId, version: version.version, currentDataset }, config.publicUrl));
      await inTransaction(dataSource, (manager) =>
        appendAuditEvent(manager, {
          actor: DRIFT_MONITOR_ACTOR,
          action: 'drift_report.alert_sent',
          subjectType: 'drift_report',
          subjectId: reportId,
          payload: { modelName: report.modelName, channel: posted.channel, ts: posted.ts },
          idempotencyKey,
        }),
      );
      log.info({ reportId, channel: posted.channel, ts: posted.ts }, 'drift alert posted to Slack');
    },
  };
}
