import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Aliases and tags of model versions. `model_alias` is the one source of truth for
 * where an alias points; `model_version.aliases` becomes a read-only view of it that a
 * trigger keeps in step (it has only ever been written empty, so nothing carries over).
 * `model_alias_event` keeps every move forever: like the audit log, the database
 * itself refuses to change or delete it.
 */
export class ModelAliasesAndTags1763900004000 implements MigrationInterface {
  name = 'ModelAliasesAndTags1763900004000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- Lets aliases reference (version, model) together, so an alias can never point at another model's version.
      ALTER TABLE model_version ADD CONSTRAINT model_version_id_model_key UNIQUE (id, model_id);

      CREATE TABLE model_alias (
        model_id uuid NOT NULL REFERENCES model(id),
        alias text NOT NULL CHECK (alias ~ '^[a-z][a-z0-9_-]{0,49}$'),
        model_version_id uuid NOT NULL,
        set_by text NOT NULL,
        set_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model_id, alias),
        FOREIGN KEY (model_version_id, model_id) REFERENCES model_version(id, model_id)
      );
      CREATE INDEX model_alias_version_idx ON model_alias (model_version_id);

      CREATE TABLE model_alias_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        model_id uuid NOT NULL REFERENCES model(id),
        alias text NOT NULL,
        from_version_id uuid,
        to_version_id uuid,
        actor text NOT NULL,
        reason text NOT NULL CHECK (btrim(reason) <> '' AND length(reason) <= 500),
        -- The clock, not the transaction start: moves wait on the model lock, and history is read in the order they happened.
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (from_version_id, model_id) REFERENCES model_version(id, model_id),
        FOREIGN KEY (to_version_id, model_id) REFERENCES model_version(id, model_id),
        CHECK (from_version_id IS DISTINCT FROM to_version_id)
      );
      CREATE INDEX model_alias_event_model_idx ON model_alias_event (model_id, id DESC);

      CREATE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END;
      $$;
      CREATE TRIGGER model_alias_event_append_only
        BEFORE UPDATE OR DELETE ON model_alias_event
        FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
      CREATE TRIGGER model_alias_event_no_truncate
        BEFORE TRUNCATE ON model_alias_event
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();

      CREATE FUNCTION model_alias_refresh_version_aliases() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE model_version v
          SET aliases = ARRAY(SELECT a.alias FROM model_alias a WHERE a.model_version_id = v.id ORDER BY a.alias)
          WHERE v.id IN (OLD.model_version_id, NEW.model_version_id);
        RETURN NULL;
      END;
      $$;
      CREATE TRIGGER model_alias_refresh_version_aliases
        AFTER INSERT OR UPDATE OR DELETE ON model_alias
        FOR EACH ROW EXECUTE FUNCTION model_alias_refresh_version_aliases();

      CREATE TABLE model_version_tag (
        model_version_id uuid NOT NULL REFERENCES model_version(id),
        key text NOT NULL CHECK (key ~ '^[A-Za-z0-9_.-]{1,64}$'),
        value text NOT NULL CHECK (length(value) <= 1000),
        set_by text NOT NULL,
        set_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (model_version_id, key)
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE model_version_tag;
      DROP TABLE model_alias;
      DROP FUNCTION model_alias_refresh_version_aliases();
      DROP TABLE model_alias_event;
      DROP FUNCTION refuse_append_only_change();
      UPDATE model_version SET aliases = '{}';
      ALTER TABLE model_version DROP CONSTRAINT model_version_id_model_key;
    `);
  }
}
