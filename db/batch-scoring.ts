import { Between, type EntityManager } from 'typeorm';
import type { RowPrediction } from '../domain/batch-scoring';
import type { Db } from './db';
import { BatchScoringJobEntity, BatchScoringOutputEntity } from './entities';

/** A stored batch scoring job: what it scores with, its progress and its outcome. */
export type BatchScoringJobRow = BatchScoringJobEntity;

export type NewBatchScoringJob = Omit<BatchScoringJobRow, 'createdAt' | 'outputDatasetVersionId' | 'error' | 'finishedAt'>;

export type BatchScoringJobChange = Partial<Pick<BatchScoringJobRow, 'status' | 'outputDatasetVersionId' | 'error' | 'finishedAt'>>;

export function createBatchScoringJob(tx: EntityManager, job: NewBatchScoringJob): Promise<BatchScoringJobRow> {
  const jobs = tx.getRepository(BatchScoringJobEntity);
  return jobs.save(jobs.create(job));
}

export function findBatchScoringJob(db: Db, id: string): Promise<BatchScoringJobRow | null> {
  return db.getRepository(BatchScoringJobEntity).findOneBy({ id });
}

/** The job, locked until the transaction ends: it finishes once, as published or as failed. */
export function lockBatchScoringJob(tx: EntityManager, id: string): Promise<BatchScoringJobRow> {
  return tx.getRepository(BatchScoringJobEntity).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
}

export async function updateBatchScoringJob(db: Db, id: string, change: BatchScoringJobChange): Promise<void> {
  await db.getRepository(BatchScoringJobEntity).update(id, change);
}

/**
 * One chunk's predictions, input rows [start, start + predictions.length), and the job's
 * progress, atomically; rows already there are left alone, so a chunk scored twice (by a
 * worker that died between commit and heartbeat) inserts nothing the second time.
 */
export async function saveScoredChunk(db: Db, jobId: string, start: number, predictions: RowPrediction[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .createQueryBuilder()
      .insert()
      .into(BatchScoringOutputEntity)
      .values(predictions.map((output, i) => ({ jobId, rowIndex: start + i, output })))
      .orIgnore()
      .updateEntity(false)
      .execute();
    // GREATEST: a stale attempt finishing an earlier chunk must not move progress back.
    await tx
      .createQueryBuilder()
      .update(BatchScoringJobEntity)
      .set({ rowsScored: () => 'GREATEST(rows_scored, :end)' })
      .setParameter('end', start + predictions.length)
      .where('id = :jobId', { jobId })
      .execute();
  });
}

/** The scored rows of input rows [start, end), in row order; fewer when some were never scored. */
export function readScoredRows(db: Db, jobId: string, start: number, end: number): Promise<{ rowIndex: number; output: RowPrediction }[]> {
  return db.getRepository(BatchScoringOutputEntity).find({ where: { jobId, rowIndex: Between(start, end - 1) }, order: { rowIndex: 'ASC' } });
}

/** Drops a finished job's scored rows: published, they live in the output dataset; failed, nothing will publish them. */
export async function deleteScoredRows(db: Db, jobId: string): Promise<void> {
  await db.getRepository(BatchScoringOutputEntity).delete({ jobId });
}
