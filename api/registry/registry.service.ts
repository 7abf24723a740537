import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { inTransaction, mustExist, type Db } from '../../db/db';
import { aliasHistory, deleteAlias, listAliases, setAlias } from '../../db/model-aliases';
import {
  deleteModelVersionTag,
  findModel,
  findModelVersion,
  findModelVersionByNumber,
  listModels,
  listModelVersions,
  listModelVersionTags,
  setModelVersionTag,
  type ModelEntity,
  type ModelVersionEntity,
} from '../../db/registry';
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
    const models = await listModels(this.dataSource);
    return Promise.all(models.map((model) => this.withVersions(model)));
  }

  async model(name: string): Promise<ModelType> {
    return this.withVersions(await this.modelNamed(this.dataSource, 'name', name));
  }

  async version(id: string): Promise<ModelVersionType> {
    const version = await this.versionWithId(this.dataSource, 'id', id);
    const model = mustExist(await findModel(this.dataSource, { id: version.modelId }), `model ${version.modelId}`);
    return { ...version, modelName: model.name };
  }

  /** Points an alias at a version; pointing it where it already is writes nothing. */
  async setAlias(principal: Principal, input: SetModelAliasInput): Promise<ModelType> {
    const reason = checkAliasMove(principal, input);
    const model = await inTransaction(this.dataSource, async (tx) => {
      const model = await this.modelNamed(tx, 'input.modelName', input.modelName);
      const version = await findModelVersionByNumber(tx, model.name, input.version);
      if (!version) throw notFound('input.version', `version ${input.version} of model ${model.name}`);
      await setAlias(tx, { modelId: model.id, alias: input.alias, versionId: version.id, actor: principal.name, reason });
      return model;
    });
    return this.withVersions(model);
  }

  async removeAlias(principal: Principal, input: RemoveModelAliasInput): Promise<ModelType> {
    const reason = checkAliasMove(principal, input);
    const model = await inTransaction(this.dataSource, async (tx) => {
      const model = await this.modelNamed(tx, 'input.modelName', input.modelName);
      const removal = await deleteAlias(tx, { modelId: model.id, alias: input.alias, actor: principal.name, reason });
      if (!removal) throw notFound('input.alias', `alias ${input.alias} of model ${model.name}`);
      return model;
    });
    return this.withVersions(model);
  }

  aliases(modelId: string): Promise<ModelAliasType[]> {
    return listAliases(this.dataSource, modelId);
  }

  /** Every move of the model's aliases, newest first. */
  async aliasHistory(modelId: string): Promise<ModelAliasEventType[]> {
    return (await aliasHistory(this.dataSource, modelId)).reverse();
  }

  /** Sets a tag, replacing its value; setting the value it already has writes nothing. */
  async setTag(principal: Principal, input: SetModelVersionTagInput): Promise<ModelVersionType> {
    checkTagKey(input.key);
    if (input.value.length > MAX_TAG_VALUE_LENGTH) {
      throw badInput('input.value', `is ${input.value.length} characters; the limit is ${MAX_TAG_VALUE_LENGTH}`);
    }
    await inTransaction(this.dataSource, async (tx) => {
      const version = await this.versionWithId(tx, 'input.modelVersionId', input.modelVersionId, true);
      await setModelVersionTag(tx, version, input.key, input.value, principal.name);
    });
    return this.version(input.modelVersionId);
  }

  async removeTag(principal: Principal, input: RemoveModelVersionTagInput): Promise<ModelVersionType> {
    checkTagKey(input.key);
    await inTransaction(this.dataSource, async (tx) => {
      const version = await this.versionWithId(tx, 'input.modelVersionId', input.modelVersionId, true);
      const removed = await deleteModelVersionTag(tx, version, input.key, principal.name);
      if (!removed) throw notFound('input.key', `tag ${input.key} of model version ${version.id}`);
    });
    return this.version(input.modelVersionId);
  }

  tags(modelVersionId: string): Promise<ModelVersionTagType[]> {
    return listModelVersionTags(this.dataSource, modelVersionId);
  }

  private async modelNamed(db: Db, field: string, name: string): Promise<ModelEntity> {
    const model = await findModel(db, { name });
    if (!model) throw notFound(field, `model ${name}`);
    return model;
  }

  /** With `lock`, serialises changes to the version's tags, so each audit event names the value it replaced. */
  private async versionWithId(db: Db, field: string, id: string, lock = false): Promise<ModelVersionEntity> {
    if (!isUuid(id)) throw badInput(field, 'is not a model version id (expected a UUID)');
    const version = await findModelVersion(db, { id }, { lock });
    if (!version) throw notFound(field, `model version ${id}`);
    return version;
  }

  private async withVersions(model: ModelEntity): Promise<ModelType> {
    const versions = await listModelVersions(this.dataSource, model.id);
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
