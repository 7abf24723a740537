import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { GENESIS_HASH, auditEventHash, type AuditEventContent } from '../../db/audit-hash';
import { seededRandom } from '../../ml/random/seeded-random';

const BATCH = 10_000;
const ACTORS = ['ann', 'bob', 'carol', 'dev', 'system:pipeline', 'system:deployment', 'system:drift', 'slack:U024BE7LH'];
const ACTIONS = ['dataset.registered', 'pipeline.started', 'pipeline.completed', 'model.registered', 'model.alias_set', 'approval_gate.opened', 'approval_gate.approved', 'deployment.promoted', 'drift_report.created'];

/**
 * Appends `total` events to the audit log's hash chain in one pass: each event's hash is
 * auditEventHash of its predecessor's, exactly as appendAuditEvent chains them, but
 * computed here in batches and written with one multi-row INSERT per batch (the
 * append-only triggers refuse UPDATE, DELETE and TRUNCATE, never INSERT). The events
 * occurred a second apart up to now, so the chain stays in time order for later appends.
 */
export async function seedAuditEvents(dataSource: DataSource, total: number, log: (message: string) => void): Promise<void> {
  const random = seededRandom(42);
  const [last] = (await dataSource.query('SELECT sequence, hash FROM audit_event ORDER BY sequence DESC LIMIT 1')) as { sequence: string; hash: string }[];
  let previousHash = last?.hash ?? GENESIS_HASH;
  let sequence = Number(last?.sequence ?? 0);
  const firstOccurredAt = Date.now() - total * 1000;
  for (let done = 0; done < total; done += BATCH) {
    const rows = Math.min(BATCH, total - done);
    const columns = { sequence: [] as number[], occurredAt: [] as string[], actor: [] as string[], action: [] as string[], subjectType: [] as string[], subjectId: [] as string[], payload: [] as string[], previousHash: [] as string[], hash: [] as string[] };
    for (let i = 0; i < rows; i += 1) {
      sequence += 1;
      const content: AuditEventContent = {
        sequence,
        occurredAt: new Date(firstOccurredAt + (done + i) * 1000),
        actor: ACTORS[Math.floor(random() * ACTORS.length)],
        action: ACTIONS[Math.floor(random() * ACTIONS.length)],
        subjectType: 'model_version',
        subjectId: randomUUID(),
        payload: { modelName: `model-${Math.floor(random() * 500)}`, version: 1 + Math.floor(random() * 40), environment: random() < 0.5 ? 'STAGING' : 'PRODUCTION' },
      };
      const hash = auditEventHash(previousHash, content);
      columns.sequence.push(content.sequence);
      columns.occurredAt.push(content.occurredAt.toISOString());
      columns.actor.push(content.actor);
      columns.action.push(content.action);
      columns.subjectType.push(content.subjectType);
      columns.subjectId.push(content.subjectId);
      columns.payload.push(JSON.stringify(content.payload));
      columns.previousHash.push(previousHash);
      columns.hash.push(hash);
      previousHash = hash;
    }
    await dataSource.query(
      `INSERT INTO audit_event (sequence, occurred_at, actor, action, subject_type, subject_id, payload, previous_hash, hash)
       SELECT s, o, a, ac, st, si, p::jsonb, ph, h
       FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
         AS e(s, o, a, ac, st, si, p, ph, h)`,
      Object.values(columns),
    );
    if ((done + rows) % 100_000 === 0 || done + rows === total) log(`api: ${(done + rows).toLocaleString('en-US')} audit events seeded`);
  }
}
