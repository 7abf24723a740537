import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ConfigError, loadConfig, type Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import type { ArtifactStore } from '../storage/artifact-store';

/** What ProvenantPlugin is constructed with; every field but `databaseUrl` has a default. */
export interface ProvenantPluginOptions {
  /** Provenant's Postgres (the registry, approval gates, lineage and audit log), migrated by Provenant's API. */
  databaseUrl: string;
  /** Where Provenant keeps artifacts and its working files (default: ./.provenant); every worker must see the same one. */
  dataDir?: string;
  /** Directories datasets may be registered from (default: the data dir). */
  dataRoots?: string[];
  /** Prefix of Provenant's task queues (default "provenant": provenant.pipelines, provenant.training, ...). */
  taskQueuePrefix?: string;
  /** Where people reach Provenant's API and web UI; links in Slack messages point here. */
  publicUrl?: string;
  /**
   * Public keys (64 hex digits each) of the Provenant APIs whose decision attestations
   * gates accept. Without one, gates on this worker refuse every decision.
   */
  decisionVerifyKeys?: string[];
  /** Slack posting for gates and drift alerts; without a bot token and channel, gates are decided from the API and web UI only. */
  slack?: {
    botToken?: string;
    approvalsChannel?: string;
    escalationChannel?: string;
    alertsChannel?: string;
    /** Slack Web API base URL (default https://slack.com/api). */
    apiUrl?: string;
    /** Slack user id → Provenant name, so reminders mention approvers. */
    users?: Record<string, string>;
  };
  /** The Temporal namespace Provenant's workflows run in (default "default"). */
  namespace?: string;
  /** Log through your pino logger (default: Provenant's own, JSON or pretty by terminal). */
  logger?: Logger;
  /** Share a connection your process already opened instead of opening one. */
  dataSource?: DataSource;
  /** Use another artifact store than the directory under `dataDir`. */
  artifactStore?: ArtifactStore;
  /** Who the audit log names for operations the plugin's client sends (default: the client's Temporal identity). */
  identity?: string;
}

/** Option names as a user writes them, for errors about the variables the configuration shares with Provenant's own processes. */
const OPTION_OF_VARIABLE: Record<string, string> = {
  DATABASE_URL: 'databaseUrl',
  PROVENANT_DATA_DIR: 'dataDir',
  PROVENANT_DATA_ROOTS: 'dataRoots',
  PROVENANT_TASK_QUEUE_PREFIX: 'taskQueuePrefix',
  PROVENANT_PUBLIC_URL: 'publicUrl',
  PROVENANT_DECISION_VERIFY_KEYS: 'decisionVerifyKeys',
  SLACK_API_URL: 'slack.apiUrl',
};

/**
 * The plugin's options as the one Config every Provenant process validates, so a user's
 * worker and Provenant's own behave alike. A bad option fails here, named.
 */
export function configFromOptions(options: ProvenantPluginOptions): Config {
  if (typeof options?.databaseUrl !== 'string' || !/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
    throw new ConfigError('ProvenantPlugin options.databaseUrl', 'must be a postgres:// URL');
  }
  const dataDir = path.resolve(options.dataDir ?? '.provenant');
  const env = {
    DATABASE_URL: options.databaseUrl,
    PROVENANT_DATA_DIR: dataDir,
    PROVENANT_DATA_ROOTS: (options.dataRoots ?? [dataDir]).join(path.delimiter),
    PROVENANT_TASK_QUEUE_PREFIX: options.taskQueuePrefix,
    PROVENANT_PUBLIC_URL: options.publicUrl,
    PROVENANT_DECISION_VERIFY_KEYS: options.decisionVerifyKeys?.join(','),
    TEMPORAL_NAMESPACE: options.namespace,
    SLACK_BOT_TOKEN: options.slack?.botToken,
    SLACK_APPROVALS_CHANNEL: options.slack?.approvalsChannel,
    SLACK_ESCALATION_CHANNEL: options.slack?.escalationChannel,
    SLACK_ALERTS_CHANNEL: options.slack?.alertsChannel,
    SLACK_API_URL: options.slack?.apiUrl,
  };
  try {
    const config = loadConfig(env);
    return { ...config, slack: { ...config.slack, users: { ...options.slack?.users } } };
  } catch (error) {
    const option = error instanceof ConfigError ? OPTION_OF_VARIABLE[error.variable] : undefined;
    if (option) throw new ConfigError(`ProvenantPlugin options.${option}`, (error as ConfigError).reason);
    throw error;
  }
}
