import { Module } from '@nestjs/common';
import { AuditCheckpointService } from './audit-checkpoints.service';
import { AuditExportController } from './audit-export.controller';
import { AuditResolver } from './audit.resolver';

@Module({ controllers: [AuditExportController], providers: [AuditResolver, AuditCheckpointService] })
export class AuditModule {}
