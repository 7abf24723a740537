import type { DataSource } from 'typeorm';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { ProvenantPlugin } from '../plugin/provenant-plugin';
import type { ArtifactStore } from '../storage/artifact-store';
import type { WorkerTelemetry } from './worker-telemetry';

/** The plugin Provenant's own worker processes run with: their configuration, handed over as any user's worker would. */
export function processPlugin(config: Config, deps: { dataSource: DataSource; store: ArtifactStore; logger: Logger }, telemetry: Pick<WorkerTelemetry, 'metrics' | 'tracing'>): ProvenantPlugin {
  return new ProvenantPlugin(
    {
      databaseUrl: config.databaseUrl!,
      dataDir: config.dataDir,
      dataRoots: config.dataRoots,
      taskQueuePrefix: config.taskQueuePrefix,
      publicUrl: config.publicUrl,
      decisionVerifyKeys: config.decisionVerifyKeys,
      namespace: config.temporalNamespace,
      slack: {
        botToken: config.slack.botToken,
        approvalsChannel: config.slack.approvalsChannel,
        escalationChannel: config.slack.escalationChannel,
        alertsChannel: config.slack.alertsChannel,
        apiUrl: config.slack.apiUrl,
        users: config.slack.users,
      },
      logger: deps.logger,
      dataSource: deps.dataSource,
      artifactStore: deps.store,
    },
    telemetry,
  );
}
