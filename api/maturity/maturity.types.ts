import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { EvidenceScope } from '../../domain/maturity/element-rule';
import { MATURITY_DIMENSIONS, MATURITY_STAGES, type MaturityDimension, type MaturityStage, type RaisedStage } from '../../domain/maturity/stages';
import { enumOf } from '../common/enums';

export const MaturityStageEnum = enumOf(MATURITY_STAGES);
export const MaturityDimensionEnum = enumOf(MATURITY_DIMENSIONS);
export const MaturityEvidenceScopeEnum = enumOf<EvidenceScope>(['WINDOW', 'ALL_TIME', 'NOW']);

registerEnumType(MaturityStageEnum, {
  name: 'MaturityStage',
  description: 'The stages of the John, Olsson & Bosch MLOps maturity model, lowest first: Ad hoc, DataOps, Manual MLOps, Automated MLOps, Kaizen.',
});
registerEnumType(MaturityDimensionEnum, { name: 'MaturityDimension' });
registerEnumType(MaturityEvidenceScopeEnum, {
  name: 'MaturityEvidenceScope',
  description: 'WINDOW: the scorecard’s window of weeks; ALL_TIME: every record; NOW: the state when the scorecard was made.',
});

@ObjectType('MaturityEvidence', { description: 'One measurement behind an element’s stage.' })
export class MaturityEvidenceType {
  @Field({ description: 'A stable name, e.g. runsWithDataContract.' }) name!: string;
  @Field(() => Float, { description: 'A count, or a share from 0 to 1 when the detail reads "x of y".' }) value!: number;
  @Field() detail!: string;
  @Field(() => MaturityEvidenceScopeEnum) scope!: EvidenceScope;
}

@ObjectType('MaturityNextStage')
export class MaturityNextStageType {
  @Field(() => MaturityStageEnum) stage!: RaisedStage;
  @Field({ description: 'What the stage means for this element.' }) requirement!: string;
  @Field(() => [String], { description: 'What the records lack for it, each a thing a platform team can do.' }) missing!: string[];
}

@ObjectType('MaturityElement')
export class MaturityElementType {
  @Field({ description: 'A stable key, e.g. data.validation.' }) key!: string;
  @Field(() => MaturityDimensionEnum) dimension!: MaturityDimension;
  @Field() element!: string;
  @Field(() => MaturityStageEnum) stage!: MaturityStage;
  @Field({ description: 'What standing at this stage means for this element.' }) stageDescription!: string;
  @Field(() => [MaturityEvidenceType]) evidence!: MaturityEvidenceType[];
  @Field(() => MaturityNextStageType, { nullable: true, description: 'Null at Kaizen.' }) nextStage!: MaturityNextStageType | null;
}

@ObjectType('MaturityDimensionSummary')
export class MaturityDimensionSummaryType {
  @Field(() => MaturityDimensionEnum) dimension!: MaturityDimension;
  @Field(() => MaturityStageEnum, { description: 'The lowest stage of the dimension’s elements.' }) stage!: MaturityStage;
  @Field() reason!: string;
}

@ObjectType('MaturitySummary')
export class MaturitySummaryType {
  @Field(() => MaturityStageEnum, { description: 'The lowest stage of the five dimensions.' }) stage!: MaturityStage;
  @Field() reason!: string;
}

@ObjectType('MaturityScorecard', { description: 'Where this deployment stands in the MLOps maturity model, judged from its own records.' })
export class MaturityScorecardType {
  @Field(() => Int) weeks!: number;
  @Field({ description: 'Start of the window (inclusive).' }) since!: Date;
  @Field({ description: 'End of the window (exclusive): when the scorecard was made.' }) until!: Date;
  @Field(() => MaturitySummaryType) overall!: MaturitySummaryType;
  @Field(() => [MaturityDimensionSummaryType]) dimensions!: MaturityDimensionSummaryType[];
  @Field(() => [MaturityElementType]) elements!: MaturityElementType[];
  @Field({ description: 'The maturity model the stages and elements come from.' }) source!: string;
}
