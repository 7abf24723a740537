import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import type { DeployEnvironment } from '../domain/approval';
import type { TrafficRoute } from '../domain/deployment';
import type { Db } from './db';
import { TrafficRouteEntity } from './entities';

/** A stored traffic route: the route, and who changed it last and when. */
export type TrafficRouteRow = TrafficRouteEntity;

/** A route is a model's in one environment. */
export interface TrafficRouteKey {
  modelName: string;
  environment: DeployEnvironment;
}

export function findTrafficRoute(db: Db, key: TrafficRouteKey): Promise<TrafficRouteRow | null> {
  return db.getRepository(TrafficRouteEntity).findOneBy({ modelName: key.modelName, environment: key.environment });
}

/** A model's routes, or every route of an environment. */
export function listTrafficRoutes(db: Db, of: { modelName: string } | { environment: DeployEnvironment }): Promise<TrafficRouteRow[]> {
  return db.getRepository(TrafficRouteEntity).find({ where: of, order: { modelName: 'ASC', environment: 'ASC' } });
}

export type TrafficRouteChange = Partial<Pick<TrafficRoute, 'stableVersionId' | 'canaryVersionId' | 'canaryWeight'>>;

/**
 * Changes a route's stable or canary columns, creating the route when the model has none
 * in the environment yet. The row is locked first, so changes of one route apply one after
 * another, each on top of the last.
 */
export async function changeTrafficRoute(tx: EntityManager, key: TrafficRouteKey, change: TrafficRouteChange, updatedBy: string): Promise<void> {
  const routes = tx.getRepository(TrafficRouteEntity);
  const current = await routes.findOne({ where: { modelName: key.modelName, environment: key.environment }, lock: { mode: 'pessimistic_write' } });
  await routes.save({
    modelName: key.modelName,
    environment: key.environment,
    stableVersionId: current?.stableVersionId ?? null,
    canaryVersionId: current?.canaryVersionId ?? null,
    canaryWeight: current?.canaryWeight ?? 0,
    shadowVersionId: current?.shadowVersionId ?? null,
    ...change,
    updatedBy,
  });
}

/** Sets or clears a route's shadow version and returns the route; only that column, since a canary step may be moving the others meanwhile. */
export async function setShadowVersion(tx: EntityManager, key: TrafficRouteKey, shadowVersionId: string | null, updatedBy: string): Promise<TrafficRouteRow> {
  const routes = tx.getRepository(TrafficRouteEntity);
  const where = { modelName: key.modelName, environment: key.environment };
  await routes.update(where, { shadowVersionId, updatedBy });
  return routes.findOneByOrFail(where);
}

/** The channel the traffic_route trigger notifies with `<model>|<environment>` (migrations/1763900007000-serving-and-deployments.ts). */
const TRAFFIC_ROUTE_CHANNEL = 'traffic_route_changed';

export interface TrafficRouteListener {
  /** Ends the listener's connection; `ended` is called. */
  close(): Promise<void>;
}

export interface TrafficRouteEvents {
  /** A committed change of one of the environment's routes. */
  changed(): void;
  failed(error: Error): void;
  /** The connection is gone: changes from now on go unheard until another listener starts. */
  ended(): void;
}

/**
 * Hears every committed change of an environment's traffic routes, on a connection of its
 * own: LISTEN holds its connection, which a pool would hand to other queries. Resolves once
 * listening; a notification only says that something changed, so a reader reloads.
 */
export async function listenForTrafficRouteChanges(databaseUrl: string, environment: DeployEnvironment, events: TrafficRouteEvents): Promise<TrafficRouteListener> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'provenant-serving-routes' });
  client.on('notification', (message) => {
    if (message.channel === TRAFFIC_ROUTE_CHANNEL && message.payload?.endsWith(`|${environment}`)) events.changed();
  });
  client.on('error', (error) => events.failed(error));
  client.on('end', () => events.ended());
  try {
    await client.connect();
    await client.query(`LISTEN ${TRAFFIC_ROUTE_CHANNEL}`);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return { close: () => client.end().catch(() => undefined) };
}
