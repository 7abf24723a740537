import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { connectAndMigrate } from '../../db/data-source';
import { readOrCreateAdminToken, readOrCreateAuditSigningKey, readOrCreateDecisionSigningKey } from '../admin-token';
import { decisionVerifyKey } from '../../domain/decision-attestation';
import { loadConfig, REPO_ROOT } from '../config';
import { logger } from '../logger';
import { DEFAULT_PORTS, startLocalStack } from '../local-stack';
import { stopChild } from '../child-process';
import { waitForHealth } from '../wait-for-health';
import { handleHelp } from './help';
import { runMain } from './run-main';

handleHelp(`
Usage: npm start [-- --help]

Runs the whole Provenant stack on this machine:
  Postgres  (embedded, port ${DEFAULT_PORTS.postgres}; or DATABASE_URL)
  Temporal  (dev server on ${DEFAULT_PORTS.temporal}, UI on ${DEFAULT_PORTS.temporalUi}; or TEMPORAL_ADDRESS)
  migrations, a worker for every task queue, the GraphQL API on PORT (default 4000)
  and a serving process (Open Inference Protocol) on SERVING_PORT (default 4100).
Data live under PROVENANT_DATA_DIR (default .provenant/); a second start reuses them.
Ctrl-C stops everything cleanly.
`);

runMain(async () => {
  const config = loadConfig();
  const adminToken = await readOrCreateAdminToken(config.dataDir);
  const decisionSigningKey = config.decisionSigningKey ?? (await readOrCreateDecisionSigningKey(config.dataDir));
  const decisionVerifyKeys = config.decisionSigningKey ? config.decisionVerifyKeys : [decisionVerifyKey(decisionSigningKey)];
  const auditSigningKey = config.auditSigningKey ?? (await readOrCreateAuditSigningKey(config.dataDir));
  logger.info({ dataDir: config.dataDir }, 'starting Provenant');
  const stack = await startLocalStack(config, DEFAULT_PORTS, logger);
  const children: ChildProcess[] = [];
  let stopping = false;
  const shutdown = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping Provenant');
    await Promise.all(children.map((child) => stopChild(child)));
    await stack.stop();
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    const dataSource = await connectAndMigrate(stack.databaseUrl);
    await dataSource.destroy();
    const env = {
      ...process.env,
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: stack.temporal.address,
      PROVENANT_DATA_DIR: config.dataDir,
      PROVENANT_API_TOKENS: [process.env.PROVENANT_API_TOKENS, `${adminToken}:admin:admin`].filter(Boolean).join(','),
      PROVENANT_DECISION_SIGNING_KEY: decisionSigningKey,
      PROVENANT_DECISION_VERIFY_KEYS: decisionVerifyKeys.join(','),
      PROVENANT_AUDIT_SIGNING_KEY: auditSigningKey,
    };
    for (const entry of ['workers/main.js', 'api/main.js', 'serving/main.js']) {
      const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', entry)], { env, stdio: 'inherit' });
      child.once('exit', (code, signal) => {
        if (stopping) return;
        logger.error({ entry, code, signal }, 'a Provenant process stopped unexpectedly; shutting down');
        void shutdown(1);
      });
      children.push(child);
    }
    const localHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
    const base = `http://${localHost}:${config.port}`;
    const servingBase = `http://${localHost}:${config.servingPort}`;
    await waitForHealth(`${base}/health`, 120_000);
    await waitForHealth(`${servingBase}/v2/health/ready`, 120_000);
    const workerMetrics = config.workerMetricsPort ? [`http://${localHost}:${config.workerMetricsPort}/metrics (worker)`] : [];
    const metricsUrls = [`${base}/metrics`, `${servingBase}/metrics`, ...workerMetrics];
    process.stdout.write(
      [
        '',
        'Provenant is running.',
        `  GraphQL API  ${base}/graphql   (GraphiQL in a browser)`,
        `  Web UI       ${base}/ui   (sign in with a token, e.g. the admin token below)`,
        `  Health       ${base}/health/live, ${base}/health/ready`,
        `  Serving      ${servingBase}/v2/...   (Open Inference Protocol, ${config.servingEnvironment} routes)`,
        `  Metrics      ${metricsUrls.join(', ')}   (Authorization: Bearer <the admin token below, or PROVENANT_METRICS_TOKEN>)`,
        `  Slack        ${config.publicUrl}/slack/events   (${config.slack.signingSecret ? 'request URL for interactivity and slash commands' : 'refusing requests until SLACK_SIGNING_SECRET is set'})`,
        `  Temporal UI  ${stack.temporal.uiUrl ?? '(set TEMPORAL_UI_URL for your Temporal server)'}`,
        `  Temporal     ${stack.temporal.address}   (namespace ${config.temporalNamespace}, task queues ${config.taskQueuePrefix}.pipelines|training|scoring|monitoring)`,
        `  Postgres     ${stack.databaseUrl}`,
        `  Your workers join with ProvenantPlugin({ databaseUrl, taskQueuePrefix: '${config.taskQueuePrefix}', decisionVerifyKeys: ['${decisionVerifyKeys[0]}'] })`,
        `  Admin token  ${adminToken}`,
        `               send it as: Authorization: Bearer ${adminToken}`,
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  } catch (error) {
    logger.error({ err: error }, 'start-up failed');
    await shutdown(1);
  }
});
