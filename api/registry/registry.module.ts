import { Module } from '@nestjs/common';
import { ModelVersionResolver } from './model-version.resolver';
import { RegistryResolver } from './registry.resolver';
import { RegistryService } from './registry.service';

@Module({ providers: [RegistryResolver, ModelVersionResolver, RegistryService], exports: [RegistryService] })
export class RegistryModule {}
