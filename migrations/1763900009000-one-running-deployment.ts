import type { MigrationInterface, QueryRunner } from 'typeorm';

/** At most one deployment changes a model's traffic in an environment at a time. */
export class OneRunningDeployment1763900009000 implements MigrationInterface {
  name = 'OneRunningDeployment1763900009000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE UNIQUE INDEX deployment_one_running_idx ON deployment (model_name, environment) WHERE status = 'RUNNING'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX deployment_one_running_idx');
  }
}
