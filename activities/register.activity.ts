import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from 'typeorm';
import { DatasetVersionEntity, EvaluationReportEntity, ModelEntity, ModelVersionEntity, PipelineRunEntity, TrainerEntity } from '../db/entities';
import type { EvaluationReportData } from '../domain/evaluation';
import { appendAuditEvent } from '../db/audit-log';
import { recordLineageEdge, recordLineageNode } from '../db/lineage-store';
import { BUILTIN_TRAINERS, isBuiltinTrainer, type EvaluationResult, type PipelineInput, type RegisteredModelVersion, type Reproducibility, type TrainedModel } from '../domain/pipeline';
import { buildInfo } from './build-info';
import { trialLineageId } from './pipeline-progress.activities';
import { PIPELINE_ACTOR, type ActivityDependencies } from './dependencies';
import { markStageAttempt } from './stage-progress';

export interface RegistrationInput extends PipelineInput {
  workflowId: string;
  model: TrainedModel;
  /** The full report from the evaluate stage; runs begun before reports existed carry headline metrics only. */
  evaluation: EvaluationResult | EvaluationReportData;
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
      await markStageAttempt(deps.dataSource.manager, input.workflowId, 'register');
      return deps.dataSource.transaction(async (manager) => {
        const run = await manager.getRepository(PipelineRunEntity).findOneByOrFail({ workflowId: input.workflowId });
        const versions = manager.getRepository(ModelVersionEntity);
        const existing = await versions.findOneBy({ pipelineRunId: run.id });
        if (existing) return { modelVersionId: existing.id, version: existing.version };

        await manager
          .createQueryBuilder()
          .insert()
          .into(ModelEntity)
          .values({ name: input.modelName, task: input.task })
          .orIgnore()
          .execute();
        // The row lock makes version numbers gap-free under concurrent registrations.
        const model = await manager
          .getRepository(ModelEntity)
          .findOneOrFail({ where: { name: input.modelName }, lock: { mode: 'pessimistic_write' } });
        if (model.task !== input.task) {
          throw ApplicationFailure.create({
            type: 'InvalidInput',
            nonRetryable: true,
            message: `input.task: model ${input.modelName} is a ${model.task} model; a ${input.task} version cannot join it`,
            details: [{ field: 'input.task' }],
          });
        }
        const { max } = await versions
          .createQueryBuilder('v')
          .select('COALESCE(MAX(v.version), 0)', 'max')
          .where('v.model_id = :id', { id: model.id })
          .getRawOne<{ max: number }>() ?? { max: 0 };
        const version = await versions.save(
          versions.create({
            modelId: model.id,
            version: Number(max) + 1,
            artifactSha256: input.model.artifactSha256,
            artifactUri: input.model.artifactUri,
            metrics: input.evaluation.metrics,
            aliases: [],
            target: input.target,
            features: input.features,
            classLabels: input.model.classLabels,
            hyperparameters: input.model.effectiveHyperparameters,
            datasetVersionId: input.datasetVersionId,
            pipelineRunId: run.id,
          }),
        );
        const reproducibility = await reproducibilityOf(manager, input);
        await manager.getRepository(PipelineRunEntity).update(run.id, { modelVersionId: version.id, reproducibility });
        await recordLineageNode(manager, { id: version.id, kind: 'model_version', label: `${input.modelName} v${version.version}` });
        await recordLineageEdge(manager, run.id, version.id, 'produced');
        if ('gates' in input.evaluation) {
          const report = await manager.getRepository(EvaluationReportEntity).save({
            modelVersionId: version.id,
            datasetVersionId: input.datasetVersionId,
            pipelineRunId: run.id,
            gatesPassed: input.evaluation.gatesPassed,
            report: input.evaluation,
          });
          await recordLineageNode(manager, { id: report.id, kind: 'evaluation_report', label: `evaluation of ${input.modelName} v${version.version}` });
          await recordLineageEdge(manager, version.id, report.id, 'evaluated_by');
          await recordLineageEdge(manager, input.datasetVersionId, report.id, 'used_by');
        }
        if (input.bestTrialIndex !== undefined) {
          await recordLineageEdge(manager, trialLineageId(input.workflowId, input.bestTrialIndex), version.id, 'selected');
        }
        await appendAuditEvent(manager, {
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
            ...('gates' in input.evaluation ? { gatesPassed: input.evaluation.gatesPassed } : {}),
            reproducibility,
          },
          idempotencyKey: `${input.workflowId}:model_version.registered`,
        });
        return { modelVersionId: version.id, version: version.version };
      });
    },
  };
}

async function reproducibilityOf(manager: EntityManager, input: RegistrationInput): Promise<Reproducibility> {
  const build = buildInfo();
  const dataset = await manager.getRepository(DatasetVersionEntity).findOneByOrFail({ id: input.datasetVersionId });
  // Runs started before trainers were selectable carry none: they used the built-in one.
  const trainer = input.trainer ?? BUILTIN_TRAINERS[input.task];
  // An imported model's "trainer" is the artifact itself.
  const trainerVersion = input.importedModel
    ? input.importedModel.artifactSha256
    : isBuiltinTrainer(trainer)
      ? build.provenantVersion
      : String((await manager.getRepository(TrainerEntity).findOneByOrFail({ name: trainer })).version);
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
  };
}
