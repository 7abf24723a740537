import { Inject, Injectable } from '@nestjs/common';
import { In, type DataSource } from 'typeorm';
import { listDeployments } from '../../db/deployments';
import { driftReportOutlinesOfVersion } from '../../db/drift-reports';
import {
  ApprovalDecisionEntity,
  ApprovalGateEntity,
  DatasetEntity,
  DatasetVersionEntity,
  EvaluationReportEntity,
  ModelAliasEventEntity,
  ModelEntity,
  ModelVersionEntity,
  PipelineRunEntity,
  TrainerEntity,
  ValidationReportEntity,
} from '../../db/entities';
import { badInput, notFound } from '../../domain/errors';
import { IMPORTED_TRAINER, isBuiltinTrainer } from '../../domain/pipeline';
import { betterThan } from '../../domain/tuning';
import { isUuid } from '../common/ids';
import { DATA_SOURCE } from '../common/injection-tokens';
import { aliasMoveEventIds, AuditEventIndex, inChainOrder, type AuditEventRef } from './audit-event-index';
import type {
  DatasetUsage,
  NamedNumberType,
  ProvenanceCodeType,
  ProvenanceDatasetType,
  ProvenanceEvaluationType,
  ProvenanceParametersType,
  ProvenanceTuningType,
  ProvenanceType,
  ProvenanceValidationType,
} from './provenance.types';

const ALIAS_ACTIONS = ['model.alias_set', 'model.alias_removed'];
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
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async provenance(modelVersionId: string): Promise<ProvenanceType> {
    if (!isUuid(modelVersionId)) throw badInput('modelVersionId', 'is not a model version id (expected a UUID)');
    const db = this.dataSource;
    const version = await db.getRepository(ModelVersionEntity).findOneBy({ id: modelVersionId });
    if (!version) throw notFound('modelVersionId', `model version ${modelVersionId}`);

    const [model, run, evaluation, gates, deployments, aliasMoves, driftReports] = await Promise.all([
      db.getRepository(ModelEntity).findOneByOrFail({ id: version.modelId }),
      version.pipelineRunId ? db.getRepository(PipelineRunEntity).findOneBy({ id: version.pipelineRunId }) : null,
      db.getRepository(EvaluationReportEntity).findOneBy({ modelVersionId }),
      db.getRepository(ApprovalGateEntity).find({ where: { modelVersionId }, order: { createdAt: 'ASC' } }),
      listDeployments(db, { modelVersionId }, 'ASC'),
      db.getRepository(ModelAliasEventEntity).find({
        where: [
          { modelId: version.modelId, fromVersionId: modelVersionId },
          { modelId: version.modelId, toVersionId: modelVersionId },
        ],
        order: { id: 'ASC' },
      }),
      driftReportOutlinesOfVersion(db, modelVersionId),
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
    const otherVersionIds = unique([...aliasMoves.flatMap((move) => [move.fromVersionId, move.toVersionId]), ...deployments.map((d) => d.previousVersionId)]);
    const retrainingRunIds = unique(driftReports.map((report) => report.retrainingRunId));
    const trainerName = run?.reproducibility?.trainer;
    const externalTrainer = trainerName && !isBuiltinTrainer(trainerName) && trainerName !== IMPORTED_TRAINER ? trainerName : null;

    const [validation, decisions, datasetVersions, versionNumbers, retrainingRuns, trainer] = await Promise.all([
      run?.validationReportId ? db.getRepository(ValidationReportEntity).findOneBy({ id: run.validationReportId }) : null,
      gates.length > 0 ? db.getRepository(ApprovalDecisionEntity).find({ where: { gateId: In(gates.map((g) => g.id)) }, order: { decidedAt: 'ASC' } }) : [],
      this.datasetVersions([...usages.keys()]),
      otherVersionIds.length > 0 ? db.getRepository(ModelVersionEntity).find({ select: { id: true, version: true }, where: { id: In(otherVersionIds) } }) : [],
      retrainingRunIds.length > 0 ? db.getRepository(PipelineRunEntity).find({ where: { id: In(retrainingRunIds) } }) : [],
      externalTrainer ? db.getRepository(TrainerEntity).findOneBy({ name: externalTrainer }) : null,
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
    ];
    const audit = new AuditEventIndex(await this.auditEvents(unique(subjects), model.id, version.id));
    const registered = audit.events(version.id, (e) => e.action === 'model_version.registered');
    const stage = (name: string) => audit.events(run?.id, (e) => e.action.startsWith('pipeline.stage.') && e.stage === name);
    const numberOf = new Map(versionNumbers.map((v) => [v.id, v.version]));
    numberOf.set(version.id, version.version);
    const aliasEventIds = aliasMoveEventIds(aliasMoves, audit.events(model.id));
    const reportOfRun = new Map(driftReports.filter((r) => r.retrainingRunId).map((r) => [r.retrainingRunId!, r.id]));

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
      validation: validation && validationOf(validation, inChainOrder(audit.events(validation.id), stage('validate'))),
      evaluation: evaluation && evaluationOf(evaluation, inChainOrder(stage('evaluate'), registered)),
      approvalGates: gates.map((gate) => ({
        id: gate.id,
        environment: gate.environment,
        status: gate.status,
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
        previousVersion: deployment.previousVersionId ? (numberOf.get(deployment.previousVersionId) ?? null) : null,
        startedAt: deployment.createdAt,
        finishedAt: deployment.finishedAt,
        auditEventIds: audit.ids(deployment.id),
      })),
      aliasMoves: aliasMoves.map((move, i) => ({
        alias: move.alias,
        fromVersionId: move.fromVersionId,
        fromVersion: move.fromVersionId ? (numberOf.get(move.fromVersionId) ?? null) : null,
        toVersionId: move.toVersionId,
        toVersion: move.toVersionId ? (numberOf.get(move.toVersionId) ?? null) : null,
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
    };
  }

  /** Without their schemas and profiles, which can be large and say nothing about provenance. */
  private async datasetVersions(ids: string[]): Promise<Omit<ProvenanceDatasetType, 'usedAs' | 'auditEventIds'>[]> {
    const rows: Omit<ProvenanceDatasetType, 'usedAs' | 'auditEventIds'>[] = await this.dataSource
      .getRepository(DatasetVersionEntity)
      .createQueryBuilder('v')
      .innerJoin(DatasetEntity, 'd', 'd.id = v.dataset_id')
      .select([
        'v.id AS "datasetVersionId"',
        'd.name AS "datasetName"',
        'v.version AS "version"',
        'v.content_sha256 AS "contentSha256"',
        'v.row_count AS "rowCount"',
        'v.format AS "format"',
        'v.source_uri AS "sourceUri"',
        'v.created_by AS "registeredBy"',
        'v.created_at AS "registeredAt"',
      ])
      .where('v.id IN (:...ids)', { ids })
      .orderBy('v.created_at', 'ASC')
      .getRawMany();
    return rows;
  }

  /**
   * Every audit event about the version and what hangs off it, and the alias moves onto
   * or off the version among its model's events; only the payload keys that tell which
   * fact an event records.
   */
  private async auditEvents(subjectIds: string[], modelId: string, versionId: string): Promise<AuditEventRef[]> {
    const rows: (Omit<AuditEventRef, 'sequence'> & { sequence: string })[] = await this.dataSource.query(
      `SELECT id, sequence, action, actor, subject_id AS "subjectId",
              payload->>'stage' AS stage, payload->>'alias' AS alias,
              payload->>'fromVersionId' AS "fromVersionId", payload->>'toVersionId' AS "toVersionId",
              payload->>'version' AS "trainerVersion"
         FROM audit_event
        WHERE subject_id = ANY($1::text[])
           OR (subject_id = $2 AND action = ANY($3::text[]) AND $4 IN (payload->>'fromVersionId', payload->>'toVersionId'))
        ORDER BY sequence`,
      [subjectIds, modelId, ALIAS_ACTIONS, versionId],
    );
    return rows.map((row) => ({ ...row, sequence: Number(row.sequence) }));
  }
}

function codeOf(run: PipelineRunEntity, auditEventIds: string[]): ProvenanceCodeType {
  const { trainer, trainerVersion, gitCommit, nodeVersion, onnxruntimeVersion, provenantVersion } = run.reproducibility!;
  return { trainer, trainerVersion, gitCommit, nodeVersion, onnxruntimeVersion, provenantVersion, auditEventIds };
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
    gatesPassed: report.gatesPassed,
    gates: report.gates,
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
