import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry, lineage graph and audit log. The audit log is append-only: a trigger
 * refuses UPDATE, DELETE and TRUNCATE, so even a compromised API cannot rewrite it
 * without a superuser disabling the trigger (which the hash chain then exposes).
 */
export class InitialSchema1763900000000 implements MigrationInterface {
  name = 'InitialSchema1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE dataset (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        description text NOT NULL DEFAULT '',
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE dataset_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dataset_id uuid NOT NULL REFERENCES dataset(id),
        version integer NOT NULL CHECK (version > 0),
        content_sha256 char(64) NOT NULL,
        format text NOT NULL CHECK (format IN ('csv', 'jsonl')),
        source_uri text NOT NULL,
        storage_uri text NOT NULL,
        byte_size bigint NOT NULL,
        row_count integer NOT NULL,
        schema jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (dataset_id, version),
        UNIQUE (dataset_id, content_sha256)
      );

      CREATE TABLE model (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        task text NOT NULL CHECK (task IN ('CLASSIFICATION', 'REGRESSION')),
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE pipeline_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workflow_id text NOT NULL UNIQUE,
        model_name text NOT NULL,
        dataset_version_id uuid NOT NULL REFERENCES dataset_version(id),
        status text NOT NULL,
        current_stage text NOT NULL,
        stages jsonb NOT NULL,
        input jsonb NOT NULL,
        error text,
        requested_by text NOT NULL,
        model_version_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );
      CREATE INDEX pipeline_run_created_idx ON pipeline_run (created_at DESC, id DESC);

      CREATE TABLE model_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_id uuid NOT NULL REFERENCES model(id),
        version integer NOT NULL CHECK (version > 0),
        artifact_sha256 char(64) NOT NULL,
        artifact_uri text NOT NULL,
        metrics jsonb NOT NULL,
        aliases text[] NOT NULL DEFAULT '{}',
        target text NOT NULL,
        features jsonb NOT NULL,
        class_labels jsonb NOT NULL,
        hyperparameters jsonb NOT NULL,
        dataset_version_id uuid NOT NULL REFERENCES dataset_version(id),
        pipeline_run_id uuid UNIQUE REFERENCES pipeline_run(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (model_id, version)
      );
      ALTER TABLE pipeline_run
        ADD CONSTRAINT pipeline_run_model_version_fk FOREIGN KEY (model_version_id) REFERENCES model_version(id);

      CREATE TABLE approval_gate (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pipeline_run_id uuid NOT NULL REFERENCES pipeline_run(id),
        model_version_id uuid NOT NULL REFERENCES model_version(id),
        environment text NOT NULL,
        status text NOT NULL,
        required_approvals integer NOT NULL CHECK (required_approvals > 0),
        eligible_approvers jsonb NOT NULL,
        evidence jsonb NOT NULL,
        deadline timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        UNIQUE (pipeline_run_id, environment)
      );

      CREATE TABLE approval_decision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        gate_id uuid NOT NULL REFERENCES approval_gate(id),
        actor text NOT NULL,
        decision text NOT NULL CHECK (decision IN ('APPROVE', 'REJECT')),
        comment text,
        channel text NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (gate_id, actor)
      );

      CREATE TABLE deployment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_version_id uuid NOT NULL REFERENCES model_version(id),
        environment text NOT NULL,
        status text NOT NULL,
        traffic_weight integer NOT NULL CHECK (traffic_weight BETWEEN 0 AND 100),
        triggered_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );

      CREATE TABLE drift_report (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        model_id uuid NOT NULL REFERENCES model(id),
        deployment_id uuid REFERENCES deployment(id),
        dataset_drift boolean NOT NULL,
        drift_share double precision NOT NULL,
        columns jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE lineage_node (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        label text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE lineage_edge (
        from_id uuid NOT NULL REFERENCES lineage_node(id),
        to_id uuid NOT NULL REFERENCES lineage_node(id),
        relation text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (from_id, to_id, relation)
      );
      CREATE INDEX lineage_edge_to_idx ON lineage_edge (to_id);

      CREATE TABLE audit_event (
        sequence bigint PRIMARY KEY CHECK (sequence > 0),
        id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
        occurred_at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        payload jsonb NOT NULL,
        idempotency_key text UNIQUE,
        previous_hash char(64) NOT NULL,
        hash char(64) NOT NULL
      );
      CREATE INDEX audit_event_subject_idx ON audit_event (subject_id, sequence);
      CREATE INDEX audit_event_actor_idx ON audit_event (actor, sequence);
      CREATE INDEX audit_event_action_idx ON audit_event (action, sequence);

      CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END;
      $$;
      CREATE TRIGGER audit_event_append_only
        BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
      CREATE TRIGGER audit_event_no_truncate
        BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE audit_event;
      DROP FUNCTION audit_event_refuse_change();
      DROP TABLE lineage_edge;
      DROP TABLE lineage_node;
      DROP TABLE drift_report;
      DROP TABLE deployment;
      DROP TABLE approval_decision;
      DROP TABLE approval_gate;
      ALTER TABLE pipeline_run DROP CONSTRAINT pipeline_run_model_version_fk;
      DROP TABLE model_version;
      DROP TABLE pipeline_run;
      DROP TABLE model;
      DROP TABLE dataset_version;
      DROP TABLE dataset;
    `);
  }
}
