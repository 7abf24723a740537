import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ESTIMABLE_STATISTICS } from '../../domain/dataset';
import { EXACT_DISTINCT_LIMIT, QUANTILE_SAMPLE_SIZE, TOP_CATEGORY_COUNT } from '../../ml/tabular/profile/column-profiler';
import { PageInfo } from '../common/connection';

@ObjectType('Quantile')
export class QuantileType {
  @Field(() => Float, { description: 'Probability in [0, 1]: 0.5 is the median.' }) p!: number;
  @Field(() => Float) value!: number;
}

@ObjectType('CategoryCount')
export class CategoryCountType {
  @Field() value!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('ColumnSchema', {
  description:
    "A column's type and profile. Profile fields are null for versions registered before profiles existed; numeric statistics are null for string and boolean columns. " +
    `Every statistic is exact unless named in \`estimated\`: distinctCount and topCategories past ${EXACT_DISTINCT_LIMIT} distinct values ` +
    `(HyperLogLog; Misra–Gries lower bounds), quantiles past ${QUANTILE_SAMPLE_SIZE} values (a seeded uniform sample).`,
})
export class ColumnSchemaType {
  @Field() name!: string;
  @Field({ description: 'number, string or boolean' }) type!: string;
  @Field(() => Int) nullCount!: number;
  @Field(() => Int) distinctCount!: number;
  @Field(() => Int, { nullable: true, description: 'Non-null values.' }) count?: number;
  @Field(() => Float, { nullable: true }) min?: number;
  @Field(() => Float, { nullable: true }) max?: number;
  @Field(() => Float, { nullable: true }) mean?: number;
  @Field(() => Float, { nullable: true, description: 'Population standard deviation (divides by count).' }) std?: number;
  @Field(() => [QuantileType], { nullable: true, description: 'p5, p25, p50, p75 and p95 of a number column.' }) quantiles?: QuantileType[];
  @Field(() => [CategoryCountType], { nullable: true, description: `The ${TOP_CATEGORY_COUNT} most frequent values of a string or boolean column.` })
  topCategories?: CategoryCountType[];
  @Field(() => [String], {
    nullable: true,
    description: `Statistics of this column that are estimates (of ${ESTIMABLE_STATISTICS.join(', ')}); an empty list means every statistic is exact.`,
  })
  estimated?: string[];
}

@ObjectType('DatasetVersion')
export class DatasetVersionType {
  @Field(() => ID) id!: string;
  @Field() datasetName!: string;
  @Field(() => Int) version!: number;
  @Field({ description: 'SHA-256 of the file bytes: the version is content-addressed.' }) contentSha256!: string;
  @Field({ description: 'csv, jsonl or parquet' }) format!: string;
  @Field() sourceUri!: string;
  @Field(() => Int) rowCount!: number;
  @Field(() => Number) byteSize!: number;
  @Field(() => [ColumnSchemaType]) schema!: ColumnSchemaType[];
  @Field() createdBy!: string;
  @Field() createdAt!: Date;
}

@ObjectType()
export class DatasetVersionEdge {
  @Field({ description: 'Pass as `after` to continue after this version.' }) cursor!: string;
  @Field(() => DatasetVersionType) node!: DatasetVersionType;
}

@ObjectType({ description: 'A page of dataset versions, newest first.' })
export class DatasetVersionConnection {
  @Field(() => [DatasetVersionEdge]) edges!: DatasetVersionEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@InputType()
export class RegisterDatasetInput {
  @Field() name!: string;
  @Field({ description: 'A path or file:// URL of a CSV, JSON-lines or Parquet file inside a configured data root.' }) uri!: string;
  @Field({ nullable: true }) description?: string;
}
