import type { DataSource } from 'typeorm';
import { ModelEntity } from '../../db/entities';
import { notFound } from '../../domain/errors';
import { checkName } from '../common/names';

/** The registered model a monitoring request names; refused on `field` when the name is malformed or unknown. */
export async function knownModel(dataSource: DataSource, field: string, name: string): Promise<ModelEntity> {
  checkName(field, name);
  const model = await dataSource.getRepository(ModelEntity).findOneBy({ name });
  if (!model) throw notFound(field, `model ${name}`);
  return model;
}
