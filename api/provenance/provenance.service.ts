import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { reconcileWorkflow } from '../../activities/external-operations';
import { findAuditEventRefs } from '../../db/audit-log';
import { externalOperationsOf } from '../../db/external-operations';
import { findDatasetVersionSummaries } from '../../db/datasets';
import { breakGlassOfVersion } from '../../db/break-glass';
import { databaseTime, mustExist } from '../../db/db';
import { listDeployments } from '../../db/deployments';
import { driftReportOutlinesOfVersion } from '../../db/drift-reports';
import { decisionsOf, releaseGatesOfVersion } from '../../db/approval-gates';
import { aliasHistory } from '../../db/model-aliases';
import { findPipelineRun, findPipelineRuns, type PipelineRunEntity } from '../../db/pipeline-runs';
import {
  findEvaluationReport,
  findModel,
  findModelVersion,
  findTrainer,
  modelVersionNumbers,
  type EvaluationReportEntity,
  type ModelVersionEntity,
} from '../../db/registry';
import { findValidationReport, type ValidationReportEntity } from '../../db/validation-reports';
import { ENSEMBLE_TRAINER_PREFIX } from '../../domain/ensemble';
import { badInput, notFound } from '../../domain/errors';
import { IMPORTED_TRAINER, isBuiltinTrainer } from '../../domain/pipeline';
import { betterThan } from '../../domain/tuning';
import { isUuid } from '../../domain/ids';
import { logger } from '../../platform/logger';
import { DATA_SOURCE, TEMPORAL_CLIENT } from '../common/injection-tokens';
import { aliasMoveEventIds, AuditEventIndex, inChainOrder } from './audit-event-index';
import type {
  DatasetUsage,
  NamedNumberType,
  ProvenanceCodeType,
  ProvenanceEvaluationType,
  ProvenanceParametersType,
  ProvenanceTuningType,
  ProvenanceType,
  ProvenanceValidationType,
} from './provenance.types';

const DECISION_ACTIONS = ['approval_gate.approved_by', 'approval_gate.rejected_by'];

function unique<T>(values: (T | null | undefined)[]): T[] {
  return [...new Set(values.filter((value): value is T => value !== null && value !== undefined))];
}

function namedNumbers(values: Record<string, number>): NamedNumberType[] {
  return Object.entries(values)
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Assembles the provenance of a model version in four rounds of queries however long its
 * history (the version; what hangs off it; what that refers to; the audit events of all of
 * it), never one query per gate, deployment or report.
 */
@Injectable()
export class ProvenanceService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async provenance(modelVersionId: string): Promise<ProvenanceType> {
    if (!isUuid(modelVersionId)) throw badInput('modelVersionId', 'is not a model version id (expected a UUID)');
    const db = this.dataSource;
    const version = await findModelVersion(db, { id: modelVersionId });
    if (!version) throw notFound('modelVersionId', `model version ${modelVersionId}`);

    const [model, run, evaluation, gates, deployments, aliasMoves, driftReports, breakGlass, now] = await Promise.all([
      findModel(db, { id: version.modelId }).then((model) => mustExist(model, `model ${version.modelId}`)),
      version.pipelineRunId ? findPipelineRun(db, { id: version.pipelineRunId }) : null,
      findEvaluationReport(db, modelVersionId),
      releaseGatesOfVersion(db, modelVersionId),
      listDeployments(db, { modelVersionId }, 'ASC'),
      aliasHistory(db, version.modelId, modelVersionId),
      driftReportOutlinesOfVersion(db, modelVersionId),
      breakGlassOfVersion(db, modelVersionId),
      databaseTime(db).then((time) => new Date(time)),
    ]);

    const usages = new Map<string, DatasetUsage[]>();
    const use = (datasetVersionId: string, usage: DatasetUsage) => {
      const list = usages.get(datasetVersionId) ?? [];
      if (!list.includes(usage)) usages.set(datasetVersionId, [...list, usage]);
    };
    use(version.datasetVersionId, run?.input.importedModel ? 'EVALUATION' : 'TRAINING');
    for (const report of driftReports) {
      use(report.reference.datasetVersionId, 'DRIFT_REFERENCE');
      if (report.current.kind === 'dataset_version') use(report.current.datasetVersionId, 'DRIFT_CURRENT');
    }
    const previousVersionIds = unique(deployments.map((d) => d.previousVersionId));
    const retrainingRunIds = unique(driftReports.map((report) => report.retrainingRunId));
    const trainerName = run?.reproducibility?.trainer;
    const externalTrainer =
      trainerName && !isBuiltinTrainer(trainerName) && trainerName !== IMPORTED_TRAINER && !trainerName.startsWith(ENSEMBLE_TRAINER_PREFIX) ? trainerName : null;

    const workflowIds = unique([run?.workflowId, ...gates.map((gate) => gate.workflowId), ...deployments.map((deployment) => deployment.workflowId)]);
    await this.reconcile(workflowIds);
    const [validation, decisions, datasetVersions, previousVersionNumbers, retrainingRuns, trainer, externalOperations] = await Promise.all([
      run?.validationReportId ? findValidationReport(db, { id: run.validationReportId }) : null,
      decisionsOf(db, gates.map((g) => g.id)),
      findDatasetVersionSummaries(db, [...usages.keys()]),
      modelVersionNumbers(db, previousVersionIds),
      retrainingRunIds.length > 0 ? findPipelineRuns(db, retrainingRunIds) : [],
      externalTrainer ? findTrainer(db, externalTrainer) : null,
      externalOperationsOf(db, workflowIds),
    ]);

    const subjects = [
      version.id,
      run?.id,
      validation?.id,
      trainer?.id,
      ...usages.keys(),
      ...gates.map((gate) => gate.id),
      ...deployments.map((deployment) => deployment.id),
      ...driftReports.map((report) => report.id),
      ...retrainingRunIds,
      ...breakGlass.map((glass) => glass.id),
    ];
    const audit = new AuditEventIndex(await findAuditEventRefs(db, unique(subjects), { modelId: model.id, versionId: version.id }));
    const registered = audit.events(version.id, (e) => e.action === 'model_version.registered');
    const stage = (name: string) => audit.events(run?.id, (e) => e.action.startsWith('pipeline.stage.') && e.stage === name);
    const aliasEventIds = aliasMoveEventIds(aliasMoves, audit.events(model.id));
    const reportOfRun = new Map(driftReports.filter((r) => r.retrainingRunId).map((r) => [r.retrainingRunId!, r.id]));
    const breakGlassViews = new Map(
      breakGlass.map((glass) => [
        glass.id,
        {
          id: glass.id,
          operation: glass.operation,
          environment: glass.environment,
          status: glass.status === 'CONFIRMED' ? 'CONFIRMED' : glass.expiresAt <= now ? 'EXPIRED' : 'PENDING',
          reason: glass.reason,
          missing: glass.missing,
          requestedBy: glass.requestedBy,
          requestedAt: glass.requestedAt,
          confirmedBy: glass.confirmedBy,
          confirmedAt: glass.confirmedAt,
          auditEventIds: audit.ids(glass.id),
        },
      ]),
    );

    return {
      modelVersion: {
        id: version.id,
        modelName: model.name,
        version: version.version,
        artifactSha256: version.artifactSha256,
        registeredAt: version.createdAt,
        auditEventIds: audit.ids(version.id),
      },
      data: datasetVersions.map((dataset) => ({ ...dataset, usedAs: usages.get(dataset.datasetVersionId)!, auditEventIds: audit.ids(dataset.datasetVersionId) })),
      pipelineRun: run && {
        id: run.id,
        workflowId: run.workflowId,
        status: run.status,
        requestedBy: run.requestedBy,
        startedAt: run.createdAt,
        finishedAt: run.finishedAt,
        auditEventIds: audit.ids(run.id),
      },
      code: run?.reproducibility
        ? codeOf(run, inChainOrder(stage('train'), registered, audit.events(trainer?.id, (e) => e.action === 'trainer.registered' && e.trainerVersion === run.reproducibility!.trainerVersion)))
        : null,
      parameters: run && parametersOf(run, version, inChainOrder(audit.events(run.id, (e) => e.action === 'pipeline.requested'), stage('tune'), registered)),
      ensemble: run?.input.ensemble ? { ...run.input.ensemble, auditEventIds: inChainOrder(audit.events(run.id, (e) => e.action === 'pipeline.requested'), registered) } : null,
      validation: validation && validationOf(validation, inChainOrder(audit.events(validation.id), stage('validate'))),
      evaluation: evaluation && evaluationOf(evaluation, inChainOrder(stage('evaluate'), registered)),
      approvalGates: gates.map((gate) => ({
        id: gate.id,
        // Gates found by model version are that version's release gates, which always name an environment.
        environment: gate.environment!,
        status: gate.status,
        policy: gate.policy,
        policyVersion: gate.policyVersion,
        requiredApprovals: gate.requiredApprovals,
        requestedBy: gate.requestedBy,
        openedAt: gate.createdAt,
        closedAt: gate.closedAt,
        decisions: decisions
          .filter((decision) => decision.gateId === gate.id)
          .map((decision) => ({
            actor: decision.actor,
            decision: decision.decision,
            comment: decision.comment,
            channel: decision.channel,
            decidedAt: decision.decidedAt,
            auditEventIds: audit.ids(gate.id, (e) => DECISION_ACTIONS.includes(e.action) && e.actor === decision.actor),
          })),
        auditEventIds: audit.ids(gate.id, (e) => !DECISION_ACTIONS.includes(e.action)),
      })),
      deployments: deployments.map((deployment) => ({
        id: deployment.id,
        environment: deployment.environment,
        kind: deployment.kind,
        status: deployment.status,
        triggeredBy: deployment.triggeredBy,
        reason: deployment.reason,
        previousVersionId: deployment.previousVersionId,
        previousVersion: deployment.previousVersionId ? (previousVersionNumbers.get(deployment.previousVersionId) ?? null) : null,
        startedAt: deployment.createdAt,
        finishedAt: deployment.finishedAt,
        breakGlass: deployment.breakGlassId ? (breakGlassViews.get(deployment.breakGlassId) ?? null) : null,
        auditEventIds: audit.ids(deployment.id),
      })),
      breakGlass: [...breakGlassViews.values()],
      aliasMoves: aliasMoves.map((move, i) => ({
        alias: move.alias,
        fromVersionId: move.fromVersionId,
        fromVersion: move.fromVersion,
        toVersionId: move.toVersionId,
        toVersion: move.toVersion,
        actor: move.actor,
        reason: move.reason,
        at: move.at,
        auditEventIds: aliasEventIds[i],
      })),
      driftReports: driftReports.map((report) => ({
        id: report.id,
        createdAt: report.createdAt,
        environment: report.environment,
        datasetDrift: report.datasetDrift,
        driftShare: report.driftShare,
        retrainingRunId: report.retrainingRunId,
        auditEventIds: audit.ids(report.id),
      })),
      retrainingRuns: retrainingRuns
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        .map((retraining) => ({
          id: retraining.id,
          driftReportId: reportOfRun.get(retraining.id)!,
          workflowId: retraining.workflowId,
          status: retraining.status,
          requestedBy: retraining.requestedBy,
          startedAt: retraining.createdAt,
          finishedAt: retraining.finishedAt,
          modelVersionId: retraining.modelVersionId,
          auditEventIds: inChainOrder(audit.events(reportOfRun.get(retraining.id), (e) => e.action === 'retraining.started'), audit.events(retraining.id)),
        })),
      externalOperations: externalOperations.map(({ auditEventId, action, actor, workflowId, payload }) => {
        const { source: _source, workflowType: _type, runId, eventId, eventTime, ...details } = payload;
        return { action, actor, workflowId, runId: String(runId), eventId: Number(eventId), at: new Date(String(eventTime)), details, auditEventId };
      }),
    };
  }

  /**
   * Audits what reached these workflows from outside Provenant since the scheduled
   * reconciliation last ran. Provenance stays readable when Temporal is not: the schedule
   * catches up later.
   */
  private async reconcile(workflowIds: string[]): Promise<void> {
    await Promise.all(
      workflowIds.map((workflowId) =>
        reconcileWorkflow(this.temporal, this.dataSource, workflowId).catch((error: unknown) =>
          logger.warn({ err: error, workflowId }, 'could not reconcile the workflow history with the audit log; the schedule will'),
        ),
      ),
    );
  }
}

function codeOf(run: PipelineRunEntity, auditEventIds: string[]): ProvenanceCodeType {
  const { trainer, trainerVersion, gitCommit, nodeVersion, onnxruntimeVersion, provenantVersion, mlflowRunId } = run.reproducibility!;
  return { trainer, trainerVersion, gitCommit, nodeVersion, onnxruntimeVersion, provenantVersion, mlflowRunId: mlflowRunId ?? null, auditEventIds };
}

function parametersOf(run: PipelineRunEntity, version: ModelVersionEntity, auditEventIds: string[]): ProvenanceParametersType {
  return {
    hyperparameters: namedNumbers(version.hyperparameters),
    requestedHyperparameters: namedNumbers(run.input.hyperparameters),
    seed: run.input.seed,
    testFraction: run.input.testFraction,
    crossValidationFolds: run.input.crossValidation?.folds ?? null,
    tuning: tuningOf(run),
    auditEventIds,
  };
}

function tuningOf(run: PipelineRunEntity): ProvenanceTuningType | null {
  const spec = run.input.tuning;
  if (!spec) return null;
  const { metric, goal } = spec.objective;
  const succeeded = run.trials.filter((trial) => trial.status === 'SUCCEEDED');
  const values = succeeded.map((trial) => trial.metrics?.[metric]).filter((value): value is number => typeof value === 'number');
  return {
    strategy: spec.strategy,
    objectiveMetric: metric,
    objectiveGoal: goal,
    maxTrials: spec.maxTrials,
    trials: run.trials.length,
    succeededTrials: succeeded.length,
    failedTrials: run.trials.filter((trial) => trial.status === 'FAILED').length,
    bestValue: values.reduce<number | null>((best, value) => (best === null || betterThan(goal, value, best) ? value : best), null),
  };
}

function validationOf(report: ValidationReportEntity, auditEventIds: string[]): ProvenanceValidationType {
  return {
    reportId: report.id,
    status: report.status,
    failingChecks: report.checks.filter((check) => check.status === 'FAIL'),
    warningChecks: report.checks.filter((check) => check.status === 'WARN'),
    auditEventIds,
  };
}

function evaluationOf(entity: EvaluationReportEntity, auditEventIds: string[]): ProvenanceEvaluationType {
  const { report } = entity;
  const champion = report.champion;
  return {
    reportId: entity.id,
    testRowCount: report.testRowCount,
    metrics: namedNumbers(report.metrics),
    qualityChecksPassed: report.qualityChecksPassed,
    qualityChecks: report.qualityChecks,
    champion: champion && {
      championVersionId: champion.championVersionId,
      championVersion: champion.championVersion,
      metrics: namedNumbers(champion.deltas).map(({ name, value }) => ({
        metric: name,
        candidate: report.metrics[name],
        champion: champion.championMetrics[name],
        delta: value,
      })),
    },
    championSkipped: report.championSkipped,
    auditEventIds,
  };
}
