import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('LineageNode')
export class LineageNodeType {
  @Field(() => ID) id!: string;
  @Field({ description: 'dataset_version, pipeline_run, model_version, …' }) kind!: string;
  @Field() label!: string;
}

@ObjectType('LineageEdge')
export class LineageEdgeType {
  @Field(() => ID) from!: string;
  @Field(() => ID) to!: string;
  @Field() relation!: string;
}

@ObjectType('LineageGraph')
export class LineageGraphType {
  @Field(() => [LineageNodeType]) nodes!: LineageNodeType[];
  @Field(() => [LineageEdgeType]) edges!: LineageEdgeType[];
}
