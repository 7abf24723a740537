import type { DataSource } from 'typeorm';
import { listenForTrafficRouteChanges, listTrafficRoutes, type TrafficRouteListener } from '../db/traffic-routes';
import type { DeployEnvironment } from '../domain/approval';
import type { TrafficRoute } from '../domain/deployment';
import type { Logger } from '../platform/logger';

const MAX_RETRY_DELAY_MS = 10_000;

export interface RouteCacheOptions {
  dataSource: DataSource;
  databaseUrl: string;
  environment: DeployEnvironment;
  logger: Logger;
  /** Called with every route of the environment after each reload. */
  onChange: (routes: TrafficRoute[]) => void;
}

/**
 * The traffic routes of one environment, held in memory for the hot path and reloaded
 * whenever Postgres notifies a change. The notification only says "reload": the table
 * is small, and reading it whole after the commit that notified means a burst of changes
 * ends with the last state, whatever order the notifications arrive in. The listener
 * has its own connection, reconnects when it drops and then reloads, since
 * notifications sent while it was away are lost.
 */
export class RouteCache {
  private routes = new Map<string, TrafficRoute>();
  private listener: TrafficRouteListener | undefined;
  private loaded = false;
  private closed = false;
  private reloading: Promise<void> | undefined;
  private reloadAgain = false;
  private retryDelayMs = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: RouteCacheOptions) {}

  /** Listens first, then loads, so no change between the two can go unseen. */
  async start(): Promise<void> {
    await this.listen();
    await this.reload();
  }

  /** Routes are loaded and changes are being heard. */
  get ready(): boolean {
    return this.loaded && this.listener !== undefined;
  }

  get(modelName: string): TrafficRoute | undefined {
    return this.routes.get(modelName);
  }

  /** Every route of the environment, by model name. */
  all(): TrafficRoute[] {
    return [...this.routes.values()].sort((a, b) => a.modelName.localeCompare(b.modelName));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.reloading;
    await this.listener?.close();
  }

  /** Coalesces reloads: one runs at a time, and a request during it runs one more after it. */
  private reload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.reloadAgain = false;
        await this.load();
      } while (this.reloadAgain && !this.closed);
    })().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  private async load(): Promise<void> {
    const rows = await listTrafficRoutes(this.options.dataSource, { environment: this.options.environment });
    const routes = rows.map(
      (row): TrafficRoute => ({
        modelName: row.modelName,
        environment: row.environment,
        stableVersionId: row.stableVersionId,
        canaryVersionId: row.canaryVersionId,
        canaryWeight: row.canaryWeight,
        shadowVersionId: row.shadowVersionId,
      }),
    );
    this.routes = new Map(routes.map((route) => [route.modelName, route]));
    this.loaded = true;
    this.options.onChange(routes);
  }

  private async listen(): Promise<void> {
    let listener: TrafficRouteListener | undefined;
    listener = await listenForTrafficRouteChanges(this.options.databaseUrl, this.options.environment, {
      changed: () => {
        this.reload().catch((error: unknown) => this.options.logger.error({ err: error }, 'traffic route reload failed; serving the previous routes'));
      },
      failed: (error) => this.options.logger.warn({ err: error }, 'traffic route listener failed'),
      ended: () => {
        // Only the current listener's end reconnects: not one that failed to start, or was replaced.
        if (listener === undefined || this.listener !== listener) return;
        this.listener = undefined;
        this.scheduleReconnect();
      },
    });
    this.listener = listener;
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    this.retryDelayMs = Math.min(Math.max(this.retryDelayMs * 2, 250), MAX_RETRY_DELAY_MS);
    this.options.logger.warn({ retryInMs: this.retryDelayMs }, 'traffic route listener disconnected; reconnecting');
    this.retryTimer = setTimeout(() => {
      this.listen()
        .then(() => this.reload())
        .then(
          () => {
            this.retryDelayMs = 0;
            this.options.logger.info('traffic route listener reconnected');
          },
          (error: unknown) => {
            this.options.logger.warn({ err: error }, 'traffic route listener could not reconnect');
            void this.listener?.close();
            this.listener = undefined;
            this.scheduleReconnect();
          },
        );
    }, this.retryDelayMs);
  }
}

/** The versions a route names: stable, canary, shadow. */
export function routedIds(route: TrafficRoute): string[] {
  return [route.stableVersionId, route.canaryVersionId, route.shadowVersionId].filter((id): id is string => id !== null);
}
