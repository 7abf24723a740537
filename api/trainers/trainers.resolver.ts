import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../domain/roles';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RegisterTrainerInput, TrainerType } from './trainer.types';
import { TrainersService } from './trainers.service';

@Resolver(() => TrainerType)
export class TrainersResolver {
  constructor(private readonly trainerService: TrainersService) {}

  @Mutation(() => TrainerType, {
    description: 'Registers an external trainer command under a name pipelines can pick; re-registering a name replaces it.',
  })
  // Admins only: a command runs arbitrary code on the training workers.
  @Allow('admin')
  registerTrainer(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: "The trainer's name, command and timeout." }) input: RegisterTrainerInput,
  ) {
    return this.trainerService.register(principal, input);
  }

  @Query(() => [TrainerType], { description: 'Registered external trainers, by name.' })
  @Allow(...ALL_ROLES)
  trainers() {
    return this.trainerService.trainers();
  }
}
