import { Inject } from '@nestjs/common';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { DataSource } from 'typeorm';
import { findEvaluationReport } from '../../db/registry';
import { DATA_SOURCE } from '../common/injection-tokens';
import { ModelVersionType } from '../registry/registry.types';
import { EvaluationReportType } from './evaluation.types';

/** Adds the evaluate stage's report to a model version. */
@Resolver(() => ModelVersionType)
export class EvaluationResolver {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  @ResolveField(() => EvaluationReportType, { nullable: true, description: 'Null for versions registered before reports existed.' })
  async evaluationReport(@Parent() version: ModelVersionType): Promise<EvaluationReportType | null> {
    const entity = await findEvaluationReport(this.dataSource, version.id);
    if (!entity) return null;
    const { report, ...row } = entity;
    return { ...report, ...row };
  }
}
