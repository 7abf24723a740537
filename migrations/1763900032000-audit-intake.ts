import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../db/app-role';

/**
 * The audit log's intake: writers insert their event here, in their own transaction and
 * without the chain's lock, and a sealer chains committed intake rows into `audit_event` in
 * batches (db/audit-sealer.ts), so appends no longer wait for each other's commits.
 * `position` only orders the sealing; its gaps (rolled-back inserts) mean nothing.
 * `content_hash` is what the writer computed over the event as it wrote it, checked again
 * when the event is sealed. Like `audit_event`, the intake refuses UPDATE and TRUNCATE, and
 * a DELETE that removes any row not in `audit_event` with the same content fails: an event
 * leaves the intake only by being sealed. `audit_event` keeps its schema and triggers.
 */
export class AuditIntake1763900032000 implements MigrationInterface {
  name = 'AuditIntake1763900032000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_intake (
        position bigserial PRIMARY KEY,
        id uuid NOT NULL,
        occurred_at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        payload jsonb NOT NULL,
        idempotency_key text,
        content_hash char(64) NOT NULL
      );
      -- Few events carry a key: indexing only those keeps every other append as cheap as a plain INSERT.
      CREATE UNIQUE INDEX audit_intake_idempotency_key_idx ON audit_intake (idempotency_key) WHERE idempotency_key IS NOT NULL;

      CREATE FUNCTION audit_intake_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_intake is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END;
      $$;
      CREATE TRIGGER audit_intake_append_only
        BEFORE UPDATE OR TRUNCATE ON audit_intake
        FOR EACH STATEMENT EXECUTE FUNCTION audit_intake_refuse_change();

      -- Checked once per statement over every row it removed, so sealing a batch costs one anti-join.
      CREATE FUNCTION audit_intake_leave_only_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (
          SELECT 1 FROM removed r
           WHERE NOT EXISTS (
             SELECT 1 FROM audit_event e
              WHERE e.id = r.id AND e.occurred_at = r.occurred_at AND e.actor = r.actor AND e.action = r.action
                AND e.subject_type = r.subject_type AND e.subject_id = r.subject_id AND e.payload = r.payload
                AND e.idempotency_key IS NOT DISTINCT FROM r.idempotency_key)
        ) THEN
          RAISE EXCEPTION 'audit_intake is append-only: DELETE refused (an event leaves the intake only by being sealed into audit_event)'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NULL;
      END;
      $$;
      CREATE TRIGGER audit_intake_leave_only_sealed
        AFTER DELETE ON audit_intake REFERENCING OLD TABLE AS removed
        FOR EACH STATEMENT EXECUTE FUNCTION audit_intake_leave_only_sealed();

      REVOKE UPDATE, TRUNCATE ON audit_intake FROM ${APP_ROLE};
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE audit_intake;
      DROP FUNCTION audit_intake_refuse_change();
      DROP FUNCTION audit_intake_leave_only_sealed();
    `);
  }
}
