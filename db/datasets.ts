import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import type { DatasetFormat, DatasetPart } from '../domain/dataset';
import type { StoredDatasetFile } from '../storage/dataset-registration';
import { appendAuditEvent } from './audit-log';
import type { Db } from './db';
import { DatasetEntity, DatasetVersionEntity } from './entities';
import { recordLineageNode } from './lineage-store';
import { newestFirstPage, type NewestFirstPage, type PagePosition } from './newest-first-page';

export type { DatasetVersionEntity } from './entities';

/** A dataset version with its dataset's name, as people name it (`seattle-weather v2`). */
export type DatasetVersion = DatasetVersionEntity & { datasetName: string };

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
export async function registerDatasetVersion(manager: EntityManager, record: DatasetVersionRecord): Promise<DatasetVersionEntity> {
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
  const existing = await findDatasetVersionByContent(manager, artifact.sha256, dataset.id);
  if (existing) return existing;
  const latest = await findNewestDatasetVersion(manager, dataset.id);
  const versions = manager.getRepository(DatasetVersionEntity);
  const version = await versions.save(
    versions.create({
      datasetId: dataset.id,
      version: (latest?.version ?? 0) + 1,
      contentSha256: artifact.sha256,
      format,
      sourceUri: record.sourceUri,
      storageUri: artifact.uri,
      parts: record.stored.parts ?? null,
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
    payload: {
      datasetName: dataset.name,
      version: version.version,
      contentSha256: artifact.sha256,
      rowCount: profile.rowCount,
      sourceUri: record.sourceUri,
      ...(record.stored.parts ? { parts: record.stored.parts.length } : {}),
    },
  });
  return version;
}

export function findDatasetVersion(db: Db, id: string): Promise<DatasetVersion | null> {
  return firstWithDatasetName(versionsWithDatasetName(db).where('v.id = :id', { id }));
}

/** The highest version of a dataset: the one a new version follows, and what a retraining run trains on. */
export function findNewestDatasetVersion(db: Db, datasetId: string): Promise<DatasetVersion | null> {
  return firstWithDatasetName(versionsWithDatasetName(db).where('v.dataset_id = :datasetId', { datasetId }).orderBy('v.version', 'DESC').limit(1));
}

/** Newest first, optionally of one dataset (by name). */
export async function listDatasetVersions(db: Db, datasetName: string | null, first: number, after: PagePosition | null): Promise<NewestFirstPage<DatasetVersion>> {
  const query = versionsWithDatasetName(db);
  if (datasetName !== null) query.where('d.name = :datasetName', { datasetName });
  const page = await newestFirstPage(query, first, after);
  if (page.rows.length === 0) return { ...page, rows: [] };
  // The page holds the entities only; their datasets' names come in a second query.
  const summaries = await findDatasetVersionSummaries(db, page.rows.map((row) => row.id));
  const names = new Map(summaries.map((row) => [row.datasetVersionId, row.datasetName]));
  return { ...page, rows: page.rows.map((row) => ({ ...row, datasetName: names.get(row.id)! })) };
}

function versionsWithDatasetName(db: Db): SelectQueryBuilder<DatasetVersionEntity> {
  return db.getRepository(DatasetVersionEntity).createQueryBuilder('v').innerJoin(DatasetEntity, 'd', 'd.id = v.dataset_id').addSelect('d.name', 'dataset_name');
}

async function firstWithDatasetName(query: SelectQueryBuilder<DatasetVersionEntity>): Promise<DatasetVersion | null> {
  const { entities, raw } = await query.getRawAndEntities<{ dataset_name: string }>();
  return entities.length > 0 ? { ...entities[0], datasetName: raw[0].dataset_name } : null;
}

/**
 * A version holding exactly these bytes. Registration looks within one dataset, since the
 * same file may be a version of several datasets; a download needs any version of them.
 */
export function findDatasetVersionByContent(db: Db, contentSha256: string, datasetId?: string): Promise<DatasetVersionEntity | null> {
  return db.getRepository(DatasetVersionEntity).findOneBy({ contentSha256, ...(datasetId ? { datasetId } : {}) });
}

/** The part of a version of several Parquet files holding exactly these bytes, with its version. */
export async function findDatasetPartByContent(db: Db, sha256: string): Promise<{ version: DatasetVersionEntity; part: DatasetPart } | null> {
  const version = await db
    .getRepository(DatasetVersionEntity)
    .createQueryBuilder('v')
    .where('v.parts @> CAST(:part AS jsonb)', { part: JSON.stringify([{ sha256 }]) })
    .getOne();
  const part = version?.parts?.find((candidate) => candidate.sha256 === sha256);
  return version && part ? { version, part } : null;
}

/** What provenance tells of a dataset version. */
export interface DatasetVersionSummary {
  datasetVersionId: string;
  datasetName: string;
  version: number;
  contentSha256: string;
  rowCount: number;
  format: DatasetFormat;
  sourceUri: string;
  registeredBy: string;
  registeredAt: Date;
}

/** Oldest first, without their schemas and profiles, which can be large and say nothing about provenance. */
export function findDatasetVersionSummaries(db: Db, ids: string[]): Promise<DatasetVersionSummary[]> {
  return db
    .getRepository(DatasetVersionEntity)
    .createQueryBuilder('v')
    .innerJoin(DatasetEntity, 'd', 'd.id = v.dataset_id')
    .select([
      'v.id AS "datasetVersionId"',
      'd.name AS "datasetName"',
      'v.version AS "version"',
      'v.content_sha256 AS "contentSha256"',
      'v.row_count AS "rowCount"',
      'v.format AS "format"',
      'v.source_uri AS "sourceUri"',
      'v.created_by AS "registeredBy"',
      'v.created_at AS "registeredAt"',
    ])
    .where('v.id IN (:...ids)', { ids })
    .orderBy('v.created_at', 'ASC')
    .getRawMany<DatasetVersionSummary>();
}
