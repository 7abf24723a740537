import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monitoring depth. A drift report keeps its performance estimate without labels (CBPE,
 * classification only; null before estimation existed and for regression). A model's
 * declared column kinds (an integer day of week tested as categorical, as Evidently's
 * column mapping allows) override the kind the reference schema gives a feature in its
 * drift scans; changed only with an audit event in the same transaction.
 */
export class PerformanceEstimateAndColumnKinds1763900025000 implements MigrationInterface {
  name = 'PerformanceEstimateAndColumnKinds1763900025000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE drift_report ADD COLUMN performance_estimate jsonb;

      CREATE TABLE model_column_kind (
        model_name text NOT NULL,
        column_name text NOT NULL CHECK (length(column_name) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('numeric', 'categorical')),
        declared_by text NOT NULL,
        declared_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model_name, column_name)
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE model_column_kind; ALTER TABLE drift_report DROP COLUMN performance_estimate;`);
  }
}
