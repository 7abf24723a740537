import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Validation reports, and what a run learns while training: trials, cross-validation, provenance. */
export class ValidationReportsAndTrials1763900002000 implements MigrationInterface {
  name = 'ValidationReportsAndTrials1763900002000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE validation_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dataset_version_id uuid NOT NULL REFERENCES dataset_version(id),
        pipeline_run_id uuid UNIQUE REFERENCES pipeline_run(id),
        status text NOT NULL CHECK (status IN ('PASS', 'WARN', 'FAIL')),
        checks jsonb NOT NULL,
        expectations jsonb NOT NULL,
        target text,
        features jsonb,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX validation_report_dataset_idx ON validation_report (dataset_version_id, created_at DESC);

      ALTER TABLE pipeline_run
        ADD COLUMN validation_report_id uuid REFERENCES validation_report(id),
        ADD COLUMN trials jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN cross_validation jsonb,
        ADD COLUMN reproducibility jsonb;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE pipeline_run
        DROP COLUMN validation_report_id, DROP COLUMN trials, DROP COLUMN cross_validation, DROP COLUMN reproducibility;
      DROP TABLE validation_report;
    `);
  }
}
