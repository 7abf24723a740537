import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Serving: the traffic route per model and environment (read by every serving process,
 * which is told of changes by NOTIFY), deployments with their weight history, and the
 * prediction log, partitioned by day so drift scans and retention work on bounded
 * partitions at millions of rows.
 */
export class ServingAndDeployments1763900007000 implements MigrationInterface {
  name = 'ServingAndDeployments1763900007000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE traffic_route (
        model_name text NOT NULL,
        environment text NOT NULL CHECK (environment IN ('STAGING', 'PRODUCTION')),
        stable_version_id uuid REFERENCES model_version(id),
        canary_version_id uuid REFERENCES model_version(id),
        canary_weight integer NOT NULL DEFAULT 0 CHECK (canary_weight BETWEEN 0 AND 100),
        shadow_version_id uuid REFERENCES model_version(id),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model_name, environment),
        CHECK (canary_version_id IS NOT NULL OR canary_weight = 0)
      );

      CREATE FUNCTION traffic_route_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('traffic_route_changed', NEW.model_name || '|' || NEW.environment);
        RETURN NEW;
      END;
      $$;
      CREATE TRIGGER traffic_route_changed AFTER INSERT OR UPDATE ON traffic_route
        FOR EACH ROW EXECUTE FUNCTION traffic_route_notify();

      ALTER TABLE deployment
        ADD COLUMN model_name text NOT NULL,
        ADD COLUMN kind text NOT NULL CHECK (kind IN ('CANARY', 'PROMOTE', 'ROLLBACK')),
        ADD COLUMN workflow_id text NOT NULL UNIQUE,
        ADD COLUMN pipeline_run_id uuid REFERENCES pipeline_run(id),
        ADD COLUMN previous_version_id uuid REFERENCES model_version(id),
        ADD COLUMN observations jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN weights jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN reason text,
        ADD CONSTRAINT deployment_status_check CHECK (status IN ('RUNNING', 'PROMOTED', 'ROLLED_BACK', 'FAILED'));
      CREATE INDEX deployment_model_idx ON deployment (model_name, created_at DESC);

      CREATE TABLE prediction_log (
        request_id text NOT NULL,
        row_index integer NOT NULL,
        model_name text NOT NULL,
        environment text NOT NULL,
        model_version_id uuid NOT NULL,
        role text NOT NULL CHECK (role IN ('stable', 'canary', 'shadow', 'pinned')),
        features jsonb NOT NULL,
        output jsonb,
        error text,
        latency_ms double precision NOT NULL,
        logged_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (request_id, row_index, role, logged_at)
      ) PARTITION BY RANGE (logged_at);
      CREATE INDEX prediction_log_model_time_idx ON prediction_log (model_name, environment, logged_at);
      CREATE TABLE prediction_log_default PARTITION OF prediction_log DEFAULT;

      CREATE TABLE ground_truth (
        request_id text NOT NULL,
        row_index integer NOT NULL DEFAULT 0,
        label jsonb NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (request_id, row_index)
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE ground_truth;
      DROP TABLE prediction_log;
      DROP INDEX deployment_model_idx;
      ALTER TABLE deployment
        DROP CONSTRAINT deployment_status_check,
        DROP COLUMN model_name, DROP COLUMN kind, DROP COLUMN workflow_id, DROP COLUMN pipeline_run_id,
        DROP COLUMN previous_version_id, DROP COLUMN observations, DROP COLUMN weights, DROP COLUMN reason;
      DROP TABLE traffic_route;
      DROP FUNCTION traffic_route_notify();
    `);
  }
}
