import {
  ApplicationFailure,
  CancellationScope,
  executeChild,
  isCancellation,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  initialStageRecords,
  type EvaluationResult,
  type TrainedModel,
  type PipelineInput,
  type PipelineResult,
  type PipelineStage,
  type PipelineStatus,
} from '../domain/pipeline';
import type { EvaluationReportData } from '../domain/evaluation';
import { pipelineSearchAttributes, workflowSearchAttributes } from '../domain/search-attributes';
import { pipelineProgressQuery, type PipelineProgress } from '../domain/workflow-contracts';
import { describeFailedGates } from '../ml/evaluation/quality-gates';
import { activitiesOn } from './activity-proxies';
import { CANCEL_CLOSES_GATE_PATCH, awaitApproval } from './approval-gate';
import { deploymentWorkflow } from './deployment.workflow';
import { failureMessage } from './failure-message';
import { trainWith } from './train-with';
import { tune } from './tune';

/** Runs started before the tune stage existed replay without it. */
export const TUNE_STAGE_PATCH = 'tune-stage';
/** Runs started before evaluation reports and quality gates replay with headline metrics only. */
export const EVALUATION_REPORT_PATCH = 'evaluation-report';
/** Runs approved before the deploy stage existed replay ending at approval. */
export const DEPLOY_STAGE_PATCH = 'deploy-stage';
/** Upserting search attributes adds commands: runs recorded before replay without them. */
export const SEARCH_ATTRIBUTES_PATCH = 'search-attributes';

/**
 * validate → tune → train → evaluate → register, each stage recorded as it starts and
 * ends; a model that misses a quality gate is registered with its report, and the run
 * ends GATE_FAILED. A run that asks to deploy then waits at its approval gate.
 */
export async function modelPipelineWorkflow(input: PipelineInput): Promise<PipelineResult> {
  const { workflowId } = workflowInfo();
  const { bookkeeping, training, scoring } = activitiesOn(input.taskQueues);
  const progress: PipelineProgress = { status: 'RUNNING', currentStage: 'validate', stages: initialStageRecords(Boolean(input.deploy)), trials: [] };
  setHandler(pipelineProgressQuery, () => progress);

  /** Shows the current stage and status in the Temporal UI's search; every attribute, so a run started before they existed becomes searchable too. */
  function publishProgress(): void {
    if (patched(SEARCH_ATTRIBUTES_PATCH)) upsertSearchAttributes(pipelineSearchAttributes(input, progress.currentStage, progress.status));
  }

  async function stage<T>(name: PipelineStage, run: () => Promise<T>): Promise<T> {
    const record = progress.stages.find((s) => s.name === name)!;
    progress.currentStage = name;
    record.status = 'RUNNING';
    publishProgress();
    await bookkeeping.recordStage({ workflowId, stage: name, status: 'RUNNING' });
    try {
      const result = await run();
      record.status = 'SUCCEEDED';
      await bookkeeping.recordStage({ workflowId, stage: name, status: 'SUCCEEDED' });
      return result;
    } catch (error) {
      const cancelled = isCancellation(error);
      const status: PipelineStatus = cancelled ? 'CANCELLED' : 'FAILED';
      const message = cancelled ? 'cancelled' : failureMessage(error);
      record.status = status;
      record.error = message;
      progress.status = status;
      publishProgress();
      // Recording the outcome must happen even when the run itself was cancelled.
      await CancellationScope.nonCancellable(async () => {
        await bookkeeping.recordStage({ workflowId, stage: name, status, error: message });
        await bookkeeping.completePipeline({ workflowId, status, error: `${name}: ${message}` });
      });
      if (cancelled) throw error;
      throw ApplicationFailure.nonRetryable(`${name} failed: ${message}`, 'PipelineStageFailed');
    }
  }

  const context = { ...input, workflowId };
  await stage('validate', () => bookkeeping.validateTrainingData(context));

  let tuned: Awaited<ReturnType<typeof tune>> | undefined;
  if (patched(TUNE_STAGE_PATCH)) {
    if (input.tuning) {
      tuned = await stage('tune', () => tune(context, bookkeeping, progress.trials));
    } else {
      progress.stages.find((s) => s.name === 'tune')!.status = 'SKIPPED';
      await bookkeeping.recordStage({ workflowId, stage: 'tune', status: 'SKIPPED' });
    }
  }
  const final = { ...context, hyperparameters: tuned?.hyperparameters ?? input.hyperparameters };

  let model: TrainedModel;
  if (input.importedModel) {
    model = input.importedModel;
    progress.stages.find((s) => s.name === 'train')!.status = 'SKIPPED';
    await bookkeeping.recordStage({ workflowId, stage: 'train', status: 'SKIPPED' });
  } else {
    model = await stage('train', async () => {
      if (input.crossValidation) await training.crossValidate(final);
      return trainWith(training, final);
    });
  }
  const evaluation = await stage<EvaluationResult | EvaluationReportData>('evaluate', () =>
    patched(EVALUATION_REPORT_PATCH)
      ? scoring.evaluateCandidate({ ...final, model })
      : scoring.evaluateModel({ ...final, model, on: 'test' }),
  );
  const registered = await stage('register', () =>
    bookkeeping.registerModelVersion({ ...final, model, evaluation, bestTrialIndex: tuned?.bestTrialIndex }),
  );
  // The version and its report are kept either way; a missed gate means it may not ask for approval.
  let status: PipelineStatus = 'gates' in evaluation && !evaluation.gatesPassed ? 'GATE_FAILED' : 'SUCCEEDED';
  let error = 'gates' in evaluation && status === 'GATE_FAILED' ? `quality gates failed: ${describeFailedGates(evaluation.gates)}` : undefined;
  const deploy = input.deploy;
  if (deploy && status === 'SUCCEEDED') {
    const approval = progress.stages.find((s) => s.name === 'approve')!;
    progress.currentStage = 'approve';
    approval.status = 'RUNNING';
    progress.status = 'AWAITING_APPROVAL';
    publishProgress();
    await bookkeeping.recordStage({ workflowId, stage: 'approve', status: 'RUNNING' });
    let gate;
    try {
      gate = await awaitApproval(workflowId, registered.modelVersionId, deploy, input.taskQueues, bookkeeping);
    } catch (failure) {
      if (isCancellation(failure) && patched(CANCEL_CLOSES_GATE_PATCH)) {
        approval.status = 'CANCELLED';
        progress.status = 'CANCELLED';
        publishProgress();
        await CancellationScope.nonCancellable(async () => {
          await bookkeeping.recordStage({ workflowId, stage: 'approve', status: 'CANCELLED', error: 'cancelled' });
          await bookkeeping.completePipeline({ workflowId, status: 'CANCELLED', error: 'approve: cancelled' });
        });
      }
      throw failure;
    }
    if (gate.status !== 'APPROVED') {
      status = gate.status === 'REJECTED' ? 'REJECTED' : 'EXPIRED';
      const rejection = gate.decisions.find((d) => d.decision === 'REJECT');
      error = rejection ? `rejected by ${rejection.actor}: ${rejection.comment}` : `approval expired at ${gate.deadline}`;
    }
    approval.status = gate.status === 'APPROVED' ? 'SUCCEEDED' : 'FAILED';
    await bookkeeping.recordStage({ workflowId, stage: 'approve', status: approval.status, error });
    if (gate.status === 'APPROVED' && patched(DEPLOY_STAGE_PATCH)) {
      progress.status = 'DEPLOYING';
      // Core checks only a child's id and type on replay, so its search attributes need no patch.
      const deployment = await stage('deploy', async () =>
        executeChild(deploymentWorkflow, {
          workflowId: `${workflowId}:deploy:${deploy.environment}`,
          taskQueue: input.taskQueues.pipelines,
          typedSearchAttributes: workflowSearchAttributes('deployment', input.modelName, deploy.environment),
          args: [
            {
              modelName: input.modelName,
              environment: deploy.environment,
              modelVersionId: registered.modelVersionId,
              kind: 'CANARY',
              policy: deploy.canary,
              triggeredBy: `pipeline ${workflowId}`,
              approvalGateId: gate.gateId,
              reason: `approved by ${gate.decisions.map((d) => d.actor).join(', ')}`,
              taskQueues: input.taskQueues,
            },
          ],
        }),
      );
      if (deployment.status === 'ROLLED_BACK') {
        status = 'ROLLED_BACK';
        error = `canary rolled back ${deployment.reason}`;
      }
    }
  }
  await bookkeeping.completePipeline({ workflowId, status, error });
  progress.status = status;
  publishProgress();
  return { status, modelVersionId: registered.modelVersionId };
}
