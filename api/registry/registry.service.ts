import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { appendAuditEvent } from '../../db/audit-log';
import { ModelAliasEntity, ModelAliasEventEntity, ModelEntity, ModelVersionEntity, ModelVersionTagEntity } from '../../db/entities';
import { moveAlias } from '../../db/model-aliases';
import { badInput, notFound, ProvenantError } from '../../domain/errors';
import type { Principal, Role } from '../../domain/roles';
import { DATA_SOURCE } from '../common/injection-tokens';
import { isUuid } from '../../domain/ids';
import type {
  ModelAliasEventType,
  ModelAliasType,
  ModelType,
  ModelVersionTagType,
  ModelVersionType,
  RemoveModelAliasInput,
  RemoveModelVersionTagInput,
  SetModelAliasInput,
  SetModelVersionTagInput,
} from './registry.types';

/** The alias deployments serve; anyone else moves it through approval, not by hand. */
const CHAMPION = 'champion';
const CHAMPION_MOVERS: Role[] = ['ops', 'admin'];
const MAX_REASON_LENGTH = 500;
const MAX_TAG_VALUE_LENGTH = 1000;

@Injectable()
export class RegistryService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async models(): Promise<ModelType[]> {
    const models = await this.dataSource.getRepository(ModelEntity).find({ order: { name: 'ASC' } });
    return Promise.all(models.map((model) => this.withVersions(model)));
  }

  async model(name: string): Promise<ModelType> {
    return this.withVersions(await this.modelNamed(this.dataSource.manager, 'name', name));
  }

  async version(id: string): Promise<ModelVersionType> {
    const version = await this.versionWithId(this.dataSource.manager, 'id', id);
    const model = await this.dataSource.getRepository(ModelEntity).findOneByOrFail({ id: version.modelId });
    return { ...version, modelName: model.name };
  }

  /** Points an alias at a version; pointing it where it already is writes nothing. */
  async setAlias(principal: Principal, input: SetModelAliasInput): Promise<ModelType> {
    const reason = checkAliasMove(principal, input);
    const model = await this.dataSource.transaction(async (manager) => {
      const model = await this.modelNamed(manager, 'input.modelName', input.modelName);
      const version = await manager.getRepository(ModelVersionEntity).findOneBy({ modelId: model.id, version: input.version });
      if (!version) throw notFound('input.version', `version ${input.version} of model ${model.name}`);
      await moveAlias(manager, { modelId: model.id, alias: input.alias, versionId: version.id, actor: principal.name, reason });
      return model;
    });
    return this.withVersions(model);
  }

  async removeAlias(principal: Principal, input: RemoveModelAliasInput): Promise<ModelType> {
    const reason = checkAliasMove(principal, input);
    const model = await this.dataSource.transaction(async (manager) => {
      const model = await this.modelNamed(manager, 'input.modelName', input.modelName);
      const removal = await moveAlias(manager, { modelId: model.id, alias: input.alias, versionId: null, actor: principal.name, reason });
      if (!removal) throw notFound('input.alias', `alias ${input.alias} of model ${model.name}`);
      return model;
    });
    return this.withVersions(model);
  }

  aliases(modelId: string): Promise<ModelAliasType[]> {
    return this.dataSource
      .getRepository(ModelAliasEntity)
      .createQueryBuilder('a')
      .innerJoin(ModelVersionEntity, 'v', 'v.id = a.model_version_id')
      .select(['a.alias AS alias', 'v.version AS version', 'a.set_by AS "setBy"', 'a.set_at AS "setAt"'])
      .where('a.model_id = :modelId', { modelId })
      .orderBy('a.alias')
      .getRawMany<ModelAliasType>();
  }

  /** Every move of the model's aliases, newest first. */
  aliasHistory(modelId: string): Promise<ModelAliasEventType[]> {
    return this.dataSource
      .getRepository(ModelAliasEventEntity)
      .createQueryBuilder('e')
      .leftJoin(ModelVersionEntity, 'f', 'f.id = e.from_version_id')
      .leftJoin(ModelVersionEntity, 't', 't.id = e.to_version_id')
      .select(['e.alias AS alias', 'f.version AS "fromVersion"', 't.version AS "toVersion"', 'e.actor AS actor', 'e.reason AS reason', 'e.at AS at'])
      .where('e.model_id = :modelId', { modelId })
      .orderBy('e.id', 'DESC')
      .getRawMany<ModelAliasEventType>();
  }

  /** Sets a tag, replacing its value; setting the value it already has writes nothing. */
  async setTag(principal: Principal, input: SetModelVersionTagInput): Promise<ModelVersionType> {
    checkTagKey(input.key);
    if (input.value.length > MAX_TAG_VALUE_LENGTH) {
      throw badInput('input.value', `is ${input.value.length} characters; the limit is ${MAX_TAG_VALUE_LENGTH}`);
    }
    await this.dataSource.transaction(async (manager) => {
      const version = await this.versionWithId(manager, 'input.modelVersionId', input.modelVersionId, true);
      const tags = manager.getRepository(ModelVersionTagEntity);
      const previous = await tags.findOneBy({ modelVersionId: version.id, key: input.key });
      if (previous?.value === input.value) return;
      await tags.upsert({ modelVersionId: version.id, key: input.key, value: input.value, setBy: principal.name, setAt: () => 'now()' }, ['modelVersionId', 'key']);
      await auditTagChange(manager, principal, version, 'model_version.tag_set', { key: input.key, value: input.value, previousValue: previous?.value ?? null });
    });
    return this.version(input.modelVersionId);
  }

  async removeTag(principal: Principal, input: RemoveModelVersionTagInput): Promise<ModelVersionType> {
    checkTagKey(input.key);
    await this.dataSource.transaction(async (manager) => {
      const version = await this.versionWithId(manager, 'input.modelVersionId', input.modelVersionId, true);
      const tags = manager.getRepository(ModelVersionTagEntity);
      const previous = await tags.findOneBy({ modelVersionId: version.id, key: input.key });
      if (!previous) throw notFound('input.key', `tag ${input.key} of model version ${version.id}`);
      await tags.delete({ modelVersionId: version.id, key: input.key });
      await auditTagChange(manager, principal, version, 'model_version.tag_removed', { key: input.key, previousValue: previous.value });
    });
    return this.version(input.modelVersionId);
  }

  tags(modelVersionId: string): Promise<ModelVersionTagType[]> {
    return this.dataSource.getRepository(ModelVersionTagEntity).find({ where: { modelVersionId }, order: { key: 'ASC' } });
  }

  private async modelNamed(manager: EntityManager, field: string, name: string): Promise<ModelEntity> {
    const model = await manager.getRepository(ModelEntity).findOneBy({ name });
    if (!model) throw notFound(field, `model ${name}`);
    return model;
  }

  /** With `lock`, serialises changes to the version's tags, so each audit event names the value it replaced. */
  private async versionWithId(manager: EntityManager, field: string, id: string, lock = false): Promise<ModelVersionEntity> {
    if (!isUuid(id)) throw badInput(field, 'is not a model version id (expected a UUID)');
    const version = await manager
      .getRepository(ModelVersionEntity)
      .findOne({ where: { id }, ...(lock ? { lock: { mode: 'for_no_key_update' as const } } : {}) });
    if (!version) throw notFound(field, `model version ${id}`);
    return version;
  }

  private async withVersions(model: ModelEntity): Promise<ModelType> {
    const versions = await this.dataSource
      .getRepository(ModelVersionEntity)
      .find({ where: { modelId: model.id }, order: { version: 'DESC' } });
    return { ...model, versions: versions.map((version) => ({ ...version, modelName: model.name })) };
  }
}

/** Refuses a malformed alias, a champion move by a role that may not make it, and a missing reason; returns the reason trimmed. */
function checkAliasMove(principal: Principal, input: { alias: string; reason: string }): string {
  if (!/^[a-z][a-z0-9_-]{0,49}$/.test(input.alias)) {
    throw badInput('input.alias', 'must be 1-50 characters: a lower-case letter, then lower-case letters, digits, "_" or "-"');
  }
  if (input.alias === CHAMPION && !CHAMPION_MOVERS.includes(principal.role)) {
    throw new ProvenantError(
      'FORBIDDEN',
      `input.alias: role ${principal.role} may not move ${CHAMPION}; only ${CHAMPION_MOVERS.join(' or ')} may, or promote the version through approval`,
      'input.alias',
    );
  }
  const reason = input.reason.trim();
  if (reason.length === 0) throw badInput('input.reason', 'is required: say why the alias moves');
  if (reason.length > MAX_REASON_LENGTH) {
    throw badInput('input.reason', `is ${reason.length} characters; the limit is ${MAX_REASON_LENGTH}`);
  }
  return reason;
}

function checkTagKey(key: string): void {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(key)) {
    throw badInput('input.key', 'must be 1-64 characters: letters, digits, ".", "_" or "-"');
  }
}

async function auditTagChange(
  manager: EntityManager,
  principal: Principal,
  version: ModelVersionEntity,
  action: string,
  change: Record<string, unknown>,
): Promise<void> {
  await appendAuditEvent(manager, {
    actor: principal.name,
    action,
    subjectType: 'model_version',
    subjectId: version.id,
    payload: { modelId: version.modelId, version: version.version, ...change },
  });
}
