import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Dataset versions may be Parquet files. */
export class ParquetFormat1763900003000 implements MigrationInterface {
  name = 'ParquetFormat1763900003000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE dataset_version DROP CONSTRAINT dataset_version_format_check;
      ALTER TABLE dataset_version ADD CONSTRAINT dataset_version_format_check CHECK (format IN ('csv', 'jsonl', 'parquet'));
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE dataset_version DROP CONSTRAINT dataset_version_format_check;
      ALTER TABLE dataset_version ADD CONSTRAINT dataset_version_format_check CHECK (format IN ('csv', 'jsonl'));
    `);
  }
}
