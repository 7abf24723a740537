import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A retraining policy says what confirms a concept-drift signal before it retrains: the
 * window of predictions after the signal (the default), data or prediction drift in the
 * same scan, or a number of signals in one window. Existing policies move to the default:
 * one unconfirmed signal, noise more often than not, no longer retrains.
 */
export class ConceptDriftConfirmation1763900019000 implements MigrationInterface {
  name = 'ConceptDriftConfirmation1763900019000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE retraining_policy
        ADD COLUMN concept_drift_confirmation text NOT NULL DEFAULT 'FOLLOWING_WINDOW'
          CHECK (concept_drift_confirmation IN ('FOLLOWING_WINDOW', 'DATA_DRIFT', 'SIGNAL_COUNT')),
        ADD COLUMN confirmation_signals integer NOT NULL DEFAULT 3 CHECK (confirmation_signals BETWEEN 2 AND 100);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE retraining_policy DROP COLUMN concept_drift_confirmation, DROP COLUMN confirmation_signals`);
  }
}
