import { Module } from '@nestjs/common';
import { TrainersResolver } from './trainers.resolver';
import { TrainersService } from './trainers.service';

@Module({ providers: [TrainersResolver, TrainersService], exports: [TrainersService] })
export class TrainersModule {}
