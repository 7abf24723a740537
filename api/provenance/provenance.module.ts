import { Module } from '@nestjs/common';
import { ProvenanceResolver } from './provenance.resolver';
import { ProvenanceService } from './provenance.service';

@Module({ providers: [ProvenanceResolver, ProvenanceService] })
export class ProvenanceModule {}
