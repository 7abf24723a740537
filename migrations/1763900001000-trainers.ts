import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * External trainers an admin registers by name, so engineers pick a name and never
 * pass a command. Re-registering a name replaces its command and bumps `version`;
 * the audit log keeps every earlier definition.
 */
export class Trainers1763900001000 implements MigrationInterface {
  name = 'Trainers1763900001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE trainer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        command text[] NOT NULL CHECK (cardinality(command) > 0),
        timeout_seconds integer NOT NULL CHECK (timeout_seconds > 0),
        version integer NOT NULL DEFAULT 1 CHECK (version > 0),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE trainer;');
  }
}
