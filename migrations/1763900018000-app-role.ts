import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../db/app-role';

/**
 * The role the API, workers and serving run as, apart from the owner that runs these
 * migrations: it may read and write the application's tables but only SELECT and INSERT
 * on `audit_event`, and owns nothing, so it can neither rewrite the audit log nor disable
 * its append-only trigger. NOLOGIN: the owner's sessions switch to it (SET ROLE), or an
 * operator grants it to a login of its own (PROVENANT_APP_DATABASE_URL).
 * Roles belong to the whole Postgres cluster, so another database's migration may have
 * created it already, or be creating it right now.
 */
export class AppRole1763900018000 implements MigrationInterface {
  name = 'AppRole1763900018000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          BEGIN
            CREATE ROLE ${APP_ROLE} NOLOGIN;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
          END;
        END IF;
        -- An owner that is not a superuser must be a member to switch to the role.
        IF NOT pg_has_role(current_user, '${APP_ROLE}', 'MEMBER') THEN
          EXECUTE format('GRANT ${APP_ROLE} TO %I', current_user);
        END IF;
      END $$;
      GRANT USAGE ON SCHEMA public TO ${APP_ROLE};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE};
      GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE};
      REVOKE UPDATE, DELETE ON audit_event FROM ${APP_ROLE};
      REVOKE INSERT, UPDATE, DELETE ON migrations FROM ${APP_ROLE};
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE};
      ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${APP_ROLE};
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    // Other databases of the cluster may still use the role: only this database's grants go.
    await db.query(`DROP OWNED BY ${APP_ROLE}`);
  }
}
