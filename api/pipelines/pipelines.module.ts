import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { RegistryModule } from '../registry/registry.module';
import { PipelinesResolver } from './pipelines.resolver';
import { PipelinesService } from './pipelines.service';

@Module({ imports: [DatasetsModule, RegistryModule], providers: [PipelinesResolver, PipelinesService] })
export class PipelinesModule {}
