import path from 'node:path';
import { REPO_ROOT } from '../config';
import { logger } from '../logger';
import { HISTORY_SHARDS } from '../temporal-server';
import { TEMPORAL_SERVER_VERSION } from '../temporal-server-build';
import { startProductionStack } from '../production-stack';
import { handleHelp } from './help';
import { runMain } from './run-main';

const PORTS = { postgres: 54330, temporal: 7240, apis: [4010, 4011], serving: 4110 };

handleHelp(`
Usage: npm run stack:prod [-- --help]

Runs Provenant in its production shape on this machine, without Docker:
  Postgres         embedded, port ${PORTS.postgres} (Provenant's database and Temporal's two)
  Temporal server  ${TEMPORAL_SERVER_VERSION} built from the Go module proxy with your Go toolchain
                   (first run only, a few minutes; cached in ~/.cache/provenant or
                   PROVENANT_CACHE_DIR), on Postgres, ${HISTORY_SHARDS} history shards, port ${PORTS.temporal}
  Object store     an S3-compatible server (moto, from PyPI) holding the artifacts
  API              two instances, ports ${PORTS.apis.join(' and ')}
  Workers          two processes, each on every task queue
  Serving          one process, port ${PORTS.serving}
Each Provenant process has a data directory of its own: they share only Postgres,
Temporal and the bucket. State lives under .provenant-prod/. Ctrl-C stops everything.
It uses its own ports, so it can run beside \`npm start\`.
`);

runMain(async () => {
  const dir = path.join(REPO_ROOT, '.provenant-prod');
  logger.info({ dir }, 'starting Provenant in its production shape');
  const stack = await startProductionStack({ dir, logger, ports: PORTS });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping the production-shape stack');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  process.stdout.write(
    [
      '',
      'Provenant (production shape) is running.',
      ...stack.apis.map((api, i) => `  API ${i + 1}        ${api.url}/graphql   web UI ${api.url}/ui`),
      `  Serving      ${stack.serving.url}/v2/...`,
      `  Temporal     ${stack.temporal.address}   (temporal-server ${TEMPORAL_SERVER_VERSION}, ${HISTORY_SHARDS} history shards, on Postgres)`,
      `  Postgres     ${stack.databaseUrl}`,
      `  Artifacts    ${stack.artifactStore} at ${stack.s3.endpoint}`,
      `  Workers      ${stack.workers.length} processes, every task queue`,
      `  Admin token  ${stack.adminToken}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
});
