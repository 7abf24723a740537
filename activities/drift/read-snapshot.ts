import { Context } from '@temporalio/activity';
import type { DataSource, QueryRunner } from 'typeorm';
import { keepAliveWhile } from '../batch-scoring.activity';

/** Rows per FETCH: a round trip per 10 000 rows, a few megabytes in memory at a time. */
export const CURSOR_FETCH_ROWS = 10_000;

/**
 * Runs `work` in one read-only REPEATABLE READ transaction on a connection of its own: a
 * count and a cursor read in it see the same rows, and the cursor lives as long as the
 * transaction does.
 */
export async function inReadSnapshot<T>(dataSource: DataSource, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction('REPEATABLE READ');
    await runner.query('SET TRANSACTION READ ONLY');
    const result = await work(runner);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}

/**
 * Streams a query's rows through a server-side cursor, `fetchRows` at a time, so that a
 * window of millions of rows never sits in memory at once; heartbeats after each chunk,
 * and while a FETCH waits (the first may sort the whole window), so a long scan stays
 * alive and a dead worker is noticed. Returns the rows read.
 */
export async function forEachChunk<Row>(
  runner: QueryRunner,
  sql: string,
  parameters: unknown[],
  onChunk: (rows: Row[]) => void,
  fetchRows: number = CURSOR_FETCH_ROWS,
): Promise<number> {
  if (!Number.isSafeInteger(fetchRows) || fetchRows < 1) throw new RangeError(`fetchRows must be a positive integer (got ${fetchRows})`);
  const context = Context.current();
  await runner.query(`DECLARE drift_rows NO SCROLL CURSOR FOR ${sql}`, parameters);
  let read = 0;
  for (;;) {
    const rows: Row[] = await keepAliveWhile(runner.query(`FETCH FORWARD ${fetchRows} FROM drift_rows`), undefined);
    if (rows.length === 0) break;
    onChunk(rows);
    read += rows.length;
    context.heartbeat({ rowsRead: read });
    if (rows.length < fetchRows) break;
  }
  await runner.query('CLOSE drift_rows');
  return read;
}
