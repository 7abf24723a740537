import { Module } from '@nestjs/common';
import { MaturityResolver } from './maturity.resolver';

@Module({ providers: [MaturityResolver] })
export class MaturityModule {}
