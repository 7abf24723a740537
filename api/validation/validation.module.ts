import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { ValidationResolver } from './validation.resolver';
import { ValidationService } from './validation.service';

@Module({ imports: [DatasetsModule], providers: [ValidationResolver, ValidationService], exports: [ValidationService] })
export class ValidationModule {}
