import { Inject, Injectable } from '@nestjs/common';
import { stat } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { findDatasetVersion, listDatasetVersions, registerDatasetVersion, type DatasetVersion } from '../../db/datasets';
import { inTransaction } from '../../db/db';
import { badInput, notFound } from '../../domain/errors';
import type { Principal } from '../../domain/roles';
import { TableFormatError } from '../../ml/tabular/table';
import type { Config } from '../../platform/config';
import type { ArtifactStore } from '../../storage/artifact-store';
import { resolveDatasetSource } from '../../storage/data-roots';
import { storeDatasetFile, storeDatasetParts, type StoredDatasetFile } from '../../storage/dataset-registration';
import { ARTIFACT_STORE, CONFIG, DATA_SOURCE } from '../common/injection-tokens';
import { isUuid } from '../../domain/ids';
import { checkName } from '../common/names';
import { checkPageSize, cursorPosition, positionCursor } from '../common/connection';
import type { DatasetVersionConnection, DatasetVersionType, RegisterDatasetInput } from './dataset.types';

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
   * nothing behind, and registering the same bytes again returns the same version. A
   * directory or a glob registers its Parquet files as one version of several parts, each
   * file within the size limit.
   */
  async register(principal: Principal, input: RegisterDatasetInput): Promise<DatasetVersionType> {
    checkName('input.name', input.name);
    const source = await resolveDatasetSource(input.uri, this.config.dataRoots);
    const files = source.kind === 'file' ? [source.file] : source.files;
    for (const file of files) {
      const { size } = await stat(file);
      if (size > this.config.maxDatasetBytes) {
        throw badInput('input.uri', `file ${file} is ${size} bytes; the limit is ${this.config.maxDatasetBytes} (PROVENANT_MAX_DATASET_BYTES)`);
      }
    }
    const stored = await this.storeProfiled(() => (source.kind === 'file' ? storeDatasetFile(this.store, source.file) : storeDatasetParts(this.store, source.files)));
    const version = await inTransaction(this.dataSource, (tx) =>
      registerDatasetVersion(tx, { datasetName: input.name, description: input.description ?? '', sourceUri: input.uri, createdBy: principal.name, stored }),
    );
    return this.find(version.id);
  }

  /** A file the readers refuse is the caller's to fix: BAD_USER_INPUT on input.uri, naming the problem. */
  private async storeProfiled(store: () => Promise<StoredDatasetFile>): Promise<StoredDatasetFile> {
    try {
      return await store();
    } catch (error) {
      if (error instanceof TableFormatError) throw badInput('input.uri', error.message);
      throw error;
    }
  }

  async list(datasetName: string | null, first: number, after: string | null): Promise<DatasetVersionConnection> {
    const page = await listDatasetVersions(this.dataSource, datasetName, checkPageSize(first), cursorPosition(after));
    const edges = page.rows.map((version, index) => ({ node: version, cursor: positionCursor(page.positions[index]) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  async find(id: string, field = 'id'): Promise<DatasetVersion> {
    if (!isUuid(id)) throw badInput(field, 'is not a dataset version id (expected a UUID)');
    const version = await findDatasetVersion(this.dataSource, id);
    if (!version) throw notFound(field, `dataset version ${id}`);
    return version;
  }
}
