import path from 'node:path';
import { DEPLOY_ENVIRONMENTS, type DeployEnvironment } from '../domain/approval';
import { decisionVerifyKey, isDecisionKey } from '../domain/decision-attestation';
import { parseDuration } from '../domain/duration';
import { DEFAULT_BREAK_GLASS_WINDOW_MS } from '../domain/release-guard';
import { isRole, type Principal } from '../domain/roles';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export const WORKER_QUEUE_KINDS = ['pipelines', 'training', 'scoring', 'monitoring'] as const;
export type WorkerQueueKind = (typeof WORKER_QUEUE_KINDS)[number];

export interface ApiToken extends Principal {
  token: string;
}

export interface Config {
  dataDir: string;
  dataRoots: string[];
  databaseUrl: string | undefined;
  temporalAddress: string | undefined;
  temporalNamespace: string;
  temporalUiUrl: string | undefined;
  taskQueuePrefix: string;
  port: number;
  host: string;
  apiTokens: ApiToken[];
  logLevel: string;
  workerQueues: WorkerQueueKind[];
  maxDatasetBytes: number;
  /** Base URL people reach the API at; evidence links in Slack point here. */
  publicUrl: string;
  slack: SlackConfig;
  /** Port of the serving process (Open Inference Protocol), apart from the API's. */
  servingPort: number;
  /** The environment whose traffic routes a serving process answers for. */
  servingEnvironment: DeployEnvironment;
  /** Port of a worker process's Prometheus /metrics; 0 turns the endpoint off. */
  workerMetricsPort: number;
  /** OTLP/HTTP collector base URL; unset, no spans are made or sent. */
  otlpEndpoint: string | undefined;
  /** Where the `provenant` command line finds the API, and the bearer token it sends. */
  cli: { url: string; token: string | undefined };
  /** The API's Ed25519 seed (hex) that attests every gate decision it forwards; only the API and Slack handler hold it. */
  decisionSigningKey: string | undefined;
  /** Public keys (hex) workers accept decision attestations from; defaults to the signing key's own. */
  decisionVerifyKeys: string[];
  /** How long a requested break-glass operation waits for a second admin's confirmation. */
  breakGlassWindowMs: number;
}

export interface SlackConfig {
  /** Unset: the Slack endpoint refuses every request and gates are decided from GraphQL only. */
  signingSecret: string | undefined;
  botToken: string | undefined;
  approvalsChannel: string | undefined;
  /** Where reminders of overdue gates go besides the approvers; defaults to the approvals channel. */
  escalationChannel: string | undefined;
  /** Where drift alerts go; defaults to the approvals channel. */
  alertsChannel: string | undefined;
  /** Slack Web API base URL; tests point it at a local fake. */
  apiUrl: string;
  /** Slack user id → Provenant name, bootstrapped from PROVENANT_SLACK_USERS ("U0123:ann,U0456:abe"). */
  users: Record<string, string>;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Every environment variable Provenant reads, with its default; the README's table mirrors this. */
export const CONFIG_VARIABLES = [
  'PROVENANT_DATA_DIR',
  'PROVENANT_DATA_ROOTS',
  'DATABASE_URL',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_UI_URL',
  'PROVENANT_TASK_QUEUE_PREFIX',
  'PORT',
  'HOST',
  'PROVENANT_API_TOKENS',
  'LOG_LEVEL',
  'PROVENANT_WORKER_QUEUES',
  'PROVENANT_MAX_DATASET_BYTES',
  'PROVENANT_PUBLIC_URL',
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_APPROVALS_CHANNEL',
  'SLACK_ESCALATION_CHANNEL',
  'SLACK_ALERTS_CHANNEL',
  'SLACK_API_URL',
  'PROVENANT_SLACK_USERS',
  'SERVING_PORT',
  'PROVENANT_SERVING_ENVIRONMENT',
  'PROVENANT_WORKER_METRICS_PORT',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'PROVENANT_URL',
  'PROVENANT_TOKEN',
  'PROVENANT_DECISION_SIGNING_KEY',
  'PROVENANT_DECISION_VERIFY_KEYS',
  'PROVENANT_BREAK_GLASS_WINDOW',
] as const;

/** Reads and validates the environment once; every process starts with this. */
export function loadConfig(env: Env = process.env): Config {
  const dataDir = path.resolve(env.PROVENANT_DATA_DIR || path.join(REPO_ROOT, '.provenant'));
  return {
    dataDir,
    dataRoots: env.PROVENANT_DATA_ROOTS
      ? env.PROVENANT_DATA_ROOTS.split(path.delimiter).filter(Boolean).map((root) => path.resolve(root))
      : [path.join(REPO_ROOT, 'sample-data'), dataDir],
    databaseUrl: env.DATABASE_URL || undefined,
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    temporalNamespace: env.TEMPORAL_NAMESPACE || 'default',
    temporalUiUrl: env.TEMPORAL_UI_URL || undefined,
    taskQueuePrefix: parseTaskQueuePrefix(env.PROVENANT_TASK_QUEUE_PREFIX),
    port: parsePort('PORT', env.PORT, 4000),
    host: env.HOST || '127.0.0.1',
    apiTokens: parseApiTokens(env.PROVENANT_API_TOKENS),
    logLevel: env.LOG_LEVEL || 'info',
    workerQueues: parseWorkerQueues(env.PROVENANT_WORKER_QUEUES),
    maxDatasetBytes: parsePositiveInteger('PROVENANT_MAX_DATASET_BYTES', env.PROVENANT_MAX_DATASET_BYTES, 512 * 1024 * 1024),
    publicUrl: parseHttpUrl('PROVENANT_PUBLIC_URL', env.PROVENANT_PUBLIC_URL, 'https://provenant.example.com') ?? `http://127.0.0.1:${parsePort('PORT', env.PORT, 4000)}`,
    slack: {
      signingSecret: env.SLACK_SIGNING_SECRET || undefined,
      botToken: env.SLACK_BOT_TOKEN || undefined,
      approvalsChannel: env.SLACK_APPROVALS_CHANNEL || undefined,
      escalationChannel: env.SLACK_ESCALATION_CHANNEL || env.SLACK_APPROVALS_CHANNEL || undefined,
      alertsChannel: env.SLACK_ALERTS_CHANNEL || env.SLACK_APPROVALS_CHANNEL || undefined,
      apiUrl: (env.SLACK_API_URL || 'https://slack.com/api').replace(/\/$/, ''),
      users: parseSlackUsers(env.PROVENANT_SLACK_USERS),
    },
    servingPort: parsePort('SERVING_PORT', env.SERVING_PORT, 4100),
    servingEnvironment: parseDeployEnvironment('PROVENANT_SERVING_ENVIRONMENT', env.PROVENANT_SERVING_ENVIRONMENT),
    workerMetricsPort: parsePort('PROVENANT_WORKER_METRICS_PORT', env.PROVENANT_WORKER_METRICS_PORT, 9464),
    otlpEndpoint: parseHttpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', env.OTEL_EXPORTER_OTLP_ENDPOINT),
    cli: {
      url: parseHttpUrl('PROVENANT_URL', env.PROVENANT_URL, DEFAULT_API_URL) ?? DEFAULT_API_URL,
      token: env.PROVENANT_TOKEN || undefined,
    },
    ...parseDecisionKeys(env.PROVENANT_DECISION_SIGNING_KEY, env.PROVENANT_DECISION_VERIFY_KEYS),
    breakGlassWindowMs: parseWindow('PROVENANT_BREAK_GLASS_WINDOW', env.PROVENANT_BREAK_GLASS_WINDOW, DEFAULT_BREAK_GLASS_WINDOW_MS),
  };
}

/** A duration such as "15m" or "90s", at most a day: a break-glass left waiting longer is no emergency. */
function parseWindow(variable: string, value: string | undefined, fallback: number): number {
  if (!value) return fallback;
  const ms = parseDuration(value);
  if (ms === null || ms > 86_400_000) throw new ConfigError(variable, `must be a duration such as 15m or 90s, at most 1d (got ${JSON.stringify(value)})`);
  return ms;
}

/** The signing seed and the verify keys, each 64 hex digits; verify keys default to the seed's public key. */
function parseDecisionKeys(signing: string | undefined, verify: string | undefined): Pick<Config, 'decisionSigningKey' | 'decisionVerifyKeys'> {
  const decisionSigningKey = signing?.trim().toLowerCase() || undefined;
  if (decisionSigningKey && !isDecisionKey(decisionSigningKey)) throw new ConfigError('PROVENANT_DECISION_SIGNING_KEY', 'must be 64 hex digits (a 32-byte Ed25519 seed)');
  const listed = (verify ?? '').split(',').map((key) => key.trim().toLowerCase()).filter(Boolean);
  const bad = listed.findIndex((key) => !isDecisionKey(key));
  if (bad >= 0) throw new ConfigError('PROVENANT_DECISION_VERIFY_KEYS', `entry ${bad + 1} must be 64 hex digits (an Ed25519 public key)`);
  const decisionVerifyKeys = listed.length > 0 ? listed : decisionSigningKey ? [decisionVerifyKey(decisionSigningKey)] : [];
  return { decisionSigningKey, decisionVerifyKeys };
}

/** `U0123:ann,U0456:abe`: Slack user ids mapped to Provenant names. */
export function parseSlackUsers(value: string | undefined): Record<string, string> {
  if (!value) return {};
  return Object.fromEntries(
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map((entry, index) => {
        const [slackId, name, ...rest] = entry.split(':');
        if (!slackId || !name || rest.length > 0 || !/^[UW][A-Z0-9]+$/.test(slackId)) {
          throw new ConfigError('PROVENANT_SLACK_USERS', `entry ${index + 1} must be SLACKUSERID:name (e.g. U0123ABC:ann)`);
        }
        return [slackId, name];
      }),
  );
}

function parseTaskQueuePrefix(value: string | undefined): string {
  const prefix = value || 'provenant';
  if (!/^[A-Za-z0-9_-]+$/.test(prefix)) {
    throw new ConfigError('PROVENANT_TASK_QUEUE_PREFIX', `must be letters, digits, '-' or '_' (got ${JSON.stringify(prefix)})`);
  }
  return prefix;
}

export function parsePort(variable: string, value: string | undefined, fallback: number): number {
  if (!value) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(variable, `must be a port number 0-65535 (got ${JSON.stringify(value)})`);
  }
  return port;
}

/** The API as `npm start` runs it, which the command line talks to unless told otherwise. */
export const DEFAULT_API_URL = 'http://127.0.0.1:4000';

/** An http(s) base URL without its trailing slash, or undefined when unset. */
export function parseHttpUrl(variable: string, value: string | undefined, example = 'http://otel-collector:4318'): string | undefined {
  if (!value) return undefined;
  const protocol = URL.canParse(value) ? new URL(value).protocol : null;
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new ConfigError(variable, `must be an http(s) URL such as ${example} (got ${JSON.stringify(value)})`);
  }
  return value.replace(/\/+$/, '');
}

function parseDeployEnvironment(variable: string, value: string | undefined): DeployEnvironment {
  const environment = value || 'STAGING';
  if (!(DEPLOY_ENVIRONMENTS as readonly string[]).includes(environment)) {
    throw new ConfigError(variable, `must be one of ${DEPLOY_ENVIRONMENTS.join(', ')} (got ${JSON.stringify(environment)})`);
  }
  return environment as DeployEnvironment;
}

function parsePositiveInteger(variable: string, value: string | undefined, fallback: number): number {
  if (!value) return fallback;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed <= 0) {
    throw new ConfigError(variable, `must be a positive integer (got ${JSON.stringify(value)})`);
  }
  return parsed;
}

/** `token:role:name` entries separated by commas. */
export function parseApiTokens(value: string | undefined): ApiToken[] {
  if (!value) return [];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => {
      const [token, role, name, ...rest] = entry.split(':');
      if (!token || !role || !name || rest.length > 0) {
        throw new ConfigError('PROVENANT_API_TOKENS', `entry ${index + 1} must be token:role:name`);
      }
      if (token.length < 8) throw new ConfigError('PROVENANT_API_TOKENS', `entry ${index + 1}: token must be at least 8 characters`);
      if (!isRole(role)) throw new ConfigError('PROVENANT_API_TOKENS', `entry ${index + 1}: unknown role ${JSON.stringify(role)}`);
      return { token, role, name };
    });
}

function parseWorkerQueues(value: string | undefined): WorkerQueueKind[] {
  if (!value) return [...WORKER_QUEUE_KINDS];
  return value.split(',').map((kind) => {
    const trimmed = kind.trim();
    if (!(WORKER_QUEUE_KINDS as readonly string[]).includes(trimmed)) {
      throw new ConfigError('PROVENANT_WORKER_QUEUES', `unknown queue ${JSON.stringify(trimmed)}; expected ${WORKER_QUEUE_KINDS.join(', ')}`);
    }
    return trimmed as WorkerQueueKind;
  });
}

/** Processes that need both services say so plainly instead of failing on a null. */
export function requireServices(config: Config): { databaseUrl: string; temporalAddress: string } {
  const databaseUrl = requireDatabaseUrl(config);
  if (!config.temporalAddress) throw new ConfigError('TEMPORAL_ADDRESS', 'must be set (or use `npm start`, which starts a Temporal dev server)');
  return { databaseUrl, temporalAddress: config.temporalAddress };
}

/** For processes that need Postgres but not Temporal, such as serving. */
export function requireDatabaseUrl(config: Config): string {
  if (!config.databaseUrl) throw new ConfigError('DATABASE_URL', 'must be set (or use `npm start`, which starts an embedded Postgres)');
  return config.databaseUrl;
}
