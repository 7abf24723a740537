import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Batch scoring jobs, and the staging table their scored chunks are committed to. A
 * chunk scored twice (its worker died before it could record progress) inserts nothing
 * the second time, since the key is the job and the input row.
 */
export class BatchScoring1763900008000 implements MigrationInterface {
  name = 'BatchScoring1763900008000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE batch_scoring_job (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workflow_id text NOT NULL UNIQUE,
        model_name text NOT NULL,
        model_version_id uuid NOT NULL REFERENCES model_version(id),
        input_dataset_version_id uuid NOT NULL REFERENCES dataset_version(id),
        output_dataset_version_id uuid REFERENCES dataset_version(id),
        status text NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
        rows_total integer NOT NULL CHECK (rows_total >= 0),
        rows_scored integer NOT NULL DEFAULT 0 CHECK (rows_scored BETWEEN 0 AND rows_total),
        error text,
        requested_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CHECK ((status = 'SUCCEEDED') = (output_dataset_version_id IS NOT NULL))
      );

      CREATE TABLE batch_scoring_output (
        job_id uuid NOT NULL REFERENCES batch_scoring_job(id),
        row_index integer NOT NULL CHECK (row_index >= 0),
        output jsonb NOT NULL,
        PRIMARY KEY (job_id, row_index)
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE batch_scoring_output;
      DROP TABLE batch_scoring_job;
    `);
  }
}
