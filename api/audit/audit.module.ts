import { Module } from '@nestjs/common';
import { AuditCheckpointService } from './audit-checkpoints.service';
import { AuditExportController } from './audit-export.controller';
import { AuditResolver } from './audit.resolver';
import { ReconciliationSchedule } from './reconciliation-schedule';

@Module({ controllers: [AuditExportController], providers: [AuditResolver, ReconciliationSchedule, AuditCheckpointService] })
export class AuditModule {}
