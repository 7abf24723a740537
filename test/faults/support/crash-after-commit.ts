import type { DataSource } from 'typeorm';
import type { Provenant } from './fault-stack';
import { waitFor } from './lifecycle';

/**
 * The hardest moment for a write activity to die: its transaction has committed, and
 * Temporal never heard that the activity completed, so it runs the activity again. Only
 * a write that finds what its first attempt committed comes through that without a
 * duplicate. Killing the worker at that moment by timing alone would be luck; instead
 * the suite holds a SHARE lock on the table the write inserts into (which blocks
 * inserts and updates, not reads), waits until the write is stuck on it, cuts the
 * worker off from Temporal, lets the write commit, and then kills the worker.
 */
export interface HeldWrites {
  /** Returns once the worker is dead with the write committed, and a fresh worker started. */
  crashAfterCommit(committed: () => Promise<boolean>): Promise<void>;
  /** Lets writes through again, if they are still held (a scenario that failed early); closing the database waits for this. */
  release(): Promise<void>;
}

/** Call before the write is due: from now on, writes to `table` wait (other tables are untouched). */
export async function holdWrites(provenant: Provenant, table: string): Promise<HeldWrites> {
  const lock = provenant.dataSource.createQueryRunner();
  await lock.connect();
  await lock.startTransaction();
  await lock.query(`LOCK TABLE ${table} IN SHARE MODE`);
  const release = async () => {
    if (lock.isReleased) return;
    if (lock.isTransactionActive) await lock.commitTransaction();
    await lock.release();
  };
  return {
    async crashAfterCommit(committed) {
      await waitFor(`a write to ${table} to wait for the lock`, async () => ((await writerWaits(provenant.dataSource, table)) ? true : undefined), 300_000, 50);
      await provenant.cutWorkerFromTemporal();
      await release();
      await waitFor(`the write to ${table} to commit`, async () => ((await committed()) ? true : undefined), 60_000, 20);
      await provenant.crashWorker();
    },
    release,
  };
}

async function writerWaits(dataSource: DataSource, table: string): Promise<boolean> {
  const [{ waiting }] = await dataSource.query(
    `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted AND relation = $1::regclass
                      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS waiting`,
    [table],
  );
  return waiting;
}
