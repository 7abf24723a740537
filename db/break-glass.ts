import type { EntityManager } from 'typeorm';
import type { DeployEnvironment } from '../domain/approval';
import type { Db } from './db';
import { BreakGlassEntity } from './entities';

/** A stored break-glass: an operation past the release guard, asked for by one admin and confirmed by another. */
export type BreakGlassRow = BreakGlassEntity;

export type NewBreakGlass = Pick<BreakGlassRow, 'operation' | 'modelName' | 'environment' | 'modelVersionId' | 'reason' | 'missing' | 'requestedBy' | 'requestedAt' | 'expiresAt'>;

export function createBreakGlass(tx: EntityManager, request: NewBreakGlass): Promise<BreakGlassRow> {
  const rows = tx.getRepository(BreakGlassEntity);
  return rows.save(rows.create({ ...request, status: 'PENDING', confirmedBy: null, confirmedAt: null }));
}

export function findBreakGlass(db: Db, id: string): Promise<BreakGlassRow | null> {
  return db.getRepository(BreakGlassEntity).findOneBy({ id });
}

/** The request, locked until the transaction ends: two admins confirming at once confirm it once. */
export function lockBreakGlass(tx: EntityManager, id: string): Promise<BreakGlassRow | null> {
  return tx.getRepository(BreakGlassEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
}

export async function markBreakGlassConfirmed(tx: EntityManager, id: string, confirmedBy: string, confirmedAt: Date): Promise<BreakGlassRow> {
  const rows = tx.getRepository(BreakGlassEntity);
  await rows.update(id, { status: 'CONFIRMED', confirmedBy, confirmedAt });
  return rows.findOneByOrFail({ id });
}

/** Break-glass requests, newest first, optionally of one model. */
export function listBreakGlass(db: Db, of: { modelName?: string | null }, limit: number): Promise<BreakGlassRow[]> {
  return db.getRepository(BreakGlassEntity).find({ where: of.modelName ? { modelName: of.modelName } : {}, order: { requestedAt: 'DESC', id: 'DESC' }, take: limit });
}

export function breakGlassOfVersion(db: Db, modelVersionId: string): Promise<BreakGlassRow[]> {
  return db.getRepository(BreakGlassEntity).find({ where: { modelVersionId }, order: { requestedAt: 'ASC' } });
}

/** The newest confirmed break-glass that let the version into the environment, or null. */
export function confirmedBreakGlassFor(db: Db, modelVersionId: string, environment: DeployEnvironment): Promise<BreakGlassRow | null> {
  return db.getRepository(BreakGlassEntity).findOne({ where: { modelVersionId, environment, status: 'CONFIRMED' }, order: { confirmedAt: 'DESC' } });
}
