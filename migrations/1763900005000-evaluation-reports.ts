import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the evaluate stage found about a model version, kept with the version forever. */
export class EvaluationReports1763900005000 implements MigrationInterface {
  name = 'EvaluationReports1763900005000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE evaluation_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_version_id uuid NOT NULL UNIQUE REFERENCES model_version(id),
        dataset_version_id uuid NOT NULL REFERENCES dataset_version(id),
        pipeline_run_id uuid REFERENCES pipeline_run(id),
        gates_passed boolean NOT NULL,
        report jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE evaluation_report');
  }
}
