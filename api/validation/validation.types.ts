import { Field, Float, ID, InputType, ObjectType } from '@nestjs/graphql';
import type { ColumnType } from '../../domain/dataset';
import { JsonScalar } from '../common/json.scalar';

@ObjectType('ValidationCheck', { description: 'One check of a validation report.' })
export class ValidationCheckType {
  @Field({ description: 'What was checked, e.g. class_balance, expectation.min, feature_usable.' }) name!: string;
  @Field(() => String, { nullable: true, description: 'The column it concerns; null for checks of the whole dataset.' }) column!: string | null;
  @Field(() => JsonScalar, { nullable: true, description: 'What was measured (a number or a type name).' }) observed!: number | string | null;
  @Field(() => JsonScalar, { nullable: true, description: 'The limit it was held to.' }) threshold!: number | string | null;
  @Field({ description: 'PASS, WARN or FAIL' }) status!: string;
  @Field({ description: 'The verdict in words.' }) message!: string;
}

@ObjectType('ColumnExpectation', { description: "One column's declared contract, as the report checked it." })
export class ColumnExpectationType {
  @Field({ description: 'The column.' }) column!: string;
  @Field(() => String, { nullable: true, description: 'number, string or boolean; null: not checked.' }) type?: ColumnType;
  @Field({ nullable: true, description: 'false: no missing values allowed; null: not checked.' }) nullable?: boolean;
  @Field(() => Float, { nullable: true, description: 'Smallest allowed value; null: not checked.' }) min?: number;
  @Field(() => Float, { nullable: true, description: 'Largest allowed value; null: not checked.' }) max?: number;
  @Field(() => [JsonScalar], { nullable: true, description: 'The only values allowed; null: not checked.' }) allowedValues?: (string | number | boolean)[];
  @Field({ nullable: true, description: 'true: no value may repeat; null: not checked.' }) unique?: boolean;
}

@InputType({ description: "A column's contract for the validate stage; fields left out are not checked, and a miss is a FAIL." })
export class ColumnExpectationInput {
  @Field({ description: 'The column the contract is about.' }) column!: string;
  @Field(() => String, { nullable: true, description: 'number, string or boolean' }) type?: string;
  @Field({ nullable: true, description: 'false: the column must have no missing values' }) nullable?: boolean;
  @Field(() => Float, { nullable: true, description: 'Smallest allowed value.' }) min?: number;
  @Field(() => Float, { nullable: true, description: 'Largest allowed value.' }) max?: number;
  @Field(() => [JsonScalar], { nullable: true, description: 'The only values allowed.' }) allowedValues?: unknown[];
  @Field({ nullable: true, description: 'true: no value may repeat.' }) unique?: boolean;
}

@ObjectType('ValidationReport', {
  description:
    'The checks run on a dataset version before training: the declared contract and the automatic data-quality, leakage and split checks.',
})
export class ValidationReportType {
  @Field(() => ID, { description: "The report's id (a lineage node)." }) id!: string;
  @Field(() => ID, { description: 'The dataset version checked.' }) datasetVersionId!: string;
  @Field(() => ID, { nullable: true, description: 'The run whose validate stage wrote it; null for validateDataset.' }) pipelineRunId!: string | null;
  @Field({ description: 'The worst check: PASS, WARN or FAIL' }) status!: string;
  @Field(() => [ValidationCheckType], { description: 'Every check with its verdict.' }) checks!: ValidationCheckType[];
  @Field(() => [ColumnExpectationType], { description: 'The data contract checked.' }) expectations!: ColumnExpectationType[];
  @Field(() => String, { nullable: true, description: 'The target column checked against; null when none was given.' }) target!: string | null;
  @Field(() => [String], { nullable: true, description: 'The feature columns checked; null when none were given.' }) features!: string[] | null;
  @Field({ description: "Who ran it (the run's requester for a pipeline)." }) createdBy!: string;
  @Field({ description: 'When it was stored.' }) createdAt!: Date;
}
