import { Module } from '@nestjs/common';
import { AuditExportController } from './audit-export.controller';
import { AuditResolver } from './audit.resolver';

@Module({ controllers: [AuditExportController], providers: [AuditResolver] })
export class AuditModule {}
