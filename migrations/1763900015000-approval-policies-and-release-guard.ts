import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Governance. Approval policies: an admin's rules (approvals, who may and who may never
 * approve, reminder and expiry) for the release gates of the models a pattern matches in
 * an environment, and for any gate that names them; a gate keeps which policy and version
 * it applied and what that made of it. The release guard: nothing reaches an environment's
 * traffic without an APPROVED gate for the version there, except a break-glass operation
 * one admin requests and a second confirms; its deployment points at it.
 */
export class ApprovalPoliciesAndReleaseGuard1763900015000 implements MigrationInterface {
  name = 'ApprovalPoliciesAndReleaseGuard1763900015000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE approval_policy (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        model_pattern text,
        environment text CHECK (environment IN ('STAGING', 'PRODUCTION')),
        min_approvals integer NOT NULL CHECK (min_approvals BETWEEN 1 AND 10),
        approver_roles jsonb NOT NULL DEFAULT '[]',
        approvers jsonb NOT NULL DEFAULT '[]',
        excluded_approvers jsonb NOT NULL DEFAULT '[]',
        remind_after_ms bigint NOT NULL CHECK (remind_after_ms > 0),
        expires_after_ms bigint NOT NULL CHECK (expires_after_ms > remind_after_ms),
        created_by text NOT NULL,
        updated_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (environment IS NULL OR model_pattern IS NOT NULL)
      );
      -- One policy per scope: which one governs a release is never a coin toss.
      CREATE UNIQUE INDEX approval_policy_scope_idx ON approval_policy (model_pattern, coalesce(environment, '*')) WHERE model_pattern IS NOT NULL;

      ALTER TABLE approval_gate
        ADD COLUMN policy_id uuid,
        ADD COLUMN policy_version integer,
        ADD COLUMN approver_roles jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN policy_approvers jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN excluded_approvers jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN remind_after_ms bigint,
        ADD COLUMN expires_after_ms bigint;
      CREATE INDEX approval_gate_release_idx ON approval_gate (model_version_id, environment) WHERE model_version_id IS NOT NULL;

      CREATE TABLE break_glass (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        operation text NOT NULL CHECK (operation IN ('PROMOTE', 'ROLLBACK', 'SET_SHADOW')),
        model_name text NOT NULL,
        environment text NOT NULL CHECK (environment IN ('STAGING', 'PRODUCTION')),
        model_version_id uuid NOT NULL REFERENCES model_version(id),
        reason text NOT NULL,
        missing text NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED')),
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        confirmed_by text,
        confirmed_at timestamptz,
        CHECK (confirmed_by IS NULL OR confirmed_by <> requested_by),
        CHECK ((status = 'CONFIRMED') = (confirmed_by IS NOT NULL))
      );
      CREATE INDEX break_glass_version_idx ON break_glass (model_version_id, environment);
      CREATE INDEX break_glass_requested_idx ON break_glass (requested_at DESC);

      ALTER TABLE deployment ADD COLUMN break_glass_id uuid REFERENCES break_glass(id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE deployment DROP COLUMN break_glass_id;
      DROP TABLE break_glass;
      DROP INDEX approval_gate_release_idx;
      ALTER TABLE approval_gate
        DROP COLUMN policy_id, DROP COLUMN policy_version, DROP COLUMN approver_roles, DROP COLUMN policy_approvers,
        DROP COLUMN excluded_approvers, DROP COLUMN remind_after_ms, DROP COLUMN expires_after_ms;
      DROP TABLE approval_policy;
    `);
  }
}
