import { Module } from '@nestjs/common';
import { DatasetsResolver } from './datasets.resolver';
import { DatasetsService } from './datasets.service';

@Module({ providers: [DatasetsResolver, DatasetsService], exports: [DatasetsService] })
export class DatasetsModule {}
