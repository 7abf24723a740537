import { Inject } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import type { DataSource } from 'typeorm';
import { IncrementalAuditVerifier } from '../../db/audit-log';
import { gatherMaturityMeasurements } from '../../db/measurements';
import { badInput } from '../../domain/errors';
import { maturityWindow } from '../../domain/maturity/measurements';
import { scoreMaturity } from '../../domain/maturity/scorecard';
import { MATURITY_MODEL_CITATION } from '../../domain/maturity/stages';
import { Allow } from '../auth/allow.decorator';
import { DATA_SOURCE } from '../common/injection-tokens';
import { MaturityScorecardType } from './maturity.types';

const MAX_WEEKS = 52;

@Resolver()
export class MaturityResolver {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly auditChain: IncrementalAuditVerifier,
  ) {}

  @Query(() => MaturityScorecardType, {
    description:
      'The stage (Ad hoc … Kaizen) each of 17 MLOps elements reaches, computed from this deployment’s records over the last `weeks` weeks, with the evidence and what the next stage needs.',
  })
  // A heavy read across every table: operators', like the audit verification it includes.
  @Allow('ops', 'admin')
  async maturityScorecard(
    @Args('weeks', { type: () => Int, defaultValue: 4, description: 'Length of the window event counts cover, 1-52.' }) weeks: number,
  ): Promise<MaturityScorecardType> {
    if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_WEEKS) throw badInput('weeks', `must be a whole number of weeks from 1 to ${MAX_WEEKS}`);
    const window = maturityWindow(weeks, new Date());
    const scores = scoreMaturity(await gatherMaturityMeasurements(this.dataSource, window, this.auditChain));
    return { ...window, ...scores, source: MATURITY_MODEL_CITATION };
  }
}
