import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { DeployEnvironment } from '../../domain/approval';
import type { Principal } from '../../domain/roles';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { DeployEnvironmentEnum } from '../common/enums';
import { DriftReportConnection, DriftReportType } from './drift-report.types';
import { DriftScanType } from './drift-scan.types';
import { DriftReportsService } from './drift-reports.service';
import { DriftScansService } from './drift-scans.service';

@Resolver(() => DriftReportType)
export class DriftReportsResolver {
  constructor(
    private readonly reports: DriftReportsService,
    private readonly scans: DriftScansService,
  ) {}

  @Query(() => DriftReportConnection, { description: 'A model’s drift reports, newest first.' })
  @Allow(...ALL_ROLES)
  driftReports(
    @Args('modelName', { description: 'The model whose reports to list.' }) modelName: string,
    @Args('environment', { type: () => DeployEnvironmentEnum, nullable: true, description: "Only scans of this environment's traffic; null: all, dataset-version scans included." })
    environment: DeployEnvironment | null,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1 to 500.' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'The endCursor of the previous page; null for the newest reports.' })
    after: string | null,
  ) {
    return this.reports.list(modelName, environment ?? null, first, after ?? null);
  }

  @Query(() => DriftReportType, { description: 'One drift report (any role); reportUrl shows it as a page.' })
  @Allow(...ALL_ROLES)
  driftReport(@Args('id', { type: () => ID, description: "The report's id." }) id: string) {
    return this.reports.get(id);
  }

  @Query(() => DriftScanType, { description: 'A scan’s progress, and its report once stored.' })
  @Allow(...ALL_ROLES)
  driftScan(@Args('workflowId', { description: "The scan's workflow id, as triggerDriftScan returned it." }) workflowId: string) {
    return this.scans.scan(workflowId);
  }

  @Mutation(() => DriftScanType, {
    description: 'Scans now: an environment’s traffic over the window, or a dataset version, against the reference.',
  })
  @Allow('engineer', 'ops', 'admin')
  triggerDriftScan(
    @CurrentPrincipal() principal: Principal,
    @Args('modelName', { description: 'The model to scan.' }) modelName: string,
    @Args('environment', { type: () => DeployEnvironmentEnum, nullable: true, description: 'Required unless currentDatasetVersionId is given.' })
    environment: DeployEnvironment | null,
    @Args('window', { defaultValue: '24h', description: 'Length of the prediction-log window ending now.' }) window: string,
    @Args('currentDatasetVersionId', { type: () => ID, nullable: true, description: 'Scan this dataset version instead of the prediction log.' })
    currentDatasetVersionId: string | null,
    @Args('referenceDatasetVersionId', { type: () => ID, nullable: true, description: 'Default: the scanned version’s training data.' })
    referenceDatasetVersionId: string | null,
  ) {
    return this.scans.trigger(principal, {
      modelName,
      environment: environment ?? null,
      window,
      currentDatasetVersionId: currentDatasetVersionId ?? null,
      referenceDatasetVersionId: referenceDatasetVersionId ?? null,
    });
  }
}
