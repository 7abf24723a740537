import type { EntityManager } from 'typeorm';
import type { ColumnKind } from '../domain/drift';
import type { Db } from './db';

/** A kind declared for one of a model's columns: drift scans test the column as this kind whatever the reference's schema says. */
export interface DeclaredColumnKind {
  column: string;
  kind: ColumnKind;
  declaredBy: string;
  declaredAt: Date;
}

const COLUMNS = `column_name AS "column", kind, declared_by AS "declaredBy", declared_at AS "declaredAt"`;

/** The model's declared column kinds, by column name. */
export function declaredColumnKinds(db: Db, modelName: string): Promise<DeclaredColumnKind[]> {
  return db.query(`SELECT ${COLUMNS} FROM model_column_kind WHERE model_name = $1 ORDER BY column_name`, [modelName]);
}

/** Replaces the model's declarations with these (none: every kind is inferred again); returns what was declared before. */
export async function replaceDeclaredColumnKinds(
  tx: EntityManager,
  modelName: string,
  declarations: { column: string; kind: ColumnKind }[],
  declaredBy: string,
): Promise<DeclaredColumnKind[]> {
  // The model's row serialises two replacements of its declarations, even when it has none yet.
  await tx.query(`SELECT 1 FROM model WHERE name = $1 FOR UPDATE`, [modelName]);
  const previous = await declaredColumnKinds(tx, modelName);
  await tx.query(`DELETE FROM model_column_kind WHERE model_name = $1`, [modelName]);
  if (declarations.length > 0) {
    await tx.query(
      `INSERT INTO model_column_kind (model_name, column_name, kind, declared_by)
       SELECT $1, column_name, kind, $4 FROM unnest($2::text[], $3::text[]) AS declared(column_name, kind)`,
      [modelName, declarations.map((declaration) => declaration.column), declarations.map((declaration) => declaration.kind), declaredBy],
    );
  }
  return previous;
}
