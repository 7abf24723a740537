import type { EntityManager } from 'typeorm';
import type { DeployEnvironment } from '../domain/approval';
import type { Db } from './db';
import { DriftScheduleEntity } from './entities';

/** What a drift schedule was created with and by whom; Temporal holds the schedule itself. */
export type DriftScheduleRow = DriftScheduleEntity;

export function createDriftSchedule(tx: EntityManager, schedule: Omit<DriftScheduleRow, 'createdAt'>): Promise<DriftScheduleRow> {
  const schedules = tx.getRepository(DriftScheduleEntity);
  return schedules.save(schedules.create(schedule));
}

export function findDriftSchedule(db: Db, id: string): Promise<DriftScheduleRow | null> {
  return db.getRepository(DriftScheduleEntity).findOneBy({ id });
}

/** The model's schedule in the environment; a model has at most one there. */
export function findDriftScheduleOf(db: Db, modelName: string, environment: DeployEnvironment): Promise<DriftScheduleRow | null> {
  return db.getRepository(DriftScheduleEntity).findOneBy({ modelName, environment });
}

/** Every schedule, or one model's, by model and environment. */
export function listDriftSchedules(db: Db, modelName: string | null): Promise<DriftScheduleRow[]> {
  return db.getRepository(DriftScheduleEntity).find({ where: modelName ? { modelName } : {}, order: { modelName: 'ASC', environment: 'ASC' } });
}

export async function deleteDriftSchedule(tx: EntityManager, id: string): Promise<void> {
  await tx.getRepository(DriftScheduleEntity).delete(id);
}
