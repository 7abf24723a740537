import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../domain/roles';
import { Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { CreateEnsembleVersionInput } from './ensemble-version.types';
import { EnsembleVersionService } from './ensemble-version.service';
import { PipelineRunType } from './pipeline.types';

@Resolver()
export class EnsembleVersionResolver {
  constructor(private readonly ensembles: EnsembleVersionService) {}

  @Mutation(() => PipelineRunType, {
    description:
      'Combines registered versions into one ONNX model by VOTING, SOFT_VOTING, AVERAGING or STACKING, and runs it through a pipeline from validation: evaluated, held to its quality checks and the champion, registered with lineage to every member, and taken to approval when `deploy` is given. Returns the run, RUNNING; nothing is written when a member or option is refused.',
  })
  @Allow('engineer', 'admin')
  createEnsembleVersion(@CurrentPrincipal() principal: Principal, @Args('input', { description: 'The model to register under, its members, the method and the usual pipeline options.' }) input: CreateEnsembleVersionInput) {
    return this.ensembles.create(principal, input);
  }
}
