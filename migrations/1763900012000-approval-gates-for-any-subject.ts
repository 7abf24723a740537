import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Approval gates for any subject, not only model releases: a gate names what it is about
 * (subject kind, id, title, link), the policy it follows and its evidence links; the
 * release columns (run, version, environment, model evidence) stay for model releases
 * only. A gate is found by the workflow that holds it. Decisions keep the API's
 * attestation so anyone can check later who signed them.
 */
export class ApprovalGatesForAnySubject1763900012000 implements MigrationInterface {
  name = 'ApprovalGatesForAnySubject1763900012000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE approval_gate
        ALTER COLUMN pipeline_run_id DROP NOT NULL,
        ALTER COLUMN model_version_id DROP NOT NULL,
        ALTER COLUMN environment DROP NOT NULL,
        ALTER COLUMN evidence DROP NOT NULL,
        ADD COLUMN subject_kind text,
        ADD COLUMN subject_id text,
        ADD COLUMN subject_title text,
        ADD COLUMN subject_url text,
        ADD COLUMN policy text,
        ADD COLUMN evidence_links jsonb NOT NULL DEFAULT '[]';
      UPDATE approval_gate
        SET subject_kind = 'model_version',
            subject_id = model_version_id::text,
            subject_title = concat(evidence->>'modelName', ' v', evidence->>'version', ' → ', environment);
      ALTER TABLE approval_gate
        ALTER COLUMN subject_kind SET NOT NULL,
        ALTER COLUMN subject_id SET NOT NULL,
        ALTER COLUMN subject_title SET NOT NULL,
        ADD CONSTRAINT approval_gate_release_check CHECK (
          subject_kind <> 'model_version' OR (pipeline_run_id IS NOT NULL AND model_version_id IS NOT NULL AND environment IS NOT NULL)
        );
      CREATE UNIQUE INDEX approval_gate_workflow_id_idx ON approval_gate (workflow_id);
      CREATE INDEX approval_gate_subject_idx ON approval_gate (subject_kind, subject_id);

      ALTER TABLE approval_decision ADD COLUMN attestation jsonb;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE approval_decision DROP COLUMN attestation;
      DROP INDEX approval_gate_subject_idx;
      DROP INDEX approval_gate_workflow_id_idx;
      DELETE FROM approval_decision WHERE gate_id IN (SELECT id FROM approval_gate WHERE subject_kind <> 'model_version');
      DELETE FROM approval_gate WHERE subject_kind <> 'model_version';
      ALTER TABLE approval_gate
        DROP CONSTRAINT approval_gate_release_check,
        DROP COLUMN subject_kind, DROP COLUMN subject_id, DROP COLUMN subject_title, DROP COLUMN subject_url,
        DROP COLUMN policy, DROP COLUMN evidence_links,
        ALTER COLUMN pipeline_run_id SET NOT NULL,
        ALTER COLUMN model_version_id SET NOT NULL,
        ALTER COLUMN environment SET NOT NULL,
        ALTER COLUMN evidence SET NOT NULL;
    `);
  }
}
