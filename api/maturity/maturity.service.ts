import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { appendAuditEvent, IncrementalAuditVerifier } from '../../db/audit-log';
import { inTransaction } from '../../db/db';
import { newestMaturityAttestations, recordMaturityAttestation } from '../../db/maturity-attestations';
import { deleteMaturityUseCase, listMaturityUseCases, lockMaturityUseCase, saveMaturityUseCase } from '../../db/maturity-use-cases';
import { gatherMaturityMeasurements } from '../../db/measurements';
import { findModel } from '../../db/registry';
import { badInput, notFound } from '../../domain/errors';
import { checkAttestationClaim, type MaturityAttestation } from '../../domain/maturity/attestation';
import { maturityWindow } from '../../domain/maturity/measurements';
import { scoreMaturity } from '../../domain/maturity/scorecard';
import { MATURITY_MODEL_CITATION } from '../../domain/maturity/stages';
import { checkUseCase, desiredStage, type MaturityUseCase } from '../../domain/maturity/taxonomy';
import type { Principal } from '../../domain/roles';
import { DATA_SOURCE } from '../common/injection-tokens';
import type { AttestMaturityElementInput, MaturityScorecardType, MaturityUseCaseInput, MaturityUseCaseType } from './maturity.types';

const MAX_WEEKS = 52;

/**
 * The scorecard, and the two things only people can tell it: attestations of the elements
 * Provenant cannot observe, and the taxonomy levels of use cases. Admins write both, each
 * change with its audit event in the same transaction.
 */
@Injectable()
export class MaturityService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly auditChain: IncrementalAuditVerifier,
  ) {}

  async scorecard(weeks: number): Promise<MaturityScorecardType> {
    if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_WEEKS) throw badInput('weeks', `must be a whole number of weeks from 1 to ${MAX_WEEKS}`);
    const window = maturityWindow(weeks, new Date());
    const measurements = await gatherMaturityMeasurements(this.dataSource, window, this.auditChain);
    // Both reads are small: at most one attestation per element, and the use cases admins named.
    const attestations = await newestMaturityAttestations(this.dataSource);
    const useCases = await listMaturityUseCases(this.dataSource);
    const scores = scoreMaturity(measurements, attestations, useCases);
    return { ...window, ...scores, source: MATURITY_MODEL_CITATION };
  }

  async attest(principal: Principal, input: AttestMaturityElementInput): Promise<MaturityAttestation> {
    const claim = checkAttestationClaim({ elementKey: input.element, stage: input.stage, statement: input.statement, evidenceUrl: input.evidenceUrl });
    return inTransaction(this.dataSource, async (tx) => {
      const attestation = await recordMaturityAttestation(tx, claim, principal.name);
      await appendAuditEvent(tx, {
        actor: principal.name,
        action: 'maturity.attested',
        subjectType: 'maturity_element',
        subjectId: attestation.elementKey,
        payload: { attestationId: attestation.id, stage: attestation.stage, statement: attestation.statement, evidenceUrl: attestation.evidenceUrl },
      });
      return attestation;
    });
  }

  async useCases(): Promise<MaturityUseCaseType[]> {
    return (await listMaturityUseCases(this.dataSource)).map(useCaseView);
  }

  async setUseCase(principal: Principal, input: MaturityUseCaseInput): Promise<MaturityUseCaseType> {
    const definition = checkUseCase({ ...input, modelName: input.modelName ?? null });
    if (definition.modelName !== null && !(await findModel(this.dataSource, { name: definition.modelName }))) {
      throw notFound('input.modelName', `model ${JSON.stringify(definition.modelName.slice(0, 100))}`);
    }
    const saved = await inTransaction(this.dataSource, async (tx) => {
      const previous = await lockMaturityUseCase(tx, definition.name);
      const useCase = await saveMaturityUseCase(tx, definition, principal.name);
      await appendAuditEvent(tx, {
        actor: principal.name,
        action: previous ? 'maturity.use_case_updated' : 'maturity.use_case_created',
        subjectType: 'maturity_use_case',
        subjectId: useCase.name,
        payload: { ...(previous ? { previous: auditedUseCase(previous) } : {}), useCase: auditedUseCase(useCase) },
      });
      return useCase;
    });
    return useCaseView(saved);
  }

  async deleteUseCase(principal: Principal, name: string): Promise<MaturityUseCaseType> {
    const deleted = await inTransaction(this.dataSource, async (tx) => {
      const current = await lockMaturityUseCase(tx, name);
      if (!current) throw notFound('name', `use case ${JSON.stringify(name.slice(0, 100))}`);
      await deleteMaturityUseCase(tx, name);
      await appendAuditEvent(tx, {
        actor: principal.name,
        action: 'maturity.use_case_deleted',
        subjectType: 'maturity_use_case',
        subjectId: name,
        payload: { useCase: auditedUseCase(current) },
      });
      return current;
    });
    return useCaseView(deleted);
  }
}

/** The levels and the stage they give, as the audit log keeps them. */
function auditedUseCase(useCase: MaturityUseCase): Record<string, unknown> {
  const { name, modelName, regulatoryCompliance, operationalExcellence, rationale } = useCase;
  return { name, modelName, regulatoryCompliance, operationalExcellence, rationale, desiredStage: desiredStage(regulatoryCompliance, operationalExcellence) };
}

function useCaseView(useCase: MaturityUseCase): MaturityUseCaseType {
  return { ...useCase, desiredStage: desiredStage(useCase.regulatoryCompliance, useCase.operationalExcellence) };
}
