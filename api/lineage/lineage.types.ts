import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('LineageNode', { description: 'A record in the lineage graph.' })
export class LineageNodeType {
  @Field(() => ID, { description: "The record's own id (a dataset version id, pipeline run id, ...): lineage takes it." }) id!: string;
  @Field({ description: 'dataset_version, pipeline_run, model_version, …' }) kind!: string;
  @Field({ description: 'A short human-readable name, e.g. "weather-classifier v4".' }) label!: string;
}

@ObjectType('LineageEdge', { description: 'A directed relation between two lineage nodes, read "from relation to".' })
export class LineageEdgeType {
  @Field(() => ID, { description: "The upstream node's id." }) from!: string;
  @Field(() => ID, { description: "The downstream node's id." }) to!: string;
  @Field({ description: 'used_by, produced, validated_by, ran, selected, evaluated_by, scanned_by, monitored_by, reference_of, current_of or triggered.' })
  relation!: string;
}

@ObjectType('LineageGraph', { description: 'The nodes reached from a starting node and the edges between them.' })
export class LineageGraphType {
  @Field(() => [LineageNodeType], { description: 'Every node reached, the starting node included.' }) nodes!: LineageNodeType[];
  @Field(() => [LineageEdgeType], { description: 'The edges between them.' }) edges!: LineageEdgeType[];
}
