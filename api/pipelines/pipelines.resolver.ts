import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../domain/roles';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ModelVersionType } from '../registry/registry.types';
import { RegistryService } from '../registry/registry.service';
import { ApprovalGateType } from '../approvals/approval.types';
import { ApprovalsService } from '../approvals/approvals.service';
import { ModelImportService } from './model-import.service';
import { ImportModelVersionInput, PipelineRunConnection, PipelineRunType, StartModelPipelineInput } from './pipeline.types';
import { ValidationService } from '../validation/validation.service';
import { ValidationReportType } from '../validation/validation.types';
import { PipelinesService } from './pipelines.service';

@Resolver(() => PipelineRunType)
export class PipelinesResolver {
  constructor(
    private readonly pipelines: PipelinesService,
    private readonly registry: RegistryService,
    private readonly validation: ValidationService,
    private readonly imports: ModelImportService,
    private readonly approvals: ApprovalsService,
  ) {}

  @Mutation(() => PipelineRunType, { description: 'Starts validate → train → evaluate → register; idempotent for identical inputs.' })
  @Allow('engineer', 'admin')
  startModelPipeline(@CurrentPrincipal() principal: Principal, @Args('input') input: StartModelPipelineInput) {
    return this.pipelines.start(principal, input);
  }

  @Mutation(() => PipelineRunType, {
    description: 'Registers an ONNX model trained elsewhere: checks its signature, then validates, evaluates and registers it; returns the finished run.',
  })
  @Allow('engineer', 'admin')
  importModelVersion(@CurrentPrincipal() principal: Principal, @Args('input') input: ImportModelVersionInput) {
    return this.imports.importModel(principal, input);
  }

  @Query(() => PipelineRunType)
  @Allow(...ALL_ROLES)
  pipelineRun(@Args('workflowId') workflowId: string) {
    return this.pipelines.get(workflowId);
  }

  @Query(() => PipelineRunConnection, { description: 'Newest first.' })
  @Allow(...ALL_ROLES)
  pipelineRuns(
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ) {
    return this.pipelines.list(first, after ?? undefined);
  }

  @ResolveField(() => ApprovalGateType, { nullable: true, description: 'The approval gate, once the run has opened it.' })
  approvalGate(@Parent() run: PipelineRunType) {
    return this.approvals.forRun(run.id);
  }

  @ResolveField(() => ValidationReportType, { nullable: true })
  validationReport(@Parent() run: PipelineRunType) {
    return run.validationReportId ? this.validation.report(run.validationReportId) : null;
  }

  @ResolveField(() => ModelVersionType, { nullable: true })
  modelVersion(@Parent() run: PipelineRunType) {
    return run.modelVersionId ? this.registry.version(run.modelVersionId) : null;
  }
}
