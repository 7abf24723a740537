import type { EntityManager } from 'typeorm';
import { appendAuditEvent } from '../../db/audit-log';
import { mustExist, databaseTime, inTransaction } from '../../db/db';
import { recordLineageEdge } from '../../db/lineage-store';
import { findPipelineRun, type PipelineRunEntity, recordPipelineRun } from '../../db/pipeline-runs';
import { findModelVersion } from '../../db/registry';
import { findDriftReport, lastDriftRetrainingRun, lockDriftReport, previousDriftReports, updateDriftReport, type DriftReportRow } from '../../db/drift-reports';
import { lockRetrainingPolicy, type RetrainingPolicyRow } from '../../db/retraining-policies';
import { DRIFT_MONITOR_ACTOR, type RetrainingDecision, type RetrainingPolicy } from '../../domain/drift';
import type { PipelineInput } from '../../domain/pipeline';
import { taskQueuesFor } from '../../domain/task-queues';
import type { ActivityDependencies } from '../dependencies';
import { invalidInput } from '../failures';
import { datasetVersionRef, newestDatasetVersionRef } from './dataset-version-ref';
import { decideRetraining, type RetrainingContext } from './retraining-decision';

export interface RetrainingOutcome {
  decision: RetrainingDecision;
  /** The pipeline the scan workflow must start (as an abandoned child) when the decision is STARTED. */
  start: { workflowId: string; input: PipelineInput } | null;
}

export function createRetrainingActivity({ dataSource, config }: ActivityDependencies) {
  return {
    /**
     * Applies the model's retraining policy to a stored drift report, once: the decision
     * is stored on the report, so a retry returns it, with the same run to start. A STARTED
     * decision records the run (row, lineage, audit) in the same transaction; the scan
     * workflow starts it.
     */
    async applyRetrainingPolicy(reportId: string): Promise<RetrainingOutcome> {
      return inTransaction(dataSource, async (manager) => {
        const unlocked = await findDriftReport(manager, reportId);
        if (!unlocked) throw invalidInput('reportId', `drift report ${reportId} does not exist`);
        // Every scan of the model takes the policy's lock first, so concurrent scans decide
        // one after another and cannot both start a run inside one cooldown.
        const policyRow = await lockRetrainingPolicy(manager, unlocked.modelName);
        const report = await lockDriftReport(manager, reportId);
        if (report.retraining) return storedOutcome(manager, report.retraining);

        const policy = policyRow ? retrainingPolicyOf(policyRow) : null;
        const { context, scannedRun } = await retrainingContext(manager, report, policy);
        const verdict = decideRetraining(context);
        if (verdict.action !== 'STARTED' || !policy) {
          const decision: RetrainingDecision = { ...verdict, pipelineWorkflowId: null, pipelineRunId: null };
          await updateDriftReport(manager, report.id, { retraining: decision });
          if (verdict.action === 'SKIPPED') {
            await appendAuditEvent(manager, {
              actor: DRIFT_MONITOR_ACTOR,
              action: 'retraining.skipped',
              subjectType: 'drift_report',
              subjectId: report.id,
              payload: { reportId: report.id, reason: verdict.reason, policy },
              idempotencyKey: `${report.id}:retraining`,
            });
          }
          return { decision, start: null };
        }

        // A retrained version is trained afresh: neither an imported file nor an ensemble recipe carries over.
        const { importedModel, ensemble, ...base } = scannedRun.input;
        const input: PipelineInput = {
          ...base,
          datasetVersionId: context.newestDatasetVersion.id,
          deploy: policy.deploy,
          requestedBy: DRIFT_MONITOR_ACTOR,
          taskQueues: taskQueuesFor(config.taskQueuePrefix),
        };
        const run = await recordPipelineRun(manager, input, DRIFT_MONITOR_ACTOR, `drift:${report.id}`);
        await recordLineageEdge(manager, report.id, run.id, 'triggered');
        const decision: RetrainingDecision = { ...verdict, pipelineWorkflowId: run.workflowId, pipelineRunId: run.id };
        await updateDriftReport(manager, report.id, { retraining: decision, retrainingRunId: run.id });
        await appendAuditEvent(manager, {
          actor: DRIFT_MONITOR_ACTOR,
          action: 'retraining.started',
          subjectType: 'drift_report',
          subjectId: report.id,
          payload: {
            reportId: report.id,
            reason: verdict.reason,
            policy,
            workflowId: run.workflowId,
            datasetVersionId: context.newestDatasetVersion.id,
            datasetVersion: `${context.newestDatasetVersion.datasetName} v${context.newestDatasetVersion.version}`,
          },
          idempotencyKey: `${report.id}:retraining`,
        });
        return { decision, start: { workflowId: run.workflowId, input: run.input } };
      });
    },
  };
}

/** The decision made earlier, with its run's stored input, so a retried scan starts the very same pipeline. */
async function storedOutcome(manager: EntityManager, decision: RetrainingDecision): Promise<RetrainingOutcome> {
  if (decision.action !== 'STARTED' || !decision.pipelineRunId) return { decision, start: null };
  const run = mustExist(await findPipelineRun(manager, { id: decision.pipelineRunId }), `pipeline run ${decision.pipelineRunId}`);
  return { decision, start: { workflowId: run.workflowId, input: run.input } };
}

/** The scanned version's history and the model's recent reports and runs, as decideRetraining reads them. */
async function retrainingContext(
  manager: EntityManager,
  report: DriftReportRow,
  policy: RetrainingPolicy | null,
): Promise<{ context: RetrainingContext; scannedRun: PipelineRunEntity }> {
  const version = mustExist(await findModelVersion(manager, { id: report.modelVersionId }), `model version ${report.modelVersionId}`);
  if (!version.pipelineRunId) {
    throw invalidInput('reportId', `${report.modelName} v${version.version} has no pipeline run to repeat`);
  }
  const scannedRun = mustExist(await findPipelineRun(manager, { id: version.pipelineRunId }), `pipeline run ${version.pipelineRunId}`);
  const trainedOn = await datasetVersionRef(manager, version.datasetVersionId);
  const now = new Date(await databaseTime(manager));
  const context: RetrainingContext = {
    modelName: report.modelName,
    policy,
    report,
    previousReports: await previousDriftReports(manager, report.id, (policy?.consecutiveDriftedScans ?? 1) - 1),
    lastDriftRun: await lastDriftRetrainingRun(manager, report.modelName),
    scannedVersion: { version: version.version, imported: Boolean(scannedRun.input.importedModel), trainedOn },
    newestDatasetVersion: await newestDatasetVersionRef(manager, trainedOn),
    now,
  };
  return { context, scannedRun };
}

function retrainingPolicyOf(row: RetrainingPolicyRow): RetrainingPolicy {
  return {
    modelName: row.modelName,
    enabled: row.enabled,
    consecutiveDriftedScans: row.consecutiveDriftedScans,
    onConceptDrift: row.onConceptDrift,
    conceptDriftConfirmation: row.conceptDriftConfirmation,
    confirmationSignals: row.confirmationSignals,
    cooldownMs: row.cooldownMs,
    deploy: row.deploy,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}
