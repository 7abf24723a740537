import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ModelEntity, ModelVersionEntity } from '../../db/entities';
import { badInput, notFound } from '../../domain/errors';
import { DATA_SOURCE } from '../common/injection-tokens';
import { isUuid } from '../common/ids';
import type { ModelType, ModelVersionType } from './registry.types';

@Injectable()
export class RegistryService {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async models(): Promise<ModelType[]> {
    const models = await this.dataSource.getRepository(ModelEntity).find({ order: { name: 'ASC' } });
    return Promise.all(models.map((model) => this.withVersions(model)));
  }

  async model(name: string): Promise<ModelType> {
    const model = await this.dataSource.getRepository(ModelEntity).findOneBy({ name });
    if (!model) throw notFound('name', `model ${name}`);
    return this.withVersions(model);
  }

  async version(id: string): Promise<ModelVersionType> {
    if (!isUuid(id)) throw badInput('id', 'is not a model version id (expected a UUID)');
    const version = await this.dataSource.getRepository(ModelVersionEntity).findOneBy({ id });
    if (!version) throw notFound('id', `model version ${id}`);
    const model = await this.dataSource.getRepository(ModelEntity).findOneByOrFail({ id: version.modelId });
    return { ...version, modelName: model.name };
  }

  private async withVersions(model: ModelEntity): Promise<ModelType> {
    const versions = await this.dataSource
      .getRepository(ModelVersionEntity)
      .find({ where: { modelId: model.id }, order: { version: 'DESC' } });
    return { ...model, versions: versions.map((version) => ({ ...version, modelName: model.name })) };
  }
}
