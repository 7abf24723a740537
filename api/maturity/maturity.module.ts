import { Module } from '@nestjs/common';
import { MaturityResolver } from './maturity.resolver';
import { MaturityService } from './maturity.service';

@Module({ providers: [MaturityResolver, MaturityService] })
export class MaturityModule {}
