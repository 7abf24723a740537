import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { LineageNodeKind, LineageRelation } from '../../domain/lineage';

const BATCH = 10_000;
/** Nodes one retraining round adds. */
const ROUND_KINDS = ['dataset_version', 'validation_report', 'pipeline_run', 'model_version', 'evaluation_report', 'approval_gate', 'deployment', 'drift_report'] as const;
const ROUNDS_PER_MODEL = 25;

/**
 * A lineage graph of about `nodes` nodes shaped like years of retraining: per model, rounds
 * of dataset version → validation → pipeline run → model version → evaluation, approval
 * gate and deployment, a drift report monitoring the deployment, and that report
 * triggering the next round's run on the next dataset version. Returns the model
 * versions, the nodes the lineage queries start from.
 */
export async function seedLineage(dataSource: DataSource, nodes: number): Promise<string[]> {
  const models = Math.max(1, Math.round(nodes / (ROUNDS_PER_MODEL * ROUND_KINDS.length)));
  const nodeRows: { id: string; kind: LineageNodeKind; label: string }[] = [];
  const edgeRows: { from: string; to: string; relation: LineageRelation }[] = [];
  const modelVersions: string[] = [];
  for (let model = 0; model < models; model += 1) {
    let previousDrift: string | null = null;
    for (let round = 1; round <= ROUNDS_PER_MODEL; round += 1) {
      const id = Object.fromEntries(ROUND_KINDS.map((kind) => [kind, randomUUID()])) as Record<(typeof ROUND_KINDS)[number], string>;
      for (const kind of ROUND_KINDS) nodeRows.push({ id: id[kind], kind, label: `model-${model} round ${round} ${kind}` });
      modelVersions.push(id.model_version);
      const edge = (from: string, to: string, relation: LineageRelation) => edgeRows.push({ from, to, relation });
      edge(id.dataset_version, id.validation_report, 'validated_by');
      edge(id.validation_report, id.pipeline_run, 'used_by');
      edge(id.dataset_version, id.pipeline_run, 'used_by');
      edge(id.pipeline_run, id.model_version, 'produced');
      edge(id.model_version, id.evaluation_report, 'evaluated_by');
      edge(id.dataset_version, id.evaluation_report, 'used_by');
      edge(id.model_version, id.approval_gate, 'used_by');
      edge(id.approval_gate, id.deployment, 'used_by');
      edge(id.deployment, id.drift_report, 'monitored_by');
      edge(id.dataset_version, id.drift_report, 'reference_of');
      if (previousDrift) {
        edge(previousDrift, id.pipeline_run, 'triggered');
        edge(id.dataset_version, previousDrift, 'current_of');
      }
      previousDrift = id.drift_report;
    }
  }
  for (let start = 0; start < nodeRows.length; start += BATCH) {
    const batch = nodeRows.slice(start, start + BATCH);
    await dataSource.query('INSERT INTO lineage_node (id, kind, label) SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])', [
      batch.map((row) => row.id),
      batch.map((row) => row.kind),
      batch.map((row) => row.label),
    ]);
  }
  for (let start = 0; start < edgeRows.length; start += BATCH) {
    const batch = edgeRows.slice(start, start + BATCH);
    await dataSource.query('INSERT INTO lineage_edge (from_id, to_id, relation) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[])', [
      batch.map((row) => row.from),
      batch.map((row) => row.to),
      batch.map((row) => row.relation),
    ]);
  }
  return modelVersions;
}
