import { In, type EntityManager } from 'typeorm';
import type { DeployEnvironment } from '../domain/approval';
import type { Db } from './db';
import { DeploymentEntity } from './entities';

/** A stored deployment: one version's way into an environment's traffic, step by step. */
export type DeploymentRow = DeploymentEntity;

export type NewDeployment = Omit<DeploymentRow, 'id' | 'createdAt' | 'finishedAt'>;

export type DeploymentChange = Partial<Pick<DeploymentRow, 'status' | 'trafficWeight' | 'weights' | 'observations' | 'reason' | 'finishedAt'>>;

export function createDeployment(tx: EntityManager, deployment: NewDeployment): Promise<DeploymentRow> {
  const deployments = tx.getRepository(DeploymentEntity);
  return deployments.save(deployments.create(deployment));
}

export function findDeployment(db: Db, id: string): Promise<DeploymentRow | null> {
  return db.getRepository(DeploymentEntity).findOneBy({ id });
}

/** The deployment a workflow runs; one per workflow id. */
export function findDeploymentOfWorkflow(db: Db, workflowId: string): Promise<DeploymentRow | null> {
  return db.getRepository(DeploymentEntity).findOneBy({ workflowId });
}

/** The deployment changing the model's route in the environment, if one is: at most one runs at a time. */
export function findRunningDeployment(db: Db, modelName: string, environment: DeployEnvironment): Promise<DeploymentRow | null> {
  return db.getRepository(DeploymentEntity).findOneBy({ modelName, environment, status: 'RUNNING' });
}

/**
 * The newest deployment that put the version into the environment's traffic: a canary or
 * an operator's promotion that ended PROMOTED, or an operator's rollback to it (a canary
 * ROLLED_BACK restored the previous version, not this one). Running deployments have not
 * made it stable yet.
 */
export function findDeploymentInTraffic(db: Db, modelVersionId: string, environment: DeployEnvironment): Promise<DeploymentRow | null> {
  return db.getRepository(DeploymentEntity).findOne({
    where: [
      { modelVersionId, environment, status: 'PROMOTED', kind: In(['CANARY', 'PROMOTE']) },
      { modelVersionId, environment, status: 'ROLLED_BACK', kind: 'ROLLBACK' },
    ],
    order: { createdAt: 'DESC', id: 'DESC' },
  });
}

/** The deployments that carried out these break-glass operations. */
export function deploymentsOfBreakGlass(db: Db, breakGlassIds: string[]): Promise<DeploymentRow[]> {
  if (breakGlassIds.length === 0) return Promise.resolve([]);
  return db.getRepository(DeploymentEntity).find({ where: { breakGlassId: In(breakGlassIds) }, order: { createdAt: 'ASC' } });
}

/** The deployment, locked until the transaction ends: its steps and its end do not interleave. */
export function lockDeployment(tx: EntityManager, id: string): Promise<DeploymentRow> {
  return tx.getRepository(DeploymentEntity).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
}

export async function updateDeployment(db: Db, id: string, change: DeploymentChange): Promise<void> {
  await db.getRepository(DeploymentEntity).update(id, change);
}

/** A model's deployments, or a version's, in the order they were created (ASC) or newest first (DESC). */
export function listDeployments(db: Db, of: { modelName: string } | { modelVersionId: string }, order: 'ASC' | 'DESC'): Promise<DeploymentRow[]> {
  return db.getRepository(DeploymentEntity).find({ where: of, order: { createdAt: order } });
}
