import type { EntityManager } from 'typeorm';
import { DatasetEntity, DatasetVersionEntity } from '../../db/entities';

/** A dataset version as people name it (`seattle-weather v2`), for labels, reasons and alerts. */
export interface DatasetVersionRef {
  id: string;
  datasetId: string;
  datasetName: string;
  version: number;
}

export async function datasetVersionRef(manager: EntityManager, id: string): Promise<DatasetVersionRef> {
  const version = await manager.getRepository(DatasetVersionEntity).findOneByOrFail({ id });
  const dataset = await manager.getRepository(DatasetEntity).findOneByOrFail({ id: version.datasetId });
  return { id, datasetId: dataset.id, datasetName: dataset.name, version: version.version };
}

/** The highest version of a dataset: what a retraining run trains on. */
export async function newestDatasetVersionRef(manager: EntityManager, of: DatasetVersionRef): Promise<DatasetVersionRef> {
  const newest = await manager.getRepository(DatasetVersionEntity).findOneOrFail({ where: { datasetId: of.datasetId }, order: { version: 'DESC' } });
  return { id: newest.id, datasetId: of.datasetId, datasetName: of.datasetName, version: newest.version };
}
