import { Module } from '@nestjs/common';
import { PredictionsResolver } from './predictions.resolver';
import { PredictionsService } from './predictions.service';

@Module({ providers: [PredictionsResolver, PredictionsService] })
export class PredictionsModule {}
