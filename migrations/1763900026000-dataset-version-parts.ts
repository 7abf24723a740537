import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A dataset version may be a set of Parquet files (a directory or a glob): `parts` lists
 * them in order ([{uri, sha256, byteSize, rows}]); null for the single-file versions, which
 * keep storage_uri alone.
 */
export class DatasetVersionParts1763900026000 implements MigrationInterface {
  name = 'DatasetVersionParts1763900026000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE dataset_version ADD COLUMN parts jsonb CHECK (parts IS NULL OR jsonb_typeof(parts) = 'array')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE dataset_version DROP COLUMN parts`);
  }
}
