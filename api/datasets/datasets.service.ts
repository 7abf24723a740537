import { Inject, Injectable } from '@nestjs/common';
import { stat } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { appendAuditEvent } from '../../db/audit-log';
import { DatasetEntity, DatasetVersionEntity } from '../../db/entities';
import { recordLineageNode } from '../../db/lineage-store';
import { badInput, notFound } from '../../domain/errors';
import type { Principal } from '../../domain/roles';
import { formatFromFileName, profileTableFile } from '../../ml/tabular/parse-table';
import { TableFormatError } from '../../ml/tabular/table';
import type { Config } from '../../platform/config';
import type { ArtifactStore } from '../../storage/artifact-store';
import { resolveInsideDataRoots } from '../../storage/data-roots';
import { ARTIFACT_STORE, CONFIG, DATA_SOURCE } from '../common/injection-tokens';
import { isUuid } from '../common/ids';
import { checkName } from '../common/names';
import type { DatasetVersionType, RegisterDatasetInput } from './dataset.types';

@Injectable()
export class DatasetsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * Parses and profiles the file in one streaming pass over the store's private copy, and
   * stores it content-addressed only if that succeeds: a file that cannot be read leaves
   * nothing behind, and registering the same bytes again returns the same version.
   */
  async register(principal: Principal, input: RegisterDatasetInput): Promise<DatasetVersionType> {
    checkName('input.name', input.name);
    const file = await resolveInsideDataRoots(input.uri, this.config.dataRoots);
    const { size } = await stat(file);
    if (size > this.config.maxDatasetBytes) {
      throw badInput('input.uri', `file is ${size} bytes; the limit is ${this.config.maxDatasetBytes} (PROVENANT_MAX_DATASET_BYTES)`);
    }
    const { format, artifact, profile } = await this.storeProfiled(file);
    const versionId = await this.dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(DatasetEntity)
        .values({ name: input.name, description: input.description ?? '', createdBy: principal.name })
        .orIgnore()
        .execute();
      // Locking the dataset row serialises version numbering for it.
      const dataset = await manager
        .getRepository(DatasetEntity)
        .findOneOrFail({ where: { name: input.name }, lock: { mode: 'pessimistic_write' } });
      const versions = manager.getRepository(DatasetVersionEntity);
      const existing = await versions.findOneBy({ datasetId: dataset.id, contentSha256: artifact.sha256 });
      if (existing) return existing.id;
      const latest = await versions.findOne({ where: { datasetId: dataset.id }, order: { version: 'DESC' } });
      const version = await versions.save(
        versions.create({
          datasetId: dataset.id,
          version: (latest?.version ?? 0) + 1,
          contentSha256: artifact.sha256,
          format,
          sourceUri: input.uri,
          storageUri: artifact.uri,
          byteSize: artifact.byteSize,
          rowCount: profile.rowCount,
          schema: profile.schema,
          createdBy: principal.name,
        }),
      );
      await recordLineageNode(manager, { id: version.id, kind: 'dataset_version', label: `${dataset.name} v${version.version}` });
      await appendAuditEvent(manager, {
        actor: principal.name,
        action: 'dataset_version.registered',
        subjectType: 'dataset_version',
        subjectId: version.id,
        payload: { datasetName: dataset.name, version: version.version, contentSha256: artifact.sha256, rowCount: profile.rowCount, sourceUri: input.uri },
      });
      return version.id;
    });
    return this.get(versionId);
  }

  /** A file the readers refuse is the caller's to fix: BAD_USER_INPUT on input.uri, naming the problem. */
  private async storeProfiled(file: string) {
    try {
      const format = formatFromFileName(file);
      const { artifact, inspected: profile } = await this.store.putFile(file, (copy) => profileTableFile(copy, format));
      return { format, artifact, profile };
    } catch (error) {
      if (error instanceof TableFormatError) throw badInput('input.uri', error.message);
      throw error;
    }
  }

  async get(id: string, field = 'id'): Promise<DatasetVersionType> {
    const version = await this.find(id, field);
    const dataset = await this.dataSource.getRepository(DatasetEntity).findOneByOrFail({ id: version.datasetId });
    return { ...version, datasetName: dataset.name };
  }

  async find(id: string, field: string): Promise<DatasetVersionEntity> {
    if (!isUuid(id)) throw badInput(field, 'is not a dataset version id (expected a UUID)');
    const version = await this.dataSource.getRepository(DatasetVersionEntity).findOneBy({ id });
    if (!version) throw notFound(field, `dataset version ${id}`);
    return version;
  }
}
