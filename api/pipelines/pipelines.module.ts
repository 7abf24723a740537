import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { RegistryModule } from '../registry/registry.module';
import { ValidationModule } from '../validation/validation.module';
import { ApprovalsModule } from '../approvals/approvals.module';
import { EnsembleVersionResolver } from './ensemble-version.resolver';
import { EnsembleVersionService } from './ensemble-version.service';
import { PipelinesResolver } from './pipelines.resolver';
import { ModelImportService } from './model-import.service';
import { PipelineOperationsService } from './pipeline-operations.service';
import { PipelinesService } from './pipelines.service';

@Module({ imports: [DatasetsModule, RegistryModule, ValidationModule, ApprovalsModule], providers: [PipelinesResolver, PipelinesService, ModelImportService, PipelineOperationsService, EnsembleVersionResolver, EnsembleVersionService], exports: [PipelinesService] })
export class PipelinesModule {}
