import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../db/app-role';

/**
 * Serving creates the prediction log's day partitions ahead of time, but runs as the app
 * role, which may create nothing. This function, owned by the migrations' owner and run
 * with its rights (SECURITY DEFINER), creates exactly one thing: the partition of one UTC
 * day, named and bounded by the day alone, so the app role gains no other way to make
 * tables. The partitions it makes belong to the owner, and the default privileges give the
 * app role the same rights on them as on every other table.
 */
export class PredictionLogPartitionFunction1763900027000 implements MigrationInterface {
  name = 'PredictionLogPartitionFunction1763900027000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION ensure_prediction_log_partition(day date) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        EXECUTE format(
          'CREATE TABLE IF NOT EXISTS %I PARTITION OF prediction_log FOR VALUES FROM (%L) TO (%L)',
          'prediction_log_' || to_char(day, 'YYYYMMDD'),
          (day::timestamp AT TIME ZONE 'UTC'),
          ((day + 1)::timestamp AT TIME ZONE 'UTC')
        );
      END $$;
      REVOKE ALL ON FUNCTION ensure_prediction_log_partition(date) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION ensure_prediction_log_partition(date) TO ${APP_ROLE};
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION IF EXISTS ensure_prediction_log_partition(date)`);
  }
}
