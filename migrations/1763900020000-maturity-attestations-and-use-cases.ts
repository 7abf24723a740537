import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The maturity scorecard's human inputs. Attestations: an admin's word on an element of the
 * maturity model Provenant cannot observe (stage, statement, evidence link), kept as history;
 * the newest per element counts. Use cases: the taxonomy's regulatory-compliance and
 * operational-excellence levels of a model or a named use of machine learning, which give
 * its desired stage. Both are written with an audit event in the same transaction.
 */
export class MaturityAttestationsAndUseCases1763900020000 implements MigrationInterface {
  name = 'MaturityAttestationsAndUseCases1763900020000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE maturity_attestation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        element_key text NOT NULL,
        stage text NOT NULL CHECK (stage IN ('AD_HOC', 'DATA_OPS', 'MANUAL_MLOPS', 'AUTOMATED_MLOPS', 'KAIZEN')),
        statement text NOT NULL CHECK (length(statement) BETWEEN 1 AND 2000),
        evidence_url text NOT NULL CHECK (evidence_url ~ '^https?://'),
        attested_by text NOT NULL,
        attested_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX maturity_attestation_newest_idx ON maturity_attestation (element_key, attested_at DESC);

      CREATE TABLE maturity_use_case (
        name text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 100),
        model_name text,
        regulatory_compliance text NOT NULL CHECK (regulatory_compliance IN ('LOW', 'MEDIUM', 'HIGH')),
        operational_excellence text NOT NULL CHECK (operational_excellence IN ('LOW', 'MEDIUM', 'HIGH')),
        rationale text NOT NULL CHECK (length(rationale) BETWEEN 1 AND 2000),
        created_by text NOT NULL,
        updated_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE maturity_use_case; DROP TABLE maturity_attestation;`);
  }
}
