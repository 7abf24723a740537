import type { DataSource } from 'typeorm';
import { auditLogSealed } from '../../../db/audit-log';

/** Rows a retried write could have added twice, by kind; each count is rows beyond the first of their key. */
export interface DuplicateCounts {
  /** More than one model version for a pipeline run. */
  modelVersions: number;
  /** The same lineage edge twice. */
  lineageEdges: number;
  /** The same fact logged twice (see AUDIT_FACT). */
  auditEvents: number;
  /** The same alias move recorded twice. */
  aliasMoves: number;
  /** A canary step recorded twice in a deployment's weights or observations. */
  canarySteps: number;
  total: number;
}

/**
 * What makes an audit event one fact. Most actions happen once per subject; the few
 * that may rightly repeat for a subject differ in who did it (approvals), the stage
 * (stage events), the canary weight, or the alias move. A retry repeats all of these.
 */
const AUDIT_FACT = `action, subject_type, subject_id, actor, payload->>'stage', payload->>'weight', payload->>'alias', payload->>'fromVersionId', payload->>'toVersionId'`;

export async function countDuplicates(dataSource: DataSource): Promise<DuplicateCounts> {
  const count = async (sql: string): Promise<number> => Number((await dataSource.query(sql))[0].n ?? 0);
  await auditLogSealed(dataSource);
  const counts = {
    modelVersions: await count(`SELECT count(pipeline_run_id) - count(DISTINCT pipeline_run_id) AS n FROM model_version`),
    lineageEdges: await count(`SELECT count(*) - count(DISTINCT (from_id, to_id, relation)) AS n FROM lineage_edge`),
    auditEvents: await count(`SELECT coalesce(sum(n - 1), 0) AS n FROM (SELECT count(*) AS n FROM audit_event GROUP BY ${AUDIT_FACT}) facts`),
    aliasMoves: await count(`SELECT count(*) - count(DISTINCT (model_id, alias, from_version_id, to_version_id)) AS n FROM model_alias_event`),
    canarySteps: await count(`
      SELECT coalesce(sum(
        jsonb_array_length(weights) - (SELECT count(DISTINCT w->>'weight') FROM jsonb_array_elements(weights) w) +
        jsonb_array_length(observations) - (SELECT count(DISTINCT o->>'weight') FROM jsonb_array_elements(observations) o)
      ), 0) AS n FROM deployment`),
  };
  return { ...counts, total: Object.values(counts).reduce((sum, n) => sum + n, 0) };
}

