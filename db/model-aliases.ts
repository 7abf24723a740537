import type { EntityManager } from 'typeorm';
import { notFound } from '../domain/errors';
import { appendAuditEvent } from './audit-log';
import type { Db } from './db';
import { ModelAliasEntity, ModelAliasEventEntity, ModelEntity, ModelVersionEntity } from './entities';
import { modelVersionNumbers } from './registry';

export type { ModelAliasEventEntity } from './entities';

export interface AliasChange {
  modelId: string;
  /** `^[a-z][a-z0-9_-]{0,49}$`; the table refuses anything else. */
  alias: string;
  actor: string;
  /** Why, for the people reading the history: 1-500 characters, not only spaces. */
  reason: string;
}

/**
 * Points an alias of a model at a version and records the move in the alias history and
 * the audit log. Must run inside a transaction: the lock on the model row, held until
 * commit, serialises every move of the model's aliases (and its version registrations),
 * so history is written in the order the moves took effect.
 *
 * Returns the history entry, or null when the alias already points there, in which case
 * nothing is written.
 */
export function setAlias(manager: EntityManager, change: AliasChange & { versionId: string }): Promise<ModelAliasEventEntity | null> {
  return moveAlias(manager, change);
}

/** Removes an alias as setAlias moves one; null when the model has no such alias. */
export function deleteAlias(manager: EntityManager, change: AliasChange): Promise<ModelAliasEventEntity | null> {
  return moveAlias(manager, { ...change, versionId: null });
}

/** `versionId` null removes the alias. */
async function moveAlias(manager: EntityManager, move: AliasChange & { versionId: string | null }): Promise<ModelAliasEventEntity | null> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('setAlias and deleteAlias must be called inside a transaction');
  }
  const model = await manager.getRepository(ModelEntity).findOne({ where: { id: move.modelId }, lock: { mode: 'for_no_key_update' } });
  if (!model) throw notFound('modelId', `model ${move.modelId}`);
  const aliases = manager.getRepository(ModelAliasEntity);
  const current = await aliases.findOneBy({ modelId: model.id, alias: move.alias });
  const fromVersionId = current?.modelVersionId ?? null;
  if (fromVersionId === move.versionId) return null;

  const versionNumbers = await modelVersionNumbers(manager, [fromVersionId, move.versionId].filter((id) => id !== null), model.id);
  if (move.versionId && !versionNumbers.has(move.versionId)) {
    throw notFound('versionId', `version ${move.versionId} of model ${model.name}`);
  }
  const history = manager.getRepository(ModelAliasEventEntity);
  const event = await history.save(
    history.create({ modelId: model.id, alias: move.alias, fromVersionId, toVersionId: move.versionId, actor: move.actor, reason: move.reason }),
  );
  if (move.versionId) {
    await aliases.upsert({ modelId: model.id, alias: move.alias, modelVersionId: move.versionId, setBy: move.actor, setAt: event.at }, ['modelId', 'alias']);
  } else {
    await aliases.delete({ modelId: model.id, alias: move.alias });
  }
  await appendAuditEvent(manager, {
    actor: move.actor,
    action: move.versionId ? 'model.alias_set' : 'model.alias_removed',
    subjectType: 'model',
    subjectId: model.id,
    payload: {
      modelName: model.name,
      alias: move.alias,
      fromVersionId,
      fromVersion: fromVersionId ? versionNumbers.get(fromVersionId) : null,
      toVersionId: move.versionId,
      toVersion: move.versionId ? versionNumbers.get(move.versionId) : null,
      reason: move.reason,
    },
  });
  return event;
}

/** The version the alias points at now, if the model has that alias. */
export function findAliasedVersion(db: Db, modelName: string, alias: string): Promise<ModelVersionEntity | null> {
  return db
    .getRepository(ModelVersionEntity)
    .createQueryBuilder('v')
    .innerJoin(ModelAliasEntity, 'a', 'a.model_version_id = v.id')
    .innerJoin(ModelEntity, 'm', 'm.id = a.model_id')
    .where('m.name = :modelName AND a.alias = :alias', { modelName, alias })
    .getOne();
}

export interface AliasPointer {
  alias: string;
  version: number;
  setBy: string;
  setAt: Date;
}

/** Where each alias of the model points now, by alias. */
export function listAliases(db: Db, modelId: string): Promise<AliasPointer[]> {
  return db
    .getRepository(ModelAliasEntity)
    .createQueryBuilder('a')
    .innerJoin(ModelVersionEntity, 'v', 'v.id = a.model_version_id')
    .select(['a.alias AS alias', 'v.version AS version', 'a.set_by AS "setBy"', 'a.set_at AS "setAt"'])
    .where('a.model_id = :modelId', { modelId })
    .orderBy('a.alias')
    .getRawMany<AliasPointer>();
}

/** One move of an alias, with the numbers of the versions it moved between. */
export interface AliasMove {
  id: string;
  alias: string;
  fromVersionId: string | null;
  fromVersion: number | null;
  toVersionId: string | null;
  toVersion: number | null;
  actor: string;
  reason: string;
  at: Date;
}

/**
 * Every move of the model's aliases, oldest first; with `versionId`, only the moves onto
 * or off that version (what its provenance tells).
 */
export function aliasHistory(db: Db, modelId: string, versionId?: string): Promise<AliasMove[]> {
  const query = db
    .getRepository(ModelAliasEventEntity)
    .createQueryBuilder('e')
    .leftJoin(ModelVersionEntity, 'f', 'f.id = e.from_version_id')
    .leftJoin(ModelVersionEntity, 't', 't.id = e.to_version_id')
    .select([
      'e.id AS id',
      'e.alias AS alias',
      'e.from_version_id AS "fromVersionId"',
      'f.version AS "fromVersion"',
      'e.to_version_id AS "toVersionId"',
      't.version AS "toVersion"',
      'e.actor AS actor',
      'e.reason AS reason',
      'e.at AS at',
    ])
    .where('e.model_id = :modelId', { modelId })
    .orderBy('e.id', 'ASC');
  if (versionId) query.andWhere(':versionId IN (e.from_version_id, e.to_version_id)', { versionId });
  return query.getRawMany<AliasMove>();
}
