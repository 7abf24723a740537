import type { DataSource } from 'typeorm';
import type { Logger } from '../platform/logger';

/** Today and the next two days: a process that misses a day's run still finds tomorrow's partition ready. */
export const PARTITION_DAYS_AHEAD = 2;

/** Any constant works; every serving process uses the same one, so their CREATEs never race. */
const PARTITION_LOCK = 0x70726564;

export interface DayPartition {
  name: string;
  /** Inclusive lower bound, UTC midnight. */
  from: string;
  /** Exclusive upper bound, the next UTC midnight. */
  to: string;
}

/** The `prediction_log_YYYYMMDD` partitions (UTC days) from `now`'s day to PARTITION_DAYS_AHEAD days later. */
export function dayPartitions(now: Date): DayPartition[] {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const day = (offset: number) => new Date(midnight + offset * 86_400_000).toISOString().slice(0, 10);
  return Array.from({ length: PARTITION_DAYS_AHEAD + 1 }, (_, offset) => ({
    name: `prediction_log_${day(offset).replaceAll('-', '')}`,
    from: `${day(offset)} 00:00:00+00`,
    to: `${day(offset + 1)} 00:00:00+00`,
  }));
}

/**
 * Creates the day partitions of `prediction_log` that do not exist yet; idempotent and
 * safe from several processes at once. A partition that cannot be created (the default
 * partition already holds rows of that day) is logged and skipped: those rows stay
 * readable in the default partition.
 */
export async function ensurePredictionLogPartitions(dataSource: DataSource, logger: Logger, now = new Date()): Promise<void> {
  for (const partition of dayPartitions(now)) {
    try {
      await dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
        await manager.query(
          `CREATE TABLE IF NOT EXISTS ${partition.name} PARTITION OF prediction_log FOR VALUES FROM ('${partition.from}') TO ('${partition.to}')`,
        );
      });
    } catch (error) {
      logger.warn({ err: error, partition: partition.name }, 'could not create a prediction_log partition; that day stays in the default partition');
    }
  }
}
