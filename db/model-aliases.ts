import type { EntityManager } from 'typeorm';
import { notFound } from '../domain/errors';
import { appendAuditEvent } from './audit-log';
import { ModelAliasEntity, ModelAliasEventEntity, ModelEntity, ModelVersionEntity } from './entities';

export interface AliasMove {
  modelId: string;
  /** `^[a-z][a-z0-9_-]{0,49}$`; the table refuses anything else. */
  alias: string;
  /** The version the alias should point at; null removes the alias. */
  versionId: string | null;
  actor: string;
  /** Why, for the people reading the history: 1-500 characters, not only spaces. */
  reason: string;
}

/**
 * Points an alias of a model at a version, or removes it, and records the move in the
 * alias history and the audit log. Must run inside a transaction: the lock on the model
 * row, held until commit, serialises every move of the model's aliases (and its version
 * registrations), so history is written in the order the moves took effect.
 *
 * Returns the history entry, or null when the alias already points where asked (for a
 * removal: when there was no such alias), in which case nothing is written.
 */
export async function moveAlias(manager: EntityManager, move: AliasMove): Promise<ModelAliasEventEntity | null> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('moveAlias must be called inside a transaction');
  }
  const model = await manager.getRepository(ModelEntity).findOne({ where: { id: move.modelId }, lock: { mode: 'for_no_key_update' } });
  if (!model) throw notFound('modelId', `model ${move.modelId}`);
  const aliases = manager.getRepository(ModelAliasEntity);
  const current = await aliases.findOneBy({ modelId: model.id, alias: move.alias });
  const fromVersionId = current?.modelVersionId ?? null;
  if (fromVersionId === move.versionId) return null;

  const versionNumbers = await versionNumbersOf(manager, model.id, [fromVersionId, move.versionId]);
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

async function versionNumbersOf(manager: EntityManager, modelId: string, ids: (string | null)[]): Promise<Map<string, number>> {
  const versions = await manager
    .getRepository(ModelVersionEntity)
    .createQueryBuilder('v')
    .select(['v.id', 'v.version'])
    .where('v.model_id = :modelId AND v.id = ANY(:ids)', { modelId, ids: ids.filter((id) => id !== null) })
    .getMany();
  return new Map(versions.map((version) => [version.id, version.version]));
}
