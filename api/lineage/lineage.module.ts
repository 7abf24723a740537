import { Module } from '@nestjs/common';
import { LineageResolver } from './lineage.resolver';

@Module({ providers: [LineageResolver] })
export class LineageModule {}
