import type { EntityManager } from 'typeorm';
import { auditLogSealed } from './audit-log';
import type { Db } from './db';
import { RetrainingPolicyEntity } from './entities';

/** A stored retraining policy: when drift retrains a model, and how the new version asks to deploy. */
export type RetrainingPolicyRow = RetrainingPolicyEntity;

export function findRetrainingPolicy(db: Db, modelName: string): Promise<RetrainingPolicyRow | null> {
  return db.getRepository(RetrainingPolicyEntity).findOneBy({ modelName });
}

/** The model's policy, locked until the transaction ends, or null when it has none. */
export function lockRetrainingPolicy(tx: EntityManager, modelName: string): Promise<RetrainingPolicyRow | null> {
  return tx.getRepository(RetrainingPolicyEntity).findOne({ where: { modelName }, lock: { mode: 'pessimistic_write' } });
}

/** Creates or replaces the model's policy. */
export function saveRetrainingPolicy(tx: EntityManager, policy: Omit<RetrainingPolicyRow, 'updatedAt'>): Promise<RetrainingPolicyRow> {
  const policies = tx.getRepository(RetrainingPolicyEntity);
  return policies.save(policies.create(policy));
}

/**
 * Whoever had last changed the model's retraining policy when it started the run (as the
 * `retraining.started` audit event recorded the policy), or null for runs drift did not start.
 */
export async function retrainingPolicyAuthorOfRun(db: Db, pipelineRunId: string): Promise<string | null> {
  await auditLogSealed(db);
  const rows: { author: string | null }[] = await db.query(
    `SELECT e.payload->'policy'->>'updatedBy' AS author
       FROM drift_report r JOIN audit_event e ON e.subject_id = r.id::text AND e.action = 'retraining.started'
      WHERE r.retraining_run_id = $1
      ORDER BY e.sequence DESC LIMIT 1`,
    [pipelineRunId],
  );
  return rows[0]?.author ?? null;
}
