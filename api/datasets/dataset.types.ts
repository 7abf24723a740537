import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ESTIMABLE_STATISTICS } from '../../domain/dataset';
import { EXACT_DISTINCT_LIMIT, QUANTILE_SAMPLE_SIZE, TOP_CATEGORY_COUNT } from '../../ml/tabular/profile/column-profiler';
import { PageInfo } from '../common/connection';

@ObjectType('Quantile', { description: 'One quantile of a number column.' })
export class QuantileType {
  @Field(() => Float, { description: 'Probability in [0, 1]: 0.5 is the median.' }) p!: number;
  @Field(() => Float, { description: 'The column value at probability p.' }) value!: number;
}

@ObjectType('CategoryCount', { description: 'One of the most frequent values of a string or boolean column.' })
export class CategoryCountType {
  @Field({ description: 'The value, as text.' }) value!: string;
  @Field(() => Int, { description: 'Rows holding it (a lower bound when estimated).' }) count!: number;
}

@ObjectType('ColumnSchema', {
  description:
    "A column's type and profile. Profile fields are null for versions registered before profiles existed; numeric statistics are null for string and boolean columns. " +
    'Every statistic is exact unless named in `estimated`. Columns of CSV and Parquet files are profiled by DuckDB over every value, exactly; ' +
    `columns read by the streaming reader (JSON lines, Parquet dates and timestamps) estimate distinctCount and topCategories past ${EXACT_DISTINCT_LIMIT} distinct values ` +
    `(HyperLogLog; Misra–Gries lower bounds), quantiles past ${QUANTILE_SAMPLE_SIZE} values (a seeded uniform sample).`,
})
export class ColumnSchemaType {
  @Field({ description: 'The column name as in the file.' }) name!: string;
  @Field({ description: 'number, string or boolean' }) type!: string;
  @Field(() => Int, { description: 'Missing values in the column.' }) nullCount!: number;
  @Field(() => Int, { description: 'Distinct non-missing values (estimated past the exact limit, see estimated).' }) distinctCount!: number;
  @Field(() => Int, { nullable: true, description: 'Non-null values.' }) count?: number;
  @Field(() => Float, { nullable: true, description: 'Smallest value of a number column; null for other types.' }) min?: number;
  @Field(() => Float, { nullable: true, description: 'Largest value of a number column; null for other types.' }) max?: number;
  @Field(() => Float, { nullable: true, description: 'Mean of a number column; null for other types.' }) mean?: number;
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

@ObjectType('DatasetPart', { description: 'One file of a dataset version registered as a set of Parquet files, stored as an artifact of its own.' })
export class DatasetPartType {
  @Field({ description: "SHA-256 of the file's bytes: GET /artifacts/{sha256} downloads it." }) sha256!: string;
  @Field(() => Number, { description: 'Size of the file in bytes.' }) byteSize!: number;
  @Field(() => Int, { description: 'Data rows in the file.' }) rows!: number;
}

@ObjectType('DatasetVersion', { description: 'One registered, content-addressed version of a dataset file, with its typed and profiled columns.' })
export class DatasetVersionType {
  @Field(() => ID, { description: "The version's id: what pipelines, validation, batch scoring and drift scans take." }) id!: string;
  @Field({ description: 'The dataset it is a version of.' }) datasetName!: string;
  @Field(() => Int, { description: 'Numbered 1, 2, ... per dataset; the same bytes registered again keep their number.' }) version!: number;
  @Field({ description: "SHA-256 of the file bytes (of a set of Parquet files: of the parts' SHA-256s, one a line in order): the version is content-addressed." })
  contentSha256!: string;
  @Field({ description: 'csv, jsonl or parquet' }) format!: string;
  @Field({ description: 'Where the file was read from when it was registered; the bytes are kept in the artifact store.' }) sourceUri!: string;
  @Field(() => Int, { description: 'Data rows (without a CSV header).' }) rowCount!: number;
  @Field(() => Number, { description: 'Size of the file in bytes (of a set of Parquet files: of all of them).' }) byteSize!: number;
  @Field(() => [DatasetPartType], {
    nullable: true,
    description: 'The files of a version registered as a set of Parquet files (a directory or a glob), in order; drift scans fan out over them. Null for one file.',
  })
  parts?: DatasetPartType[] | null;
  @Field(() => [ColumnSchemaType], { description: 'Every column with its type and profile, in file order.' }) schema!: ColumnSchemaType[];
  @Field({ description: 'Who registered it first.' }) createdBy!: string;
  @Field({ description: 'When it was first registered.' }) createdAt!: Date;
}

@ObjectType({ description: 'One dataset version in a page of datasetVersions.' })
export class DatasetVersionEdge {
  @Field({ description: 'Pass as `after` to continue after this version.' }) cursor!: string;
  @Field(() => DatasetVersionType, { description: 'The version.' }) node!: DatasetVersionType;
}

@ObjectType({ description: 'A page of dataset versions, newest first.' })
export class DatasetVersionConnection {
  @Field(() => [DatasetVersionEdge], { description: 'The versions of this page, newest first.' }) edges!: DatasetVersionEdge[];
  @Field(() => PageInfo, { description: 'Whether more follow, and the cursor to ask from.' }) pageInfo!: PageInfo;
}

@InputType({ description: 'A file to register as a dataset version (roles engineer and admin).' })
export class RegisterDatasetInput {
  @Field({ description: "The dataset's name; new content under a known name becomes its next version." }) name!: string;
  @Field({
    description:
      'A path or file:// URL of a CSV, JSON-lines or Parquet file inside a configured data root, or of a directory or a glob (* and ? in the file name) of Parquet files registered together as one version of several parts.',
  })
  uri!: string;
  @Field({ nullable: true, description: 'Free text about the data, kept with the version.' }) description?: string;
}
