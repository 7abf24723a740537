import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../db/app-role';

/**
 * The audit log's intake: writers insert their event here, in their own transaction and
 * without the chain's lock, and a sealer chains committed intake rows into `audit_event` in
 * batches (db/audit-sealer.ts), so appends no longer wait for each other's commits.
 * `position` only orders the sealing; its gaps (rolled-back inserts) mean nothing.
 * `content_hash` is what the writer computed over the event as it wrote it, checked again
 * when the event is sealed. Like `audit_event`, the intake refuses UPDATE and TRUNCATE, and
 * it refuses DELETE of any row not already in `audit_event` with the same content: an
 * event leaves the intake only by being sealed. `audit_event` keeps its schema and triggers.
 */
export class AuditIntake1763900032000 implements MigrationInterface {
  name = 'AuditIntake1763900032000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_intake (
        position bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        occurred_at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        payload jsonb NOT NULL,
        idempotency_key text UNIQUE,
        content_hash char(64) NOT NULL
      );

      CREATE FUNCTION audit_intake_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND EXISTS (
          SELECT 1 FROM audit_event e
           WHERE e.id = OLD.id AND e.occurred_at = OLD.occurred_at AND e.actor = OLD.actor AND e.action = OLD.action
             AND e.subject_type = OLD.subject_type AND e.subject_id = OLD.subject_id AND e.payload = OLD.payload
             AND e.idempotency_key IS NOT DISTINCT FROM OLD.idempotency_key
        ) THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_intake is append-only: % refused (an event leaves the intake only by being sealed into audit_event)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END;
      $$;
      CREATE TRIGGER audit_intake_append_only
        BEFORE UPDATE OR DELETE ON audit_intake
        FOR EACH ROW EXECUTE FUNCTION audit_intake_refuse_change();
      CREATE TRIGGER audit_intake_no_truncate
        BEFORE TRUNCATE ON audit_intake
        FOR EACH STATEMENT EXECUTE FUNCTION audit_intake_refuse_change();

      REVOKE UPDATE, TRUNCATE ON audit_intake FROM ${APP_ROLE};
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE audit_intake;
      DROP FUNCTION audit_intake_refuse_change();
    `);
  }
}
