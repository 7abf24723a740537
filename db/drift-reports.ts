import type { EntityManager } from 'typeorm';
import type { DeployEnvironment } from '../domain/approval';
import type { Db } from './db';
import { DriftReportEntity } from './entities';
import { newestFirstPage, type NewestFirstPage, type PagePosition } from './newest-first-page';

/** A stored drift report: what one scan compared and found. */
export type DriftReportRow = DriftReportEntity;

export type NewDriftReport = Omit<DriftReportRow, 'id' | 'createdAt'>;

export function saveDriftReport(tx: EntityManager, report: NewDriftReport): Promise<DriftReportRow> {
  const reports = tx.getRepository(DriftReportEntity);
  return reports.save(reports.create(report));
}

export function findDriftReport(db: Db, id: string): Promise<DriftReportRow | null> {
  return db.getRepository(DriftReportEntity).findOneBy({ id });
}

/** The report a scan stored, keyed by the scan's workflow id; one per scan. */
export function findDriftReportOfScan(db: Db, workflowId: string): Promise<DriftReportRow | null> {
  return db.getRepository(DriftReportEntity).findOneBy({ workflowId });
}

/** The report, locked until the transaction ends: its retraining decision is made once. */
export function lockDriftReport(tx: EntityManager, id: string): Promise<DriftReportRow> {
  return tx.getRepository(DriftReportEntity).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
}

export async function updateDriftReport(db: Db, id: string, change: Partial<Pick<DriftReportRow, 'retraining' | 'retrainingRunId'>>): Promise<void> {
  await db.getRepository(DriftReportEntity).update(id, change);
}

/** A model's reports, newest first, optionally of one environment's traffic. */
export function driftReportsPage(
  db: Db,
  of: { modelName: string; environment: DeployEnvironment | null },
  first: number,
  after: PagePosition | null,
): Promise<NewestFirstPage<DriftReportRow>> {
  const query = db.getRepository(DriftReportEntity).createQueryBuilder('r').where('r.model_name = :modelName', { modelName: of.modelName });
  if (of.environment) query.andWhere('r.environment = :environment', { environment: of.environment });
  return newestFirstPage(query, first, after);
}

export type DriftReportOutline = Pick<DriftReportRow, 'id' | 'createdAt' | 'environment' | 'datasetDrift' | 'driftShare' | 'retrainingRunId' | 'reference' | 'current'>;

/** A version's reports, oldest first; not the per-column results and histograms, only whether and how much it drifted. */
export function driftReportOutlinesOfVersion(db: Db, modelVersionId: string): Promise<DriftReportOutline[]> {
  return db.getRepository(DriftReportEntity).find({
    select: { id: true, createdAt: true, environment: true, datasetDrift: true, driftShare: true, retrainingRunId: true, reference: true, current: true },
    where: { modelVersionId },
    order: { createdAt: 'ASC' },
  });
}

/**
 * Whether each of the `count` reports of the same model and environment before this one
 * found dataset drift, newest first. Reports where no column had enough data to be tested
 * are left out: they are no evidence of drift or of its absence.
 */
export async function previousDriftReports(db: Db, reportId: string, count: number): Promise<{ datasetDrift: boolean }[]> {
  if (count <= 0) return [];
  return db.query(
    `SELECT earlier.dataset_drift AS "datasetDrift"
       FROM drift_report earlier, drift_report this
      WHERE this.id = $1 AND earlier.model_name = this.model_name
        AND earlier.environment IS NOT DISTINCT FROM this.environment
        AND (earlier.created_at, earlier.id) < (this.created_at, this.id)
        AND EXISTS (SELECT 1 FROM jsonb_array_elements(earlier.columns) AS col WHERE coalesce(col->>'status', 'TESTED') = 'TESTED')
      ORDER BY earlier.created_at DESC, earlier.id DESC
      LIMIT $2`,
    [reportId, count],
  );
}

/** The newest pipeline run a drift report of the model started, for the retraining cooldown. */
export async function lastDriftRetrainingRun(db: Db, modelName: string): Promise<{ workflowId: string; startedAt: Date } | null> {
  const [run]: { workflowId: string; startedAt: Date }[] = await db.query(
    `SELECT run.workflow_id AS "workflowId", run.created_at AS "startedAt"
       FROM drift_report report JOIN pipeline_run run ON run.id = report.retraining_run_id
      WHERE report.model_name = $1
      ORDER BY run.created_at DESC
      LIMIT 1`,
    [modelName],
  );
  return run ?? null;
}
