import { createHash } from 'node:crypto';
import type { LineageDirection, LineageNodeKind, LineageRelation } from '../domain/lineage';
import type { Db } from './db';
import { LineageEdgeEntity, LineageNodeEntity } from './entities';

export interface LineageNodeInput {
  id: string;
  kind: LineageNodeKind;
  label: string;
}

export async function recordLineageNode(db: Db, node: LineageNodeInput): Promise<void> {
  await db
    .createQueryBuilder()
    .insert()
    .into(LineageNodeEntity)
    .values(node)
    .orUpdate(['label'], ['id'])
    .execute();
}

export async function recordLineageEdge(db: Db, fromId: string, toId: string, relation: LineageRelation): Promise<void> {
  await db
    .createQueryBuilder()
    .insert()
    .into(LineageEdgeEntity)
    .values({ fromId, toId, relation })
    .orIgnore()
    .execute();
}

export interface LineageGraph {
  nodes: LineageNodeEntity[];
  edges: LineageEdgeEntity[];
}

/**
 * One recursive query walks ancestors, descendants or both from a node. Each walk
 * keeps its direction (BOTH is ancestors plus descendants, not siblings) and its path,
 * so a cycle cannot loop and depth bounds the work.
 */
const WALK_SQL = `
  WITH RECURSIVE walk(node_id, direction, depth, path) AS (
    SELECT $1::uuid, d.direction, 0, ARRAY[$1::uuid]
    FROM unnest($2::text[]) AS d(direction)
    UNION ALL
    SELECT step.next_id, w.direction, w.depth + 1, w.path || step.next_id
    FROM walk w
    CROSS JOIN LATERAL (
      SELECT e.to_id AS next_id FROM lineage_edge e WHERE w.direction = 'DOWNSTREAM' AND e.from_id = w.node_id
      UNION ALL
      SELECT e.from_id FROM lineage_edge e WHERE w.direction = 'UPSTREAM' AND e.to_id = w.node_id
    ) step
    WHERE w.depth < $3 AND NOT step.next_id = ANY(w.path)
  )
  SELECT DISTINCT node_id FROM walk`;

export async function walkLineage(db: Db, startId: string, direction: LineageDirection, depth: number): Promise<LineageGraph> {
  const directions = direction === 'BOTH' ? ['UPSTREAM', 'DOWNSTREAM'] : [direction];
  const rows: { node_id: string }[] = await db.query(WALK_SQL, [startId, directions, depth]);
  const ids = rows.map((row) => row.node_id);
  const nodes = await db
    .getRepository(LineageNodeEntity)
    .createQueryBuilder('n')
    .where('n.id = ANY(:ids)', { ids })
    .orderBy('n.created_at', 'ASC')
    .getMany();
  if (nodes.length === 0) return { nodes, edges: [] };
  const edges = await db
    .getRepository(LineageEdgeEntity)
    .createQueryBuilder('e')
    .where('e.from_id = ANY(:ids) AND e.to_id = ANY(:ids)', { ids })
    .orderBy('e.created_at', 'ASC')
    .getMany();
  return { nodes, edges };
}

/**
 * A stable UUID for a lineage node that has no row of its own (a tuning trial):
 * the first 128 bits of SHA-256 of its key, shaped as a version-8 UUID.
 */
export function lineageIdFor(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
