import { Module } from '@nestjs/common';
import { EvaluationResolver } from './evaluation.resolver';

@Module({ providers: [EvaluationResolver] })
export class EvaluationModule {}
