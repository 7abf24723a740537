import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { modelVersionNumbers } from '../../db/registry';
import type { DeployEnvironment } from '../../domain/approval';
import { badInput, notFound } from '../../domain/errors';
import type { Config } from '../../platform/config';
import { checkPageSize, cursorPosition, positionCursor } from '../common/connection';
import { isUuid } from '../../domain/ids';
import { driftReportsPage, findDriftReport, findDriftReportOfScan, type DriftReportRow } from '../../db/drift-reports';
import { CONFIG, DATA_SOURCE } from '../common/injection-tokens';
import type { DriftReportConnection, DriftReportType } from './drift-report.types';
import { driftReportView } from './drift-report-view';
import { knownModel } from './known-model';

@Injectable()
export class DriftReportsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** A model's reports, newest first, optionally of one environment's traffic. */
  async list(modelName: string, environment: DeployEnvironment | null, first: number, after: string | null): Promise<DriftReportConnection> {
    await knownModel(this.dataSource, 'modelName', modelName);
    const page = await driftReportsPage(this.dataSource, { modelName, environment }, checkPageSize(first), cursorPosition(after));
    const views = await this.views(page.rows);
    const edges = views.map((node, index) => ({ node, cursor: positionCursor(page.positions[index]) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  async get(id: string, field = 'id'): Promise<DriftReportType> {
    if (!isUuid(id)) throw badInput(field, 'is not a drift report id (expected a UUID)');
    const report = await findDriftReport(this.dataSource, id);
    if (!report) throw notFound(field, `drift report ${id}`);
    const [view] = await this.views([report]);
    return view;
  }

  /** The report a scan stored, once it has. */
  async forScan(workflowId: string): Promise<DriftReportType | null> {
    const report = await findDriftReportOfScan(this.dataSource, workflowId);
    return report && (await this.views([report]))[0];
  }

  private async views(reports: DriftReportRow[]): Promise<DriftReportType[]> {
    if (reports.length === 0) return [];
    const ids = [...new Set(reports.map((report) => report.modelVersionId))];
    const numbers = await modelVersionNumbers(this.dataSource, ids);
    return reports.map((report) => driftReportView(report, numbers.get(report.modelVersionId)!, this.config.publicUrl));
  }
}
