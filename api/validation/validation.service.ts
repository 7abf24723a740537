import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { inTransaction } from '../../db/db';
import { findValidationReport, saveValidationReport, type ValidationReportEntity } from '../../db/validation-reports';
import { badInput, notFound } from '../../domain/errors';
import type { ModelTask } from '../../domain/pipeline';
import type { Principal } from '../../domain/roles';
import { completeRows } from '../../ml/tabular/numeric-columns';
import { columnIndex } from '../../ml/tabular/table';
import { validateData } from '../../ml/validation/validate-data';
import type { ArtifactStore } from '../../storage/artifact-store';
import { readDatasetTable } from '../../storage/dataset-table';
import { isUuid } from '../../domain/ids';
import { ARTIFACT_STORE, DATA_SOURCE } from '../common/injection-tokens';
import { DatasetsService } from '../datasets/datasets.service';
import { parseExpectations } from './expectations-input';
import type { ColumnExpectationInput } from './validation.types';

export interface ValidateDatasetRequest {
  datasetVersionId: string;
  expectations?: ColumnExpectationInput[];
  target?: string;
  features?: string[];
  task?: ModelTask;
}

@Injectable()
export class ValidationService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    private readonly datasets: DatasetsService,
  ) {}

  /** The pipeline's checks, outside a pipeline: stored and audited like a pipeline's report. */
  async validateDataset(principal: Principal, request: ValidateDatasetRequest): Promise<ValidationReportEntity> {
    const expectations = parseExpectations(request.expectations, 'expectations');
    const version = await this.datasets.find(request.datasetVersionId, 'datasetVersionId');
    if ((request.target === undefined) !== (request.features === undefined)) {
      throw badInput(request.target === undefined ? 'target' : 'features', 'target and features go together');
    }
    const table = await readDatasetTable(this.store, version);
    const training =
      request.target !== undefined && request.features !== undefined
        ? {
            target: request.target,
            features: request.features,
            task: request.task ?? 'CLASSIFICATION',
            rows: completeRows(table, [request.target, ...request.features].filter((name) => columnIndex(table, name) >= 0)),
          }
        : undefined;
    const result = validateData({ table, expectations, training });
    return inTransaction(this.dataSource, (tx) =>
      saveValidationReport(tx, {
        datasetVersionId: version.id,
        pipelineRunId: null,
        result,
        expectations,
        target: request.target ?? null,
        features: request.features ?? null,
        createdBy: principal.name,
      }),
    );
  }

  async report(id: string, field = 'id'): Promise<ValidationReportEntity> {
    if (!isUuid(id)) throw badInput(field, 'is not a validation report id (expected a UUID)');
    const report = await findValidationReport(this.dataSource, { id });
    if (!report) throw notFound(field, `validation report ${id}`);
    return report;
  }
}
