import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { EvidenceScope } from '../../domain/maturity/element-rule';
import {
  MATURITY_DIMENSIONS,
  MATURITY_STAGES,
  STAGE_DESCRIPTIONS,
  type MaturityDimension,
  type MaturityStage,
  type RaisedStage,
} from '../../domain/maturity/stages';
import { enumOf } from '../common/enums';

export const MaturityStageEnum = enumOf(MATURITY_STAGES);
export const MaturityDimensionEnum = enumOf(MATURITY_DIMENSIONS);
export const MaturityEvidenceScopeEnum = enumOf<EvidenceScope>(['WINDOW', 'ALL_TIME', 'NOW']);

registerEnumType(MaturityStageEnum, {
  name: 'MaturityStage',
  description: 'The stages of the John, Olsson & Bosch MLOps maturity model, lowest first: Ad hoc, DataOps, Manual MLOps, Automated MLOps, Kaizen.',
  valuesMap: Object.fromEntries(MATURITY_STAGES.map((stage) => [stage, { description: STAGE_DESCRIPTIONS[stage] }])),
});
registerEnumType(MaturityDimensionEnum, {
  name: 'MaturityDimension',
  description: 'The five dimensions of the MLOps maturity model.',
  valuesMap: {
    DATA: { description: 'Data: versioning, validation, drift monitoring, ground-truth labelling.' },
    MODEL: { description: 'Model: training reproducibility, experiment tracking, evaluation, the registry.' },
    DEPLOYMENT: { description: 'Deployment: the release process, deployment frequency, rollback.' },
    OPERATIONS_AND_INFRASTRUCTURE: { description: 'Operations & infrastructure: production monitoring, automated retraining, serving environments.' },
    ORGANISATION: { description: 'Organisation: separation of duties, shared review, the audit trail.' },
  },
});
registerEnumType(MaturityEvidenceScopeEnum, {
  name: 'MaturityEvidenceScope',
  description: 'Which records a piece of maturity evidence counts.',
  valuesMap: {
    WINDOW: { description: "Counted over the scorecard's window of weeks." },
    ALL_TIME: { description: 'Counted over every record.' },
    NOW: { description: 'The state when the scorecard was made.' },
  },
});

@ObjectType('MaturityEvidence', { description: 'One measurement behind an element’s stage.' })
export class MaturityEvidenceType {
  @Field({ description: 'A stable name, e.g. runsWithDataContract.' }) name!: string;
  @Field(() => Float, { description: 'A count, or a share from 0 to 1 when the detail reads "x of y".' }) value!: number;
  @Field({ description: 'The measurement in words, e.g. "1 of 2 validated runs with a data contract (50%)".' }) detail!: string;
  @Field(() => MaturityEvidenceScopeEnum, { description: 'Which records it counts.' }) scope!: EvidenceScope;
}

@ObjectType('MaturityNextStage', { description: 'The next stage up for an element and what it takes.' })
export class MaturityNextStageType {
  @Field(() => MaturityStageEnum, { description: "The stage above the element's current one." }) stage!: RaisedStage;
  @Field({ description: 'What the stage means for this element.' }) requirement!: string;
  @Field(() => [String], { description: 'What the records lack for it, each a thing a platform team can do.' }) missing!: string[];
}

@ObjectType('MaturityElement', { description: 'One of the 17 elements of the maturity model, its stage here and the evidence for it.' })
export class MaturityElementType {
  @Field({ description: 'A stable key, e.g. data.validation.' }) key!: string;
  @Field(() => MaturityDimensionEnum, { description: 'The dimension it belongs to.' }) dimension!: MaturityDimension;
  @Field({ description: 'Its name in the maturity model, e.g. "Data validation".' }) element!: string;
  @Field(() => MaturityStageEnum, { description: 'The highest stage its evidence supports.' }) stage!: MaturityStage;
  @Field({ description: 'What standing at this stage means for this element.' }) stageDescription!: string;
  @Field(() => [MaturityEvidenceType], { description: 'The measurements behind the stage.' }) evidence!: MaturityEvidenceType[];
  @Field(() => MaturityNextStageType, { nullable: true, description: 'Null at Kaizen.' }) nextStage!: MaturityNextStageType | null;
}

@ObjectType('MaturityDimensionSummary', { description: "A dimension's stage: the lowest of its elements." })
export class MaturityDimensionSummaryType {
  @Field(() => MaturityDimensionEnum, { description: 'The dimension.' }) dimension!: MaturityDimension;
  @Field(() => MaturityStageEnum, { description: 'The lowest stage of the dimension’s elements.' }) stage!: MaturityStage;
  @Field({ description: 'Which elements hold it at that stage.' }) reason!: string;
}

@ObjectType('MaturitySummary', { description: "The deployment's overall stage." })
export class MaturitySummaryType {
  @Field(() => MaturityStageEnum, { description: 'The lowest stage of the five dimensions.' }) stage!: MaturityStage;
  @Field({ description: 'Which dimensions and elements hold it at that stage.' }) reason!: string;
}

@ObjectType('MaturityScorecard', { description: 'Where this deployment stands in the MLOps maturity model, judged from its own records.' })
export class MaturityScorecardType {
  @Field(() => Int, { description: 'Length of the window the window-scoped evidence covers, in weeks.' }) weeks!: number;
  @Field({ description: 'Start of the window (inclusive).' }) since!: Date;
  @Field({ description: 'End of the window (exclusive): when the scorecard was made.' }) until!: Date;
  @Field(() => MaturitySummaryType, { description: 'The overall stage and why.' }) overall!: MaturitySummaryType;
  @Field(() => [MaturityDimensionSummaryType], { description: "Each dimension's stage and why." }) dimensions!: MaturityDimensionSummaryType[];
  @Field(() => [MaturityElementType], { description: 'Every element with its stage, evidence and next stage.' }) elements!: MaturityElementType[];
  @Field({ description: 'The maturity model the stages and elements come from.' }) source!: string;
}
