import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ground truth is keyed on model and request: request ids come from callers, and two
 * models may be sent the same one. Existing labels are kept for every model that logged
 * their request (the old key could not tell which one was meant). Also indexes the runs
 * by the version they produced, which serving reads for every pinned request.
 */
export class GroundTruthPerModel1763900016000 implements MigrationInterface {
  name = 'GroundTruthPerModel1763900016000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE ground_truth RENAME TO ground_truth_by_request;
      ALTER TABLE ground_truth_by_request RENAME CONSTRAINT ground_truth_pkey TO ground_truth_by_request_pkey;
      CREATE TABLE ground_truth (
        model_name text NOT NULL,
        request_id text NOT NULL,
        row_index integer NOT NULL DEFAULT 0,
        label jsonb NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model_name, request_id, row_index)
      );
      INSERT INTO ground_truth (model_name, request_id, row_index, label, recorded_by, recorded_at)
        SELECT p.model_name, g.request_id, g.row_index, g.label, g.recorded_by, g.recorded_at
          FROM ground_truth_by_request g
          JOIN (SELECT DISTINCT model_name, request_id FROM prediction_log) p ON p.request_id = g.request_id;
      DROP TABLE ground_truth_by_request;
      CREATE INDEX pipeline_run_model_version_idx ON pipeline_run (model_version_id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX pipeline_run_model_version_idx;
      ALTER TABLE ground_truth RENAME TO ground_truth_by_model;
      ALTER TABLE ground_truth_by_model RENAME CONSTRAINT ground_truth_pkey TO ground_truth_by_model_pkey;
      CREATE TABLE ground_truth (
        request_id text NOT NULL,
        row_index integer NOT NULL DEFAULT 0,
        label jsonb NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (request_id, row_index)
      );
      INSERT INTO ground_truth (request_id, row_index, label, recorded_by, recorded_at)
        SELECT DISTINCT ON (request_id, row_index) request_id, row_index, label, recorded_by, recorded_at
          FROM ground_truth_by_model ORDER BY request_id, row_index, recorded_at DESC;
      DROP TABLE ground_truth_by_model;
    `);
  }
}
