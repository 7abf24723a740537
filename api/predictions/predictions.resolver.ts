import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { DeployEnvironment } from '../../domain/approval';
import type { Principal } from '../../domain/roles';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { DeployEnvironmentEnum } from '../common/enums';
import { GroundTruthType, PredictionType, RecordGroundTruthInput } from './predictions.types';
import { PredictionsService } from './predictions.service';

@Resolver()
export class PredictionsResolver {
  constructor(private readonly service: PredictionsService) {}

  @Query(() => [PredictionType], { description: "A model's most recently logged predictions, newest first, with any ground truth." })
  @Allow(...ALL_ROLES)
  predictions(
    @Args('modelName', { description: 'The model whose prediction log to read.' }) modelName: string,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'How many rows, 1 to 500.' }) first: number,
    @Args('environment', { type: () => DeployEnvironmentEnum, nullable: true, description: "Only this environment's traffic; null: both." })
    environment: DeployEnvironment | null,
  ): Promise<PredictionType[]> {
    return this.service.recent(modelName, first, environment ?? null);
  }

  @Mutation(() => GroundTruthType, { description: 'Attaches the observed outcome to a logged prediction; recording the same label again changes nothing.' })
  @Allow('engineer', 'ops', 'admin')
  recordGroundTruth(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The prediction (model, request id, row) and the observed outcome.' }) input: RecordGroundTruthInput,
  ): Promise<GroundTruthType> {
    return this.service.recordGroundTruth(principal, input);
  }
}
