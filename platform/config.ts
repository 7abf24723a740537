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

/** A client of the serving processes: it may call the named models (or '*', every model) in the named environments. */
export interface ServingToken {
  token: string;
  name: string;
  models: string[] | '*';
  environments: DeployEnvironment[];
}

export interface Config {
  dataDir: string;
  dataRoots: string[];
  /** The owner's login: migrations run with it. */
  databaseUrl: string | undefined;
  /** The login the API, workers and serving use instead of the owner's; either way they run as provenant_app. */
  appDatabaseUrl: string | undefined;
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
  /** Clients of the serving processes; API tokens call models only for ops and admin. */
  servingTokens: ServingToken[];
  /** The HMAC key that places request ids in canary buckets; unset, each serving process draws its own. */
  canaryKey: string | undefined;
  /** Port of a worker process's Prometheus /metrics; 0 turns the endpoint off. */
  workerMetricsPort: number;
  /** A bearer token that may read /metrics and nothing else (ops and admin tokens may too); unset, only theirs may. */
  metricsToken: string | undefined;
  /** Limits on one GraphQL operation: how deep its selections nest, and how many fields it selects (fragments expanded). */
  graphqlLimits: { maxDepth: number; maxCost: number };
  /** OTLP/HTTP collector base URL; unset, no spans are made or sent. */
  otlpEndpoint: string | undefined;
  /** Where the `provenant` command line finds the API and a serving process, and the bearer token it sends. */
  cli: { url: string; token: string | undefined; servingUrl: string };
  /** The API's Ed25519 seed (hex) that attests every gate decision it forwards; only the API and Slack handler hold it. */
  decisionSigningKey: string | undefined;
  /** Public keys (hex) workers accept decision attestations from; defaults to the signing key's own. */
  decisionVerifyKeys: string[];
  /** The API's Ed25519 seed (hex) that signs audit checkpoints; unset, none are written. */
  auditSigningKey: string | undefined;
  /** Where signed audit checkpoints go, outside the database: <dataDir>/audit-checkpoints. */
  auditCheckpointDir: string;
  /** How long a requested break-glass operation waits for a second admin's confirmation. */
  breakGlassWindowMs: number;
  /**
   * Where artifacts (dataset files, models) are kept: an S3 bucket and key prefix, a
   * directory every process can see, or, when undefined, <dataDir>/artifacts.
   */
  artifactStore: ArtifactStoreLocation | undefined;
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

/** Every environment variable Provenant reads, with its default; docs/configuration.md's table mirrors this. */
export const CONFIG_VARIABLES = [
  'PROVENANT_DATA_DIR',
  'PROVENANT_DATA_ROOTS',
  'DATABASE_URL',
  'PROVENANT_APP_DATABASE_URL',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_UI_URL',
  'PROVENANT_TASK_QUEUE_PREFIX',
  'PORT',
  'HOST',
  'PROVENANT_API_TOKENS',
  'LOG_LEVEL',
  'LOG_FORMAT',
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
  'PROVENANT_SERVING_TOKENS',
  'PROVENANT_CANARY_KEY',
  'PROVENANT_WORKER_METRICS_PORT',
  'PROVENANT_METRICS_TOKEN',
  'PROVENANT_GRAPHQL_MAX_DEPTH',
  'PROVENANT_GRAPHQL_MAX_COST',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'PROVENANT_URL',
  'PROVENANT_TOKEN',
  'PROVENANT_SERVING_URL',
  'PROVENANT_CONFIG',
  'PROVENANT_DECISION_SIGNING_KEY',
  'PROVENANT_DECISION_VERIFY_KEYS',
  'PROVENANT_AUDIT_SIGNING_KEY',
  'PROVENANT_BREAK_GLASS_WINDOW',
  'PROVENANT_ARTIFACT_STORE',
  'PROVENANT_CACHE_DIR',
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
    appDatabaseUrl: env.PROVENANT_APP_DATABASE_URL || undefined,
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
    servingTokens: parseServingTokens(env.PROVENANT_SERVING_TOKENS, parseApiTokens(env.PROVENANT_API_TOKENS)),
    canaryKey: parseCanaryKey(env.PROVENANT_CANARY_KEY),
    workerMetricsPort: parsePort('PROVENANT_WORKER_METRICS_PORT', env.PROVENANT_WORKER_METRICS_PORT, 9464),
    metricsToken: env.PROVENANT_METRICS_TOKEN || undefined,
    graphqlLimits: {
      maxDepth: parsePositiveInteger('PROVENANT_GRAPHQL_MAX_DEPTH', env.PROVENANT_GRAPHQL_MAX_DEPTH, 15),
      maxCost: parsePositiveInteger('PROVENANT_GRAPHQL_MAX_COST', env.PROVENANT_GRAPHQL_MAX_COST, 1000),
    },
    otlpEndpoint: parseHttpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', env.OTEL_EXPORTER_OTLP_ENDPOINT),
    cli: {
      url: parseHttpUrl('PROVENANT_URL', env.PROVENANT_URL, DEFAULT_API_URL) ?? DEFAULT_API_URL,
      token: env.PROVENANT_TOKEN || undefined,
      servingUrl: parseHttpUrl('PROVENANT_SERVING_URL', env.PROVENANT_SERVING_URL, DEFAULT_SERVING_URL) ?? DEFAULT_SERVING_URL,
    },
    ...parseDecisionKeys(env.PROVENANT_DECISION_SIGNING_KEY, env.PROVENANT_DECISION_VERIFY_KEYS),
    auditSigningKey: parseSigningKey('PROVENANT_AUDIT_SIGNING_KEY', env.PROVENANT_AUDIT_SIGNING_KEY),
    auditCheckpointDir: path.join(dataDir, 'audit-checkpoints'),
    breakGlassWindowMs: parseWindow('PROVENANT_BREAK_GLASS_WINDOW', env.PROVENANT_BREAK_GLASS_WINDOW, DEFAULT_BREAK_GLASS_WINDOW_MS),
    artifactStore: parseArtifactStore(env.PROVENANT_ARTIFACT_STORE),
  };
}

export type ArtifactStoreLocation = { kind: 'local'; root: string } | { kind: 's3'; bucket: string; prefix: string };

/** `s3://bucket/prefix` or a directory. */
function parseArtifactStore(value: string | undefined): ArtifactStoreLocation | undefined {
  if (!value) return undefined;
  if (!value.includes('://')) return { kind: 'local', root: path.resolve(value) };
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(value);
  if (!match) {
    throw new ConfigError('PROVENANT_ARTIFACT_STORE', `must be a directory, s3://bucket or s3://bucket/prefix with a valid S3 bucket name (got ${JSON.stringify(value)})`);
  }
  return { kind: 's3', bucket: match[1], prefix: (match[2] ?? '').replace(/^\/+|\/+$/g, '') };
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
  const decisionSigningKey = parseSigningKey('PROVENANT_DECISION_SIGNING_KEY', signing);
  const listed = (verify ?? '').split(',').map((key) => key.trim().toLowerCase()).filter(Boolean);
  const bad = listed.findIndex((key) => !isDecisionKey(key));
  if (bad >= 0) throw new ConfigError('PROVENANT_DECISION_VERIFY_KEYS', `entry ${bad + 1} must be 64 hex digits (an Ed25519 public key)`);
  const decisionVerifyKeys = listed.length > 0 ? listed : decisionSigningKey ? [decisionVerifyKey(decisionSigningKey)] : [];
  return { decisionSigningKey, decisionVerifyKeys };
}

/** An Ed25519 seed: 64 hex digits. */
function parseSigningKey(variable: string, value: string | undefined): string | undefined {
  const key = value?.trim().toLowerCase() || undefined;
  if (key && !isDecisionKey(key)) throw new ConfigError(variable, 'must be 64 hex digits (a 32-byte Ed25519 seed)');
  return key;
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
/** Where `npm start` runs its serving process (SERVING_PORT's default). */
export const DEFAULT_SERVING_URL = 'http://127.0.0.1:4100';

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

/**
 * `token:models:environments:name` entries separated by commas; models and environments
 * are `|`-separated lists, models may be `*` (every model). A serving token may not also
 * be an API token: the two grant different things.
 */
export function parseServingTokens(value: string | undefined, apiTokens: ApiToken[] = []): ServingToken[] {
  if (!value) return [];
  const variable = 'PROVENANT_SERVING_TOKENS';
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => {
      const [token, models, environments, name, ...rest] = entry.split(':');
      if (!token || !models || !environments || !name || rest.length > 0) {
        throw new ConfigError(variable, `entry ${index + 1} must be token:model|model:ENVIRONMENT|ENVIRONMENT:name`);
      }
      if (token.length < 8) throw new ConfigError(variable, `entry ${index + 1}: token must be at least 8 characters`);
      if (apiTokens.some((api) => api.token === token)) throw new ConfigError(variable, `entry ${index + 1}: token is also an API token; give the serving client its own`);
      const modelList = models.split('|').map((model) => model.trim());
      if (modelList.some((model) => model === '') || (modelList.includes('*') && modelList.length > 1)) {
        throw new ConfigError(variable, `entry ${index + 1}: models must be names separated by | (or * alone for every model)`);
      }
      const environmentList = environments.split('|').map((environment) => environment.trim());
      const unknown = environmentList.find((environment) => !(DEPLOY_ENVIRONMENTS as readonly string[]).includes(environment));
      if (unknown !== undefined) {
        throw new ConfigError(variable, `entry ${index + 1}: unknown environment ${JSON.stringify(unknown)}; expected ${DEPLOY_ENVIRONMENTS.join(', ')}`);
      }
      return { token, name, models: modelList.includes('*') ? '*' : modelList, environments: environmentList as DeployEnvironment[] };
    });
}

/** At least 32 characters: the key keeps a caller from computing which bucket its request id falls in. */
function parseCanaryKey(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (value.length < 32) throw new ConfigError('PROVENANT_CANARY_KEY', 'must be at least 32 characters (e.g. `openssl rand -hex 32`)');
  return value;
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
