import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { RegistryModule } from '../registry/registry.module';
import { BatchScoringResolver } from './batch-scoring.resolver';
import { BatchScoringService } from './batch-scoring.service';

@Module({ imports: [DatasetsModule, RegistryModule], providers: [BatchScoringResolver, BatchScoringService] })
export class BatchScoringModule {}
