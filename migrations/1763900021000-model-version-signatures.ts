import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each model version keeps its signature: which ONNX input takes which features and which
 * outputs hold the label and probabilities or the prediction. Versions registered before
 * keep null, which stands for the model contract they were all built on.
 */
export class ModelVersionSignatures1763900021000 implements MigrationInterface {
  name = 'ModelVersionSignatures1763900021000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE model_version ADD COLUMN signature jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE model_version DROP COLUMN signature`);
  }
}
