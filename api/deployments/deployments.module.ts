import { Module } from '@nestjs/common';
import { DeploymentsResolver } from './deployments.resolver';
import { DeploymentsService } from './deployments.service';

@Module({ providers: [DeploymentsResolver, DeploymentsService] })
export class DeploymentsModule {}
