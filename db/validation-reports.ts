import type { EntityManager } from 'typeorm';
import type { ColumnExpectation, ValidationResult } from '../domain/validation';
import { appendAuditEvent } from './audit-log';
import type { Db } from './db';
import { ValidationReportEntity } from './entities';
import { recordLineageEdge, recordLineageNode } from './lineage-store';
import { updatePipelineRun } from './pipeline-runs';

export type { ValidationReportEntity } from './entities';

export interface NewValidationReport {
  datasetVersionId: string;
  pipelineRunId: string | null;
  result: ValidationResult;
  expectations: ColumnExpectation[];
  target: string | null;
  features: string[] | null;
  createdBy: string;
}

/**
 * Stores a report with its lineage (dataset version → report, and report → run for a
 * pipeline's) and an audit event, in the caller's transaction.
 */
export async function saveValidationReport(manager: EntityManager, report: NewValidationReport): Promise<ValidationReportEntity> {
  const repository = manager.getRepository(ValidationReportEntity);
  const saved = await repository.save(
    repository.create({
      datasetVersionId: report.datasetVersionId,
      pipelineRunId: report.pipelineRunId,
      status: report.result.status,
      checks: report.result.checks,
      expectations: report.expectations,
      target: report.target,
      features: report.features,
      createdBy: report.createdBy,
    }),
  );
  await recordLineageNode(manager, { id: saved.id, kind: 'validation_report', label: `validation ${saved.status}` });
  await recordLineageEdge(manager, report.datasetVersionId, saved.id, 'validated_by');
  if (report.pipelineRunId) {
    await recordLineageEdge(manager, saved.id, report.pipelineRunId, 'used_by');
    await updatePipelineRun(manager, { id: report.pipelineRunId }, { validationReportId: saved.id });
  }
  await appendAuditEvent(manager, {
    actor: report.createdBy,
    action: 'validation_report.created',
    subjectType: 'validation_report',
    subjectId: saved.id,
    payload: {
      datasetVersionId: report.datasetVersionId,
      pipelineRunId: report.pipelineRunId,
      status: saved.status,
      failed: report.result.checks.filter((check) => check.status === 'FAIL').map((check) => `${check.name}:${check.column ?? ''}`),
      warned: report.result.checks.filter((check) => check.status === 'WARN').map((check) => `${check.name}:${check.column ?? ''}`),
    },
  });
  return saved;
}

/** A report by its id, or the one a pipeline run's validate stage stored (its retries look for it before storing another). */
export function findValidationReport(db: Db, key: { id: string } | { pipelineRunId: string }): Promise<ValidationReportEntity | null> {
  return db.getRepository(ValidationReportEntity).findOneBy(key);
}
