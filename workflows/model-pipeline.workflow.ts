import { executeChild, patched } from '@temporalio/workflow';
import type { DeployRequest } from '../domain/approval';
import { evaluationReportOf, type EvaluationReportData, type RecordedGateReport } from '../domain/evaluation';
import type { EvaluationResult, PipelineInput, PipelineResult, TrainedModel } from '../domain/pipeline';
import { workflowSearchAttributes } from '../domain/search-attributes';
import { describeFailedChecks } from '../ml/evaluation/quality-checks';
import { activitiesOn } from './activity-proxies';
import { deploymentWorkflow, type DeploymentResult } from './deployment.workflow';
import { PipelineRun } from './pipeline-run';
import { approveRelease, whyNotApproved, type ReleaseDecision } from './release-approval';
import { trainWith } from './train-with';
import { tune } from './tune';

/** Runs started before the tune stage existed replay without it. */
export const TUNE_STAGE_PATCH = 'tune-stage';
/** Runs started before evaluation reports and quality checks replay with headline metrics only. */
export const EVALUATION_REPORT_PATCH = 'evaluation-report';
/** Runs approved before the deploy stage existed replay ending at approval. */
export const DEPLOY_STAGE_PATCH = 'deploy-stage';

/**
 * A model's way to production: validate the data, tune, train, evaluate against the
 * quality checks and the champion, register the version, and, when the run asks to
 * deploy, wait for people to approve it and roll it out as a canary. Every stage is
 * recorded as it starts and ends (see PipelineRun).
 */
export async function modelPipelineWorkflow(input: PipelineInput): Promise<PipelineResult> {
  const { bookkeeping, training, scoring } = activitiesOn(input.taskQueues);
  const run = new PipelineRun(input, bookkeeping);
  const context = { ...input, workflowId: run.workflowId };

  await run.stage('validate', () => bookkeeping.validateTrainingData(context));
  const tuned = await tuneIfAsked();
  const candidate = { ...context, hyperparameters: tuned?.hyperparameters ?? input.hyperparameters };
  const model = await trainOrImport();
  const evaluation = await run.stage('evaluate', () => evaluate(model));
  const registered = await run.stage('register', () =>
    bookkeeping.registerModelVersion({ ...candidate, model, evaluation, bestTrialIndex: tuned?.bestTrialIndex }),
  );

  // The version and its report are kept either way; a version that misses a quality check may not ask for approval.
  const failedChecks = failedQualityChecks(evaluation);
  if (failedChecks) return run.finish('QUALITY_CHECKS_FAILED', registered.modelVersionId, `quality checks failed: ${failedChecks}`);
  if (!input.deploy) return run.finish('SUCCEEDED', registered.modelVersionId);

  const approval = await approveRelease(run, input, input.deploy, registered.modelVersionId, bookkeeping);
  if (approval.status !== 'APPROVED') return run.finish(approval.status, registered.modelVersionId, whyNotApproved(approval));
  if (!patched(DEPLOY_STAGE_PATCH)) return run.finish('SUCCEEDED', registered.modelVersionId);

  const deployment = await run.stage('deploy', () => deploy(input.deploy!, registered.modelVersionId, approval), 'DEPLOYING');
  if (deployment.status === 'ROLLED_BACK') return run.finish('ROLLED_BACK', registered.modelVersionId, `canary rolled back ${deployment.reason}`);
  return run.finish('SUCCEEDED', registered.modelVersionId);

  async function tuneIfAsked() {
    if (!patched(TUNE_STAGE_PATCH)) return undefined;
    if (!input.tuning) return void (await run.skip('tune'));
    return run.stage('tune', () => tune(context, bookkeeping, run.progress.trials));
  }

  async function trainOrImport(): Promise<TrainedModel> {
    if (input.importedModel) {
      await run.skip('train');
      return input.importedModel;
    }
    return run.stage('train', async () => {
      if (input.crossValidation) await training.crossValidate(candidate);
      return trainWith(training, candidate);
    });
  }

  function evaluate(model: TrainedModel): Promise<EvaluationResult | EvaluationReportData> {
    return patched(EVALUATION_REPORT_PATCH)
      ? scoring.evaluateCandidate({ ...candidate, model })
      : scoring.evaluateModel({ ...candidate, model, on: 'test' });
  }

  function deploy(request: DeployRequest, modelVersionId: string, approval: ReleaseDecision): Promise<DeploymentResult> {
    // Core checks only a child's id and type on replay, so its search attributes need no patch.
    return executeChild(deploymentWorkflow, {
      workflowId: `${run.workflowId}:deploy:${request.environment}`,
      taskQueue: input.taskQueues.pipelines,
      typedSearchAttributes: workflowSearchAttributes('deployment', input.modelName, request.environment),
      args: [
        {
          modelName: input.modelName,
          environment: request.environment,
          modelVersionId,
          kind: 'CANARY',
          policy: request.canary,
          triggeredBy: `pipeline ${run.workflowId}`,
          approvalGateId: approval.gateId,
          reason: `approved by ${approval.decisions.map((d) => d.actor).join(', ')}`,
          taskQueues: input.taskQueues,
        },
      ],
    });
  }
}

/**
 * Runs recorded before evaluation reports carry headline metrics only, and no checks to fail.
 * Runs recorded before quality gates were renamed quality checks carry `gates` and
 * `gatesPassed` in their evaluate result: they must still replay (and resume) to the same
 * end, so the report is read under either name, today's first.
 */
function failedQualityChecks(evaluation: EvaluationResult | EvaluationReportData | RecordedGateReport): string | null {
  const report = evaluationReportOf(evaluation);
  return report && !report.qualityChecksPassed ? describeFailedChecks(report.qualityChecks) : null;
}
