import type { DataSource } from 'typeorm';
import { findModel, type ModelEntity } from '../../db/registry';
import { notFound } from '../../domain/errors';
import { checkName } from '../common/names';

/** The registered model a monitoring request names; refused on `field` when the name is malformed or unknown. */
export async function knownModel(dataSource: DataSource, field: string, name: string): Promise<ModelEntity> {
  checkName(field, name);
  const model = await findModel(dataSource, { name });
  if (!model) throw notFound(field, `model ${name}`);
  return model;
}
