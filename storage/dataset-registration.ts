import type { EntityManager } from 'typeorm';
import { appendAuditEvent } from '../db/audit-log';
import { DatasetEntity, DatasetVersionEntity } from '../db/entities';
import { recordLineageNode } from '../db/lineage-store';
import type { DatasetFormat } from '../domain/dataset';
import { formatFromFileName, profileTableFile } from '../ml/tabular/parse-table';
import type { TableProfile } from '../ml/tabular/profile/table-profiler';
import type { ArtifactStore, StoredArtifact } from './artifact-store';

export interface StoredDatasetFile {
  format: DatasetFormat;
  artifact: StoredArtifact;
  profile: TableProfile;
}

/**
 * Parses and profiles a dataset file in one streaming pass over the store's private
 * copy, and stores it content-addressed only if that succeeds: a file the readers refuse
 * (TableFormatError) leaves nothing behind.
 */
export async function storeDatasetFile(store: ArtifactStore, file: string): Promise<StoredDatasetFile> {
  const format = formatFromFileName(file);
  const { artifact, inspected: profile } = await store.putFile(file, (copy) => profileTableFile(copy, format));
  return { format, artifact, profile };
}

export interface DatasetVersionRecord {
  datasetName: string;
  /** Kept only when this creates the dataset. */
  description: string;
  /** Where the content came from: the file a person registered, or the job that wrote it. */
  sourceUri: string;
  createdBy: string;
  stored: StoredDatasetFile;
}

/**
 * Makes a stored file the next version of the named dataset (created on first use), with
 * its lineage node and audit event. The same bytes registered again return the version
 * they already are. Must run inside a transaction: locking the dataset row serialises
 * version numbering for it.
 */
export async function recordDatasetVersion(manager: EntityManager, record: DatasetVersionRecord): Promise<DatasetVersionEntity> {
  const { artifact, format, profile } = record.stored;
  await manager
    .createQueryBuilder()
    .insert()
    .into(DatasetEntity)
    .values({ name: record.datasetName, description: record.description, createdBy: record.createdBy })
    .orIgnore()
    .execute();
  const dataset = await manager
    .getRepository(DatasetEntity)
    .findOneOrFail({ where: { name: record.datasetName }, lock: { mode: 'pessimistic_write' } });
  const versions = manager.getRepository(DatasetVersionEntity);
  const existing = await versions.findOneBy({ datasetId: dataset.id, contentSha256: artifact.sha256 });
  if (existing) return existing;
  const latest = await versions.findOne({ where: { datasetId: dataset.id }, order: { version: 'DESC' } });
  const version = await versions.save(
    versions.create({
      datasetId: dataset.id,
      version: (latest?.version ?? 0) + 1,
      contentSha256: artifact.sha256,
      format,
      sourceUri: record.sourceUri,
      storageUri: artifact.uri,
      byteSize: artifact.byteSize,
      rowCount: profile.rowCount,
      schema: profile.schema,
      createdBy: record.createdBy,
    }),
  );
  await recordLineageNode(manager, { id: version.id, kind: 'dataset_version', label: `${dataset.name} v${version.version}` });
  await appendAuditEvent(manager, {
    actor: record.createdBy,
    action: 'dataset_version.registered',
    subjectType: 'dataset_version',
    subjectId: version.id,
    payload: { datasetName: dataset.name, version: version.version, contentSha256: artifact.sha256, rowCount: profile.rowCount, sourceUri: record.sourceUri },
  });
  return version;
}
