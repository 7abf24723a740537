import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where the reconciliation of Temporal histories (operations done from outside Provenant's
 * API, audited from workflow history) got to.
 */
export class TemporalReconciliation1763900017000 implements MigrationInterface {
  name = 'TemporalReconciliation1763900017000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE temporal_reconciliation (
        id text PRIMARY KEY,
        reconciled_until timestamptz NOT NULL
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE temporal_reconciliation;`);
  }
}
