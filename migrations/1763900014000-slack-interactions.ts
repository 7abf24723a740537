import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Slack interactions (button clicks, modal submissions) recorded as they arrive, so the
 * request can be answered at once and the decision behind it still made, by this API
 * process or, after it dies, by another one's sweep.
 */
export class SlackInteractions1763900014000 implements MigrationInterface {
  name = 'SlackInteractions1763900014000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE slack_interaction (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        claimed_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 1,
        processed_at timestamptz,
        last_error text
      );
      CREATE INDEX slack_interaction_unprocessed ON slack_interaction (claimed_at) WHERE processed_at IS NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE slack_interaction');
  }
}
