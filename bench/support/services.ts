import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../platform/config';
import { freePort } from '../../platform/free-port';
import { logger } from '../../platform/logger';
import { startLocalStack } from '../../platform/local-stack';
import { startHarness, type Harness, type HarnessOptions } from '../../test/support/harness';

/**
 * A complete Provenant for one benchmark, built as `npm test` builds its own: an embedded
 * Postgres and a Temporal dev server on free ports in a temporary directory (or
 * DATABASE_URL / TEMPORAL_ADDRESS when set), then the test harness on them, which runs
 * the workers in this process (those of `options.queues`, default all) and the API on a
 * free port with a token per role. stop() removes everything.
 */
export async function startBenchServices(options: HarnessOptions = {}): Promise<{ harness: Harness; stop(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'provenant-bench-'));
  const stack = await startLocalStack({ ...loadConfig(), dataDir }, { postgres: await freePort(), temporal: await freePort() }, logger);
  // The harness finds the services where `npm test` tells its test processes to look.
  process.env.PROVENANT_TEST_DATABASE_URL = stack.databaseUrl;
  process.env.PROVENANT_TEST_TEMPORAL_ADDRESS = stack.temporal.address;
  process.env.PROVENANT_TEST_DATA_DIR = dataDir;
  let harness: Harness;
  try {
    harness = await startHarness(options);
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return {
    harness,
    async stop() {
      await harness.close();
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
