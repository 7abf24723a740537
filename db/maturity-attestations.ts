import type { EntityManager } from 'typeorm';
import type { AttestationClaim, MaturityAttestation } from '../domain/maturity/attestation';
import type { Db } from './db';

const COLUMNS = `id, element_key AS "elementKey", stage, statement, evidence_url AS "evidenceUrl", attested_by AS "attestedBy", attested_at AS "attestedAt"`;

/** Appends an attestation: earlier ones stay as history, the newest per element counts. */
export async function recordMaturityAttestation(tx: EntityManager, claim: AttestationClaim, actor: string): Promise<MaturityAttestation> {
  const [row]: MaturityAttestation[] = await tx.query(
    `INSERT INTO maturity_attestation (element_key, stage, statement, evidence_url, attested_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [claim.elementKey, claim.stage, claim.statement, claim.evidenceUrl, actor],
  );
  return row;
}

/** The newest attestation of each element: at most one row per element of the model. */
export function newestMaturityAttestations(db: Db): Promise<MaturityAttestation[]> {
  return db.query(`SELECT DISTINCT ON (element_key) ${COLUMNS} FROM maturity_attestation ORDER BY element_key, attested_at DESC, id DESC`);
}
