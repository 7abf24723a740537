import { Field, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { ColumnKindSource } from '../../domain/drift';
import type { DriftTestRule } from '../../ml/drift/default-drift-test';
import { enumOf } from '../common/enums';

/** GraphQL's spelling of a column kind; stored and tested in lower case (domain ColumnKind). */
export type ColumnKindName = 'NUMERIC' | 'CATEGORICAL';

export const ColumnKindEnum = enumOf<ColumnKindName>(['NUMERIC', 'CATEGORICAL']);
export const ColumnKindSourceEnum = enumOf<ColumnKindSource>(['DECLARED', 'SCHEMA']);
export const DriftTestRuleEnum = enumOf<DriftTestRule>([
  'SMALL_REFERENCE_NUMERIC',
  'SMALL_REFERENCE_NUMERIC_FEW_VALUES',
  'SMALL_REFERENCE_CATEGORICAL',
  'SMALL_REFERENCE_TWO_VALUES',
  'LARGE_REFERENCE_NUMERIC',
  'LARGE_REFERENCE_NUMERIC_FEW_VALUES',
  'LARGE_REFERENCE_CATEGORICAL',
]);

registerEnumType(ColumnKindEnum, {
  name: 'ColumnKind',
  description: 'How drift tests a column.',
  valuesMap: {
    NUMERIC: { description: 'Values are numbers: distribution tests (KS, Wasserstein), or category tests when it has at most 5 distinct values.' },
    CATEGORICAL: { description: 'Values are categories, compared as text: chi-square, Z-test or Jensen–Shannon.' },
  },
});
registerEnumType(ColumnKindSourceEnum, {
  name: 'ColumnKindSource',
  description: "Where a scanned column's kind came from.",
  valuesMap: {
    DECLARED: { description: 'Declared for the model with declareColumnKinds.' },
    SCHEMA: { description: "Inferred as Evidently does: numbers (and booleans) in the reference's schema are numeric, anything else categorical." },
  },
});
registerEnumType(DriftTestRuleEnum, {
  name: 'DriftTestRule',
  description: "The row of Evidently's default-test table that chose a column's test (reference rows counted without missing values; distinct values over both samples).",
  valuesMap: {
    SMALL_REFERENCE_NUMERIC: { description: 'At most 1000 reference rows, numeric with more than 5 distinct values: Kolmogorov–Smirnov.' },
    SMALL_REFERENCE_NUMERIC_FEW_VALUES: { description: 'At most 1000 reference rows, numeric with 3 to 5 distinct values, treated as categorical: chi-square.' },
    SMALL_REFERENCE_CATEGORICAL: { description: 'At most 1000 reference rows, categorical with more than 2 values: chi-square.' },
    SMALL_REFERENCE_TWO_VALUES: { description: 'At most 1000 reference rows, at most 2 distinct values: Z-test for two proportions.' },
    LARGE_REFERENCE_NUMERIC: { description: 'More than 1000 reference rows, numeric with more than 5 distinct values: normalised Wasserstein distance.' },
    LARGE_REFERENCE_NUMERIC_FEW_VALUES: { description: 'More than 1000 reference rows, numeric with at most 5 distinct values, treated as categorical: Jensen–Shannon distance.' },
    LARGE_REFERENCE_CATEGORICAL: { description: 'More than 1000 reference rows, categorical: Jensen–Shannon distance.' },
  },
});

@InputType({ description: 'One column and the kind drift should test it as.' })
export class ColumnKindDeclarationInput {
  @Field({ description: 'A feature of the model.' }) column!: string;
  @Field(() => ColumnKindEnum, { description: 'NUMERIC or CATEGORICAL.' }) kind!: ColumnKindName;
}

@InputType({ description: "Replaces a model's declared column kinds." })
export class DeclareColumnKindsInput {
  @Field({ description: 'The model.' }) modelName!: string;
  @Field(() => [ColumnKindDeclarationInput], { description: 'Every declaration the model should have; an empty list returns every column to inference.' })
  columns!: ColumnKindDeclarationInput[];
}

@ObjectType('DeclaredColumnKind', { description: "A column kind declared for a model: its drift scans test the column as this kind, whatever the reference's schema says." })
export class DeclaredColumnKindType {
  @Field({ description: 'The feature.' }) column!: string;
  @Field(() => ColumnKindEnum, { description: 'The declared kind.' }) kind!: ColumnKindName;
  @Field({ description: 'Who declared it.' }) declaredBy!: string;
  @Field({ description: 'When.' }) declaredAt!: Date;
}
