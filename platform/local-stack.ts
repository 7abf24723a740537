import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { Config } from './config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { isPortFree } from './free-port';
import type { Logger } from './logger';
import { ensureSearchAttributes } from './search-attributes';
import { startTemporalDevServer } from './temporal-dev-server';

/** Where `npm start` puts the embedded services (Temporal's are the CLI's own defaults). */
export const DEFAULT_PORTS = { postgres: 54320, temporal: 7233, temporalUi: 8233 };

interface Running<T> {
  value: T;
  stop(): Promise<void>;
}

const nothingToStop = async () => undefined;

/** DATABASE_URL when set; otherwise an embedded Postgres whose data live under `dataDir`. */
export async function ensurePostgres(config: Config, port: number, logger: Logger): Promise<Running<string>> {
  if (config.databaseUrl) return { value: config.databaseUrl, stop: nothingToStop };
  await ensurePortFree(port, 'embedded Postgres', 'DATABASE_URL');
  const postgres = await startEmbeddedPostgres({ dataDir: config.dataDir, port, database: 'provenant', logger });
  return { value: postgres.url, stop: postgres.stop };
}

export interface TemporalEndpoint {
  address: string;
  uiUrl: string | undefined;
}

/** TEMPORAL_ADDRESS when set; otherwise a Temporal dev server on a SQLite file under `dataDir`. */
export async function ensureTemporal(
  config: Config,
  ports: { temporal: number; temporalUi?: number },
  logger: Logger,
): Promise<Running<TemporalEndpoint>> {
  if (config.temporalAddress) {
    return { value: { address: config.temporalAddress, uiUrl: config.temporalUiUrl }, stop: nothingToStop };
  }
  await ensurePortFree(ports.temporal, 'Temporal dev server', 'TEMPORAL_ADDRESS');
  const server = await startTemporalDevServer({
    dbFile: path.join(config.dataDir, 'temporal.sqlite'),
    port: ports.temporal,
    uiPort: ports.temporalUi,
    namespace: config.temporalNamespace,
    logger,
  });
  try {
    await registerSearchAttributes(server.address, config.temporalNamespace, logger);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { value: { address: server.address, uiUrl: config.temporalUiUrl ?? server.uiUrl }, stop: server.stop };
}

/** Before anything starts a workflow on the fresh server, so no process races ahead of the registration. */
async function registerSearchAttributes(address: string, namespace: string, logger: Logger): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await ensureSearchAttributes(connection, namespace, logger);
  } finally {
    await connection.close();
  }
}

export interface LocalStack {
  databaseUrl: string;
  temporal: TemporalEndpoint;
  stop(): Promise<void>;
}

export async function startLocalStack(
  config: Config,
  ports: { postgres: number; temporal: number; temporalUi?: number },
  logger: Logger,
): Promise<LocalStack> {
  const postgres = await ensurePostgres(config, ports.postgres, logger);
  try {
    const temporal = await ensureTemporal(config, ports, logger);
    return {
      databaseUrl: postgres.value,
      temporal: temporal.value,
      stop: async () => {
        await temporal.stop();
        await postgres.stop();
      },
    };
  } catch (error) {
    await postgres.stop();
    throw error;
  }
}

async function ensurePortFree(port: number, what: string, variable: string): Promise<void> {
  if (!(await isPortFree(port))) {
    throw new Error(`port ${port} for the ${what} is in use: stop whatever holds it, or set ${variable} to use a running server`);
  }
}
