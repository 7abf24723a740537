import { appendAuditEvent } from '../db/audit-log';
import { findDatasetVersion } from '../db/datasets';
import { inTransaction, mustExist, type Db } from '../db/db';
import { recordLineageEdge, recordLineageNode } from '../db/lineage-store';
import { findPipelineRun, updatePipelineRun } from '../db/pipeline-runs';
import { findModelVersion, findTrainer, recordEvaluationReport, registerModel, registerModelVersion } from '../db/registry';
import { signatureOrContract } from '../domain/model-signature';
import { featureSpecOfSchema } from '../ml/features/feature-spec-of-schema';
import { evaluationReportOf, type EvaluationReportData, type RecordedGateReport } from '../domain/evaluation';
import { BUILTIN_TRAINERS, isBuiltinTrainer, type EvaluationResult, type PipelineInput, type RegisteredModelVersion, type Reproducibility, type TrainedModel } from '../domain/pipeline';
import { buildInfo } from './build-info';
import { trialLineageId } from './pipeline-progress.activities';
import { PIPELINE_ACTOR, type ActivityDependencies } from './dependencies';
import { invalidInput } from './failures';
import { markStageAttempt } from './stage-progress';

export interface RegistrationInput extends PipelineInput {
  workflowId: string;
  model: TrainedModel;
  /**
   * The full report from the evaluate stage; runs begun before reports existed carry headline
   * metrics only, runs evaluated before quality checks were renamed from gates the old names.
   */
  evaluation: EvaluationResult | EvaluationReportData | RecordedGateReport;
  /** The tuning trial whose hyperparameters the model was trained with. */
  bestTrialIndex?: number;
}

export function createRegisterActivity(deps: ActivityDependencies) {
  return {
    /**
     * Creates the model's next version, its lineage and its audit event in one
     * transaction. Keyed by pipeline run, so a retry returns the version it already made.
     */
    async registerModelVersion(input: RegistrationInput): Promise<RegisteredModelVersion> {
      await markStageAttempt(deps.dataSource, input.workflowId, 'register');
      return inTransaction(deps.dataSource, async (tx) => {
        const run = mustExist(await findPipelineRun(tx, { workflowId: input.workflowId }), `pipeline run ${input.workflowId}`);
        const existing = await findModelVersion(tx, { pipelineRunId: run.id });
        if (existing) return { modelVersionId: existing.id, version: existing.version };

        const evaluationReport = evaluationReportOf(input.evaluation);
        const model = await registerModel(tx, input.modelName, input.task);
        if (model.task !== input.task) {
          throw invalidInput('input.task', `model ${input.modelName} is a ${model.task} model; a ${input.task} version cannot join it`);
        }
        const dataset = mustExist(await findDatasetVersion(tx, input.datasetVersionId), `dataset version ${input.datasetVersionId}`);
        const version = await registerModelVersion(tx, model, {
          artifactSha256: input.model.artifactSha256,
          artifactUri: input.model.artifactUri,
          metrics: input.evaluation.metrics,
          target: input.target,
          features: input.features,
          classLabels: input.model.classLabels,
          hyperparameters: input.model.effectiveHyperparameters,
          datasetVersionId: input.datasetVersionId,
          pipelineRunId: run.id,
          // Stored for every new version, the contract's included, so readers need no fallback for it.
          signature: signatureOrContract(input.model.signature, input.task, featureSpecOfSchema(dataset.schema, input.features)),
        });
        const reproducibility = await reproducibilityOf(tx, input);
        await updatePipelineRun(tx, { id: run.id }, { modelVersionId: version.id, reproducibility });
        await recordLineageNode(tx, { id: version.id, kind: 'model_version', label: `${input.modelName} v${version.version}` });
        await recordLineageEdge(tx, run.id, version.id, 'produced');
        if (evaluationReport) {
          const report = await recordEvaluationReport(tx, {
            modelVersionId: version.id,
            datasetVersionId: input.datasetVersionId,
            pipelineRunId: run.id,
            report: evaluationReport,
          });
          await recordLineageNode(tx, { id: report.id, kind: 'evaluation_report', label: `evaluation of ${input.modelName} v${version.version}` });
          await recordLineageEdge(tx, version.id, report.id, 'evaluated_by');
          await recordLineageEdge(tx, input.datasetVersionId, report.id, 'used_by');
        }
        for (const member of input.ensemble?.members ?? []) {
          await recordLineageEdge(tx, member.modelVersionId, version.id, 'member_of');
        }
        if (input.bestTrialIndex !== undefined) {
          await recordLineageEdge(tx, trialLineageId(input.workflowId, input.bestTrialIndex), version.id, 'selected');
        }
        await appendAuditEvent(tx, {
          actor: PIPELINE_ACTOR,
          action: 'model_version.registered',
          subjectType: 'model_version',
          subjectId: version.id,
          payload: {
            modelName: input.modelName,
            version: version.version,
            workflowId: input.workflowId,
            requestedBy: input.requestedBy,
            datasetVersionId: input.datasetVersionId,
            artifactSha256: input.model.artifactSha256,
            metrics: input.evaluation.metrics,
            ...(evaluationReport ? { qualityChecksPassed: evaluationReport.qualityChecksPassed } : {}),
            ...(input.ensemble ? { ensemble: input.ensemble } : {}),
            reproducibility,
          },
          idempotencyKey: `${input.workflowId}:model_version.registered`,
        });
        return { modelVersionId: version.id, version: version.version };
      });
    },
  };
}

async function reproducibilityOf(db: Db, input: RegistrationInput): Promise<Reproducibility> {
  const build = buildInfo();
  const dataset = mustExist(await findDatasetVersion(db, input.datasetVersionId), `dataset version ${input.datasetVersionId}`);
  // Runs started before trainers were selectable carry none: they used the built-in one.
  const trainer = input.trainer ?? BUILTIN_TRAINERS[input.task];
  // An imported model's "trainer" is the artifact itself, and so is an ensemble's (its members are in the recipe).
  const trainerVersion = input.importedModel
    ? input.importedModel.artifactSha256
    : isBuiltinTrainer(trainer)
      ? build.provenantVersion
      : String(mustExist(await findTrainer(db, trainer), `trainer ${trainer}`).version);
  return {
    datasetSha256: dataset.contentSha256,
    seed: input.seed,
    testFraction: input.testFraction,
    hyperparameters: input.model.effectiveHyperparameters,
    trainer,
    trainerVersion,
    gitCommit: build.gitCommit,
    nodeVersion: build.nodeVersion,
    onnxruntimeVersion: build.onnxruntimeVersion,
    provenantVersion: build.provenantVersion,
    ...(input.importedModel?.mlflowRunId ? { mlflowRunId: input.importedModel.mlflowRunId } : {}),
  };
}
