import { Field, Float, ID, InputType, ObjectType } from '@nestjs/graphql';
import type { ColumnType } from '../../domain/dataset';
import { JsonScalar } from '../common/json.scalar';

@ObjectType('ValidationCheck')
export class ValidationCheckType {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) column!: string | null;
  @Field(() => JsonScalar, { nullable: true, description: 'What was measured (a number or a type name).' }) observed!: number | string | null;
  @Field(() => JsonScalar, { nullable: true, description: 'The limit it was held to.' }) threshold!: number | string | null;
  @Field({ description: 'PASS, WARN or FAIL' }) status!: string;
  @Field() message!: string;
}

@ObjectType('ColumnExpectation')
export class ColumnExpectationType {
  @Field() column!: string;
  @Field(() => String, { nullable: true }) type?: ColumnType;
  @Field({ nullable: true }) nullable?: boolean;
  @Field(() => Float, { nullable: true }) min?: number;
  @Field(() => Float, { nullable: true }) max?: number;
  @Field(() => [JsonScalar], { nullable: true }) allowedValues?: (string | number | boolean)[];
  @Field({ nullable: true }) unique?: boolean;
}

@InputType()
export class ColumnExpectationInput {
  @Field() column!: string;
  @Field(() => String, { nullable: true, description: 'number, string or boolean' }) type?: string;
  @Field({ nullable: true, description: 'false: the column must have no missing values' }) nullable?: boolean;
  @Field(() => Float, { nullable: true }) min?: number;
  @Field(() => Float, { nullable: true }) max?: number;
  @Field(() => [JsonScalar], { nullable: true }) allowedValues?: unknown[];
  @Field({ nullable: true }) unique?: boolean;
}

@ObjectType('ValidationReport')
export class ValidationReportType {
  @Field(() => ID) id!: string;
  @Field(() => ID) datasetVersionId!: string;
  @Field(() => ID, { nullable: true }) pipelineRunId!: string | null;
  @Field({ description: 'The worst check: PASS, WARN or FAIL' }) status!: string;
  @Field(() => [ValidationCheckType]) checks!: ValidationCheckType[];
  @Field(() => [ColumnExpectationType]) expectations!: ColumnExpectationType[];
  @Field(() => String, { nullable: true }) target!: string | null;
  @Field(() => [String], { nullable: true }) features!: string[] | null;
  @Field() createdBy!: string;
  @Field() createdAt!: Date;
}
