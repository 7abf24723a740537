import { Inject } from '@nestjs/common';
import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Principal } from '../../domain/roles';
import type { Config } from '../../platform/config';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { CONFIG } from '../common/injection-tokens';
import { temporalUiUrl } from '../common/temporal-ui-url';
import { ModelVersionType } from '../registry/registry.types';
import { RegistryService } from '../registry/registry.service';
import { ApprovalGateType } from '../approvals/approval.types';
import { ApprovalsService } from '../approvals/approvals.service';
import { ModelImportService } from './model-import.service';
import { PipelineOperationsService } from './pipeline-operations.service';
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
    private readonly operations: PipelineOperationsService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Mutation(() => PipelineRunType, { description: 'Starts validate → train → evaluate → register; idempotent for identical inputs.' })
  @Allow('engineer', 'admin')
  startModelPipeline(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: "What to train on, what to predict from what, and the run's options." }) input: StartModelPipelineInput,
  ) {
    return this.pipelines.start(principal, input);
  }

  @Mutation(() => PipelineRunType, {
    description: 'Registers an ONNX model trained elsewhere: checks its signature, then validates, evaluates and registers it; returns the finished run.',
  })
  @Allow('engineer', 'admin')
  importModelVersion(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { description: 'The ONNX file, the dataset version to evaluate it on, and the columns it reads and predicts.' })
    input: ImportModelVersionInput,
  ) {
    return this.imports.importModel(principal, input);
  }

  @Mutation(() => PipelineRunType, {
    description:
      'Runs a FAILED pipeline again from the stage that failed, through Temporal’s reset: earlier stages keep their results and do not run again. Returns the run, RUNNING.',
  })
  @Allow('ops', 'admin')
  retryPipeline(@CurrentPrincipal() principal: Principal, @Args('workflowId', { description: "The FAILED run's workflow id." }) workflowId: string) {
    return this.operations.retry(principal, workflowId);
  }

  @Mutation(() => PipelineRunType, {
    description:
      'Cancels a running pipeline: an open approval gate closes CANCELLED, a canary in progress rolls back, and the run ends CANCELLED. Engineers may cancel the runs they started.',
  })
  @Allow('engineer', 'ops', 'admin')
  cancelPipeline(
    @CurrentPrincipal() principal: Principal,
    @Args('workflowId', { description: "The run's workflow id." }) workflowId: string,
    @Args('reason', { description: 'Why, kept in the audit log.' }) reason: string,
  ) {
    return this.operations.cancel(principal, workflowId, reason);
  }

  @Query(() => PipelineRunType, { description: 'One pipeline run with its stages, reports, gate and model version (any role); poll it to follow a run.' })
  @Allow(...ALL_ROLES)
  pipelineRun(
    @Args('workflowId', { description: "The run's workflow id, as startModelPipeline returned it (pipeline:<modelName>:<key>)." }) workflowId: string,
  ) {
    return this.pipelines.get(workflowId);
  }

  @Query(() => PipelineRunConnection, { description: 'Newest first.' })
  @Allow(...ALL_ROLES)
  pipelineRuns(
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1 to 500.' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'The endCursor of the previous page; null for the newest runs.' }) after?: string,
  ) {
    return this.pipelines.list(first, after ?? undefined);
  }

  @ResolveField(() => ApprovalGateType, { nullable: true, description: 'The approval gate, once the run has opened it.' })
  approvalGate(@Parent() run: PipelineRunType) {
    return this.approvals.forRun(run.id);
  }

  @ResolveField(() => String, { description: 'The run in the Temporal UI: every activity, its attempts, inputs and errors (the latest execution, also after a retry).' })
  temporalUiUrl(@Parent() run: PipelineRunType) {
    return temporalUiUrl(this.config, run.workflowId);
  }

  @ResolveField(() => ValidationReportType, { nullable: true, description: "The validate stage's report: every check with its status; null until it has run." })
  validationReport(@Parent() run: PipelineRunType) {
    return run.validationReportId ? this.validation.report(run.validationReportId) : null;
  }

  @ResolveField(() => ModelVersionType, { nullable: true, description: 'The version it registered; null until the register stage has run.' })
  modelVersion(@Parent() run: PipelineRunType) {
    return run.modelVersionId ? this.registry.version(run.modelVersionId) : null;
  }
}
