import { Inject } from '@nestjs/common';
import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import type { DataSource } from 'typeorm';
import { walkLineage } from '../../db/lineage-store';
import { badInput, notFound } from '../../domain/errors';
import type { LineageDirection } from '../../domain/lineage';
import { ALL_ROLES, Allow } from '../auth/allow.decorator';
import { LineageDirectionEnum } from '../common/enums';
import { isUuid } from '../../domain/ids';
import { DATA_SOURCE } from '../common/injection-tokens';
import { LineageGraphType } from './lineage.types';

export const MAX_LINEAGE_DEPTH = 20;

@Resolver(() => LineageGraphType)
export class LineageResolver {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  @Query(() => LineageGraphType, { description: 'Ancestors, descendants or both of any node, up to `depth` hops.' })
  @Allow(...ALL_ROLES)
  async lineage(
    @Args('id', { type: () => ID, description: "Any lineage node's id: a dataset version, validation report, pipeline run, tuning trial, model version, evaluation report, approval gate, deployment, drift report or batch scoring job." })
    id: string,
    @Args('direction', { type: () => LineageDirectionEnum, defaultValue: 'BOTH', description: 'UPSTREAM (ancestors), DOWNSTREAM (descendants) or BOTH.' })
    direction: LineageDirection,
    @Args('depth', { type: () => Int, defaultValue: 5, description: 'Most hops to walk, 1 to 20.' }) depth: number,
  ): Promise<LineageGraphType> {
    if (!isUuid(id)) throw badInput('id', 'is not a lineage node id (expected a UUID)');
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_LINEAGE_DEPTH) {
      throw badInput('depth', `must be an integer from 1 to ${MAX_LINEAGE_DEPTH}`);
    }
    const graph = await walkLineage(this.dataSource, id, direction, depth);
    if (graph.nodes.length === 0) throw notFound('id', `lineage node ${id}`);
    return {
      nodes: graph.nodes.map(({ id: nodeId, kind, label }) => ({ id: nodeId, kind, label })),
      edges: graph.edges.map(({ fromId, toId, relation }) => ({ from: fromId, to: toId, relation })),
    };
  }
}
