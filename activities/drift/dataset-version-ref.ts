import { findDatasetVersion, findNewestDatasetVersion } from '../../db/datasets';
import { mustExist, type Db } from '../../db/db';

/** A dataset version as people name it (`seattle-weather v2`), for labels, reasons and alerts. */
export interface DatasetVersionRef {
  id: string;
  datasetId: string;
  datasetName: string;
  version: number;
}

export async function datasetVersionRef(db: Db, id: string): Promise<DatasetVersionRef> {
  const version = mustExist(await findDatasetVersion(db, id), `dataset version ${id}`);
  return { id, datasetId: version.datasetId, datasetName: version.datasetName, version: version.version };
}

/** The highest version of a dataset: what a retraining run trains on. */
export async function newestDatasetVersionRef(db: Db, of: DatasetVersionRef): Promise<DatasetVersionRef> {
  const newest = mustExist(await findNewestDatasetVersion(db, of.datasetId), `a version of dataset ${of.datasetName}`);
  return { id: newest.id, datasetId: of.datasetId, datasetName: of.datasetName, version: newest.version };
}
