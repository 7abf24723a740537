import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Approval gates as the workflow runs them: who may decide, where the Slack message
 * lives (so it is updated in place), and the Slack-user mapping admins maintain.
 * Seen Slack request signatures are kept so a replayed request is refused by every
 * API replica, not just the one that saw it first.
 */
export class ApprovalGates1763900006000 implements MigrationInterface {
  name = 'ApprovalGates1763900006000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE approval_gate
        ADD COLUMN workflow_id text NOT NULL,
        ADD COLUMN requested_by text NOT NULL,
        ADD COLUMN slack_channel text,
        ADD COLUMN slack_message_ts text,
        ADD COLUMN reminded_at timestamptz,
        ADD CONSTRAINT approval_gate_status_check CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'EXPIRED', 'CANCELLED'));
      CREATE INDEX approval_gate_status_idx ON approval_gate (status, created_at DESC, id DESC);

      ALTER TABLE approval_decision
        ADD CONSTRAINT approval_decision_channel_check CHECK (channel IN ('graphql', 'slack'));

      CREATE TABLE slack_user (
        slack_user_id text PRIMARY KEY,
        name text NOT NULL,
        mapped_by text NOT NULL,
        mapped_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE slack_request_seen (
        signature text PRIMARY KEY,
        seen_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE slack_request_seen;
      DROP TABLE slack_user;
      ALTER TABLE approval_decision DROP CONSTRAINT approval_decision_channel_check;
      DROP INDEX approval_gate_status_idx;
      ALTER TABLE approval_gate
        DROP CONSTRAINT approval_gate_status_check,
        DROP COLUMN workflow_id, DROP COLUMN requested_by, DROP COLUMN slack_channel,
        DROP COLUMN slack_message_ts, DROP COLUMN reminded_at;
    `);
  }
}
