import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { decisionVerifyKey } from '../domain/decision-attestation';
import { ConfigError, loadConfig, parseApiTokens, parseServingTokens } from './config';

test('defaults: data under .provenant, sample-data and the data dir as roots, every queue', () => {
  const config = loadConfig({});
  assert.equal(path.basename(config.dataDir), '.provenant');
  assert.deepEqual(config.dataRoots.map((root) => path.basename(root)), ['sample-data', '.provenant']);
  assert.equal(config.port, 4000);
  assert.equal(config.host, '127.0.0.1');
  assert.deepEqual(config.workerQueues, ['pipelines', 'training', 'scoring', 'monitoring']);
  assert.equal(config.taskQueuePrefix, 'provenant');
});

test('API tokens parse as token:role:name and refuse what they cannot trust', () => {
  assert.deepEqual(parseApiTokens('tok-12345:admin:alice, tok-67890:engineer:bob'), [
    { token: 'tok-12345', role: 'admin', name: 'alice' },
    { token: 'tok-67890', role: 'engineer', name: 'bob' },
  ]);
  assert.throws(() => parseApiTokens('tok-12345:root:eve'), /entry 1: unknown role "root"/);
  assert.throws(() => parseApiTokens('short:admin:eve'), /at least 8 characters/);
  assert.throws(() => parseApiTokens('tok-12345:admin'), /must be token:role:name/);
});

test('serving tokens name their models and environments, and are never API tokens', () => {
  assert.deepEqual(parseServingTokens('srv-12345:model-a|model-b:STAGING|PRODUCTION:shop, srv-67890:*:STAGING:gateway'), [
    { token: 'srv-12345', name: 'shop', models: ['model-a', 'model-b'], environments: ['STAGING', 'PRODUCTION'] },
    { token: 'srv-67890', name: 'gateway', models: '*', environments: ['STAGING'] },
  ]);
  assert.throws(() => parseServingTokens('srv-12345:model-a:QA:shop'), /PROVENANT_SERVING_TOKENS: entry 1: unknown environment "QA"/);
  assert.throws(() => parseServingTokens('srv-12345:model-a|*:STAGING:shop'), /entry 1: models must be names separated by \| \(or \* alone/);
  assert.throws(() => parseServingTokens('srv-12345:model-a:STAGING'), /entry 1 must be token:model\|model:ENVIRONMENT\|ENVIRONMENT:name/);
  assert.throws(() => parseServingTokens('short:model-a:STAGING:shop'), /at least 8 characters/);
  assert.throws(
    () => loadConfig({ PROVENANT_API_TOKENS: 'tok-12345:ops:olga', PROVENANT_SERVING_TOKENS: 'tok-12345:model-a:STAGING:shop' }),
    /PROVENANT_SERVING_TOKENS: entry 1: token is also an API token/,
  );
  assert.throws(() => loadConfig({ PROVENANT_CANARY_KEY: 'too-short' }), /PROVENANT_CANARY_KEY: must be at least 32 characters/);
});

test('invalid values name the variable', () => {
  assert.throws(() => loadConfig({ PORT: 'http' }), (error) => error instanceof ConfigError && /^PORT:/.test(error.message));
  assert.throws(() => loadConfig({ PROVENANT_WORKER_QUEUES: 'pipelines,gpu' }), /PROVENANT_WORKER_QUEUES: unknown queue "gpu"/);
  assert.throws(() => loadConfig({ PROVENANT_TASK_QUEUE_PREFIX: 'a b' }), /PROVENANT_TASK_QUEUE_PREFIX/);
  assert.throws(() => loadConfig({ PROVENANT_MAX_DATASET_BYTES: '-1' }), /PROVENANT_MAX_DATASET_BYTES/);
});

test('worker metrics on 9464 unless set (0 turns them off); tracing only with an http(s) OTLP endpoint', () => {
  assert.equal(loadConfig({}).workerMetricsPort, 9464);
  assert.equal(loadConfig({ PROVENANT_WORKER_METRICS_PORT: '0' }).workerMetricsPort, 0);
  assert.equal(loadConfig({}).otlpEndpoint, undefined);
  assert.equal(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318/' }).otlpEndpoint, 'http://otel-collector:4318');
  assert.throws(() => loadConfig({ PROVENANT_WORKER_METRICS_PORT: '70000' }), /^ConfigError: PROVENANT_WORKER_METRICS_PORT: must be a port number/);
  assert.throws(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4318' }), /OTEL_EXPORTER_OTLP_ENDPOINT: must be an http\(s\) URL/);
  assert.throws(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://otel-collector:4317' }), /OTEL_EXPORTER_OTLP_ENDPOINT: must be an http\(s\) URL/);
});

test('a metrics scrape token only when set; GraphQL limits default to depth 15 and cost 1000', () => {
  assert.equal(loadConfig({}).metricsToken, undefined);
  assert.equal(loadConfig({ PROVENANT_METRICS_TOKEN: 'scrape' }).metricsToken, 'scrape');
  assert.deepEqual(loadConfig({}).graphqlLimits, { maxDepth: 15, maxCost: 1000 });
  assert.deepEqual(loadConfig({ PROVENANT_GRAPHQL_MAX_DEPTH: '8', PROVENANT_GRAPHQL_MAX_COST: '200' }).graphqlLimits, { maxDepth: 8, maxCost: 200 });
  assert.throws(() => loadConfig({ PROVENANT_GRAPHQL_MAX_DEPTH: '0' }), /^ConfigError: PROVENANT_GRAPHQL_MAX_DEPTH: must be a positive integer/);
});

test('the command line talks to the local API unless PROVENANT_URL says otherwise', () => {
  assert.deepEqual(loadConfig({}).cli, { url: 'http://127.0.0.1:4000', token: undefined, servingUrl: 'http://127.0.0.1:4100' });
  assert.deepEqual(loadConfig({ PROVENANT_URL: 'https://provenant.example.com/', PROVENANT_TOKEN: 'tok-12345', PROVENANT_SERVING_URL: 'https://serving.example.com' }).cli, {
    url: 'https://provenant.example.com',
    token: 'tok-12345',
    servingUrl: 'https://serving.example.com',
  });
  assert.throws(() => loadConfig({ PROVENANT_URL: 'provenant:4000' }), /^ConfigError: PROVENANT_URL: must be an http\(s\) URL such as http:\/\/127\.0\.0\.1:4000/);
});

test('the API signs decisions with its seed; workers verify with its public key unless given others', () => {
  const seed = '5a'.repeat(32);
  const signing = loadConfig({ PROVENANT_DECISION_SIGNING_KEY: seed.toUpperCase() });
  assert.equal(signing.decisionSigningKey, seed);
  assert.deepEqual(signing.decisionVerifyKeys, [decisionVerifyKey(seed)]);
  const rotating = loadConfig({ PROVENANT_DECISION_VERIFY_KEYS: `${'0a'.repeat(32)}, ${'0b'.repeat(32)}` });
  assert.deepEqual([rotating.decisionSigningKey, rotating.decisionVerifyKeys], [undefined, ['0a'.repeat(32), '0b'.repeat(32)]]);
  assert.deepEqual(loadConfig({}).decisionVerifyKeys, []);
  assert.throws(() => loadConfig({ PROVENANT_DECISION_SIGNING_KEY: 'short' }), /^ConfigError: PROVENANT_DECISION_SIGNING_KEY: must be 64 hex digits/);
  assert.throws(() => loadConfig({ PROVENANT_DECISION_VERIFY_KEYS: `${'0a'.repeat(32)},nope` }), /^ConfigError: PROVENANT_DECISION_VERIFY_KEYS: entry 2 must be 64 hex digits/);
  assert.throws(() => loadConfig({ PROVENANT_PUBLIC_URL: 'provenant.example.com' }), /^ConfigError: PROVENANT_PUBLIC_URL: must be an http\(s\) URL/);
});

test('audit checkpoints are signed with their own seed into the data dir; the application may log in apart from the owner', () => {
  const config = loadConfig({ PROVENANT_DATA_DIR: '/srv/provenant', PROVENANT_AUDIT_SIGNING_KEY: '6b'.repeat(32), PROVENANT_APP_DATABASE_URL: 'postgres://provenant_api@db/provenant' });
  assert.deepEqual([config.auditSigningKey, config.auditCheckpointDir, config.appDatabaseUrl], ['6b'.repeat(32), '/srv/provenant/audit-checkpoints', 'postgres://provenant_api@db/provenant']);
  assert.deepEqual([loadConfig({}).auditSigningKey, loadConfig({}).appDatabaseUrl], [undefined, undefined]);
  assert.throws(() => loadConfig({ PROVENANT_AUDIT_SIGNING_KEY: 'short' }), /^ConfigError: PROVENANT_AUDIT_SIGNING_KEY: must be 64 hex digits/);
});
