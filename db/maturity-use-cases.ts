import type { EntityManager } from 'typeorm';
import type { MaturityUseCase, UseCaseDefinition } from '../domain/maturity/taxonomy';
import type { Db } from './db';

const COLUMNS = `name, model_name AS "modelName", regulatory_compliance AS "regulatoryCompliance", operational_excellence AS "operationalExcellence",
  rationale, updated_by AS "updatedBy", updated_at AS "updatedAt"`;

/** Every use case placed in the taxonomy, by name: few, and the scorecard shows them all. */
export function listMaturityUseCases(db: Db): Promise<MaturityUseCase[]> {
  return db.query(`SELECT ${COLUMNS} FROM maturity_use_case ORDER BY name`);
}

/** The use case as it is, locked until the transaction ends so two changes of it apply one after the other. */
export async function lockMaturityUseCase(tx: EntityManager, name: string): Promise<MaturityUseCase | null> {
  const [row]: MaturityUseCase[] = await tx.query(`SELECT ${COLUMNS} FROM maturity_use_case WHERE name = $1 FOR UPDATE`, [name]);
  return row ?? null;
}

/** Creates the use case or replaces its levels; the caller holds its lock. */
export async function saveMaturityUseCase(tx: EntityManager, definition: UseCaseDefinition, actor: string): Promise<MaturityUseCase> {
  const [row]: MaturityUseCase[] = await tx.query(
    `INSERT INTO maturity_use_case (name, model_name, regulatory_compliance, operational_excellence, rationale, created_by, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $6)
     ON CONFLICT (name) DO UPDATE SET model_name = EXCLUDED.model_name, regulatory_compliance = EXCLUDED.regulatory_compliance,
       operational_excellence = EXCLUDED.operational_excellence, rationale = EXCLUDED.rationale, updated_by = EXCLUDED.updated_by, updated_at = now()
     RETURNING ${COLUMNS}`,
    [definition.name, definition.modelName, definition.regulatoryCompliance, definition.operationalExcellence, definition.rationale, actor],
  );
  return row;
}

export async function deleteMaturityUseCase(tx: EntityManager, name: string): Promise<void> {
  await tx.query(`DELETE FROM maturity_use_case WHERE name = $1`, [name]);
}
