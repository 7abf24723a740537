import type { EntityManager } from 'typeorm';
import { appendAuditEvent } from '../../db/audit-log';
import { inTransaction } from '../../db/db';
import { findDriftReportOfScan, saveDriftReport, type DriftReportRow } from '../../db/drift-reports';
import { recordLineageEdge, recordLineageNode } from '../../db/lineage-store';
import { DRIFT_MONITOR_ACTOR, type DriftFindings, type DriftReportSummary, type DriftScanInput, type DriftScanPlan } from '../../domain/drift';
import { conceptDriftLevel } from '../../domain/drift-signals';
import type { ActivityDependencies } from '../dependencies';
import { datasetVersionRef } from './dataset-version-ref';

export function createDriftReportActivity({ dataSource }: ActivityDependencies) {
  return {
    /**
     * Stores the scan's report with its lineage and audit event in one transaction. The
     * scan id is the report's key, so a retry returns the report already stored.
     */
    async recordDriftReport(plan: DriftScanPlan, findings: DriftFindings, input: DriftScanInput): Promise<DriftReportSummary> {
      return inTransaction(dataSource, async (manager) => {
        const existing = await findDriftReportOfScan(manager, plan.scanId);
        if (existing) return driftReportSummary(existing);
        const report = await saveDriftReport(manager, {
          workflowId: plan.scanId,
          modelId: plan.modelId,
          modelName: plan.modelName,
          environment: input.environment,
          modelVersionId: plan.modelVersionId,
          deploymentId: plan.deploymentId,
          scheduleId: input.scheduleId,
          triggeredBy: input.triggeredBy,
          reference: plan.reference,
          current: plan.current,
          datasetDrift: findings.datasetDrift,
          driftShare: findings.driftShare,
          driftShareThreshold: findings.driftShareThreshold,
          numberOfColumns: findings.columns.length,
          numberOfDriftedColumns: findings.numberOfDriftedColumns,
          columns: findings.columns.map((column) => ({ ...column, kindChosenBy: plan.columns.find((spec) => spec.name === column.column)?.kindChosenBy ?? 'SCHEMA' })),
          predictionDrift: findings.predictionDrift,
          conceptDrift: findings.conceptDrift,
          performanceEstimate: findings.performanceEstimate ?? null,
          retraining: null,
          retrainingRunId: null,
        });
        await recordLineageNode(manager, { id: report.id, kind: 'drift_report', label: await reportLabel(manager, plan) });
        // The deployment's lineage node was recorded when it began (beginDeployment).
        if (plan.deploymentId) await recordLineageEdge(manager, plan.deploymentId, report.id, 'scanned_by');
        await recordLineageEdge(manager, plan.modelVersionId, report.id, 'monitored_by');
        await recordLineageEdge(manager, plan.reference.datasetVersionId, report.id, 'reference_of');
        if (plan.current.kind === 'dataset_version') await recordLineageEdge(manager, plan.current.datasetVersionId, report.id, 'current_of');
        const summary = driftReportSummary(report);
        await appendAuditEvent(manager, {
          actor: DRIFT_MONITOR_ACTOR,
          action: 'drift_report.recorded',
          subjectType: 'drift_report',
          subjectId: report.id,
          payload: {
            modelName: plan.modelName,
            environment: input.environment,
            version: plan.modelVersion,
            triggeredBy: input.triggeredBy,
            datasetDrift: findings.datasetDrift,
            driftShare: findings.driftShare,
            driftedColumns: findings.columns.filter((column) => column.drifted).map((column) => column.column),
            predictionDrifted: summary.predictionDrifted,
            conceptDrift: {
              ddm: findings.conceptDrift?.ddm?.level ?? null,
              eddm: findings.conceptDrift?.eddm?.level ?? null,
              pageHinkley: findings.conceptDrift?.pageHinkley?.level ?? null,
            },
          },
          idempotencyKey: `${plan.scanId}:recorded`,
        });
        return summary;
      });
    },
  };
}

function driftReportSummary(report: DriftReportRow): DriftReportSummary {
  return {
    reportId: report.id,
    datasetDrift: report.datasetDrift,
    driftShare: report.driftShare,
    predictionDrifted: report.predictionDrift?.drifted ?? false,
    conceptDriftLevel: conceptDriftLevel(report.conceptDrift),
  };
}

/** `drift:weather@STAGING` for live traffic, `drift:weather@seattle-weather v3` for a dataset version. */
async function reportLabel(manager: EntityManager, plan: DriftScanPlan): Promise<string> {
  if (plan.current.kind === 'prediction_log') return `drift:${plan.modelName}@${plan.current.environment}`;
  const current = await datasetVersionRef(manager, plan.current.datasetVersionId);
  return `drift:${plan.modelName}@${current.datasetName} v${current.version}`;
}
