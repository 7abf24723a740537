import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lookups the provenance query makes by model version, and the audit export's search for
 * the first and last event of a time range, without scanning whole tables.
 */
export class ProvenanceAndAuditExportIndexes1763900011000 implements MigrationInterface {
  name = 'ProvenanceAndAuditExportIndexes1763900011000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX audit_event_occurred_at_idx ON audit_event (occurred_at);
      CREATE INDEX approval_gate_model_version_idx ON approval_gate (model_version_id);
      CREATE INDEX deployment_model_version_idx ON deployment (model_version_id, created_at);
      CREATE INDEX drift_report_model_version_idx ON drift_report (model_version_id, created_at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX drift_report_model_version_idx;
      DROP INDEX deployment_model_version_idx;
      DROP INDEX approval_gate_model_version_idx;
      DROP INDEX audit_event_occurred_at_idx;
    `);
  }
}
