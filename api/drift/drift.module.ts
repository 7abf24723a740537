import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { ColumnKindsResolver } from './column-kinds.resolver';
import { ColumnKindsService } from './column-kinds.service';
import { DriftReportController } from './drift-report.controller';
import { DriftReportsResolver } from './drift-reports.resolver';
import { DriftReportsService } from './drift-reports.service';
import { DriftScansService } from './drift-scans.service';
import { DriftSchedulesResolver } from './drift-schedules.resolver';
import { DriftSchedulesService } from './drift-schedules.service';
import { RetrainingPoliciesResolver } from './retraining-policies.resolver';
import { RetrainingPoliciesService } from './retraining-policies.service';

/** Monitoring's API: drift reports and their pages, scans on demand and on Temporal Schedules, retraining policies, declared column kinds. */
@Module({
  imports: [DatasetsModule],
  controllers: [DriftReportController],
  providers: [
    ColumnKindsResolver,
    ColumnKindsService,
    DriftReportsResolver,
    DriftReportsService,
    DriftScansService,
    DriftSchedulesResolver,
    DriftSchedulesService,
    RetrainingPoliciesResolver,
    RetrainingPoliciesService,
  ],
})
export class DriftModule {}
