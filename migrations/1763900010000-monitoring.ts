import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Drift reports in full, drift schedules beside their Temporal Schedules, and retraining policies. */
export class Monitoring1763900010000 implements MigrationInterface {
  name = 'Monitoring1763900010000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE drift_report
        ADD COLUMN workflow_id text NOT NULL UNIQUE,
        ADD COLUMN model_name text NOT NULL,
        ADD COLUMN environment text CHECK (environment IN ('STAGING', 'PRODUCTION')),
        ADD COLUMN model_version_id uuid NOT NULL REFERENCES model_version(id),
        ADD COLUMN schedule_id text,
        ADD COLUMN triggered_by text NOT NULL,
        ADD COLUMN reference jsonb NOT NULL,
        ADD COLUMN current jsonb NOT NULL,
        ADD COLUMN number_of_columns integer NOT NULL,
        ADD COLUMN number_of_drifted_columns integer NOT NULL,
        ADD COLUMN drift_share_threshold double precision NOT NULL,
        ADD COLUMN prediction_drift jsonb,
        ADD COLUMN concept_drift jsonb,
        ADD COLUMN retraining jsonb,
        ADD COLUMN retraining_run_id uuid REFERENCES pipeline_run(id);
      CREATE INDEX drift_report_model_created_idx ON drift_report (model_name, created_at DESC, id DESC);

      CREATE TABLE drift_schedule (
        id text PRIMARY KEY,
        model_name text NOT NULL,
        environment text NOT NULL CHECK (environment IN ('STAGING', 'PRODUCTION')),
        spec jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (model_name, environment)
      );

      CREATE TABLE retraining_policy (
        model_name text PRIMARY KEY,
        enabled boolean NOT NULL,
        consecutive_drifted_scans integer CHECK (consecutive_drifted_scans BETWEEN 1 AND 100),
        on_concept_drift boolean NOT NULL,
        cooldown_ms bigint NOT NULL CHECK (cooldown_ms >= 0),
        deploy jsonb NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE retraining_policy;
      DROP TABLE drift_schedule;
      DROP INDEX drift_report_model_created_idx;
      ALTER TABLE drift_report
        DROP COLUMN workflow_id, DROP COLUMN model_name, DROP COLUMN environment, DROP COLUMN model_version_id,
        DROP COLUMN schedule_id, DROP COLUMN triggered_by, DROP COLUMN reference, DROP COLUMN current,
        DROP COLUMN number_of_columns, DROP COLUMN number_of_drifted_columns, DROP COLUMN drift_share_threshold,
        DROP COLUMN prediction_drift, DROP COLUMN concept_drift, DROP COLUMN retraining, DROP COLUMN retraining_run_id;
    `);
  }
}
