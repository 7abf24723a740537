import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { EvidenceScope } from '../../domain/maturity/element-rule';
import type { ElementStatus } from '../../domain/maturity/scorecard';
import { MATURITY_DIMENSIONS, MATURITY_STAGES, type MaturityDimension, type MaturityStage, type RaisedStage } from '../../domain/maturity/stages';
import { TAXONOMY_LEVELS, type Alignment, type TaxonomyLevel } from '../../domain/maturity/taxonomy';
import { enumOf } from '../common/enums';

export const MaturityStageEnum = enumOf(MATURITY_STAGES);
export const MaturityDimensionEnum = enumOf(MATURITY_DIMENSIONS);
export const MaturityEvidenceScopeEnum = enumOf<EvidenceScope>(['WINDOW', 'ALL_TIME', 'NOW']);
export const MaturityElementSourceEnum = enumOf<'MEASURED' | 'ATTESTED'>(['MEASURED', 'ATTESTED']);
export const MaturityElementStatusEnum = enumOf<ElementStatus>(['MEASURED', 'ATTESTED', 'NOT_ATTESTED']);
export const TaxonomyLevelEnum = enumOf(TAXONOMY_LEVELS);
export const MaturityAlignmentEnum = enumOf<Alignment>(['BELOW', 'ALIGNED', 'ABOVE', 'UNKNOWN']);

registerEnumType(MaturityStageEnum, {
  name: 'MaturityStage',
  description: 'The stages of the John, Olsson & Bosch MLOps maturity model, lowest first: Ad hoc, DataOps, Manual MLOps, Automated MLOps, Kaizen.',
});
registerEnumType(MaturityDimensionEnum, { name: 'MaturityDimension', description: 'The five dimensions of the model: Data, Model, Deployment, Operations & infrastructure, Organisation.' });
registerEnumType(MaturityEvidenceScopeEnum, {
  name: 'MaturityEvidenceScope',
  description: 'WINDOW: the scorecard’s window of weeks; ALL_TIME: every record; NOW: the state when the scorecard was made.',
});
registerEnumType(MaturityElementSourceEnum, {
  name: 'MaturityElementSource',
  description: 'MEASURED: Provenant judges the element from its own records. ATTESTED: Provenant cannot observe it; an admin’s attestation gives its stage.',
});
registerEnumType(MaturityElementStatusEnum, {
  name: 'MaturityElementStatus',
  description: 'MEASURED: stage from the records. ATTESTED: stage from an admin’s attestation. NOT_ATTESTED: unobservable and not attested, so no stage.',
});
registerEnumType(TaxonomyLevelEnum, { name: 'TaxonomyLevel', description: 'How much a use case demands on one axis of the taxonomy: LOW, MEDIUM or HIGH.' });
registerEnumType(MaturityAlignmentEnum, {
  name: 'MaturityAlignment',
  description: 'The current stage against the desired one: BELOW, ALIGNED or ABOVE; UNKNOWN when no stage could be measured or attested.',
});

@ObjectType('MaturityEvidence', { description: 'One measurement behind an element’s stage (or, for an attested element, a record shown as context).' })
export class MaturityEvidenceType {
  @Field({ description: 'A stable name, e.g. runsWithDataContract.' }) name!: string;
  @Field(() => Float, { description: 'A count, or a share from 0 to 1 when the detail reads "x of y".' }) value!: number;
  @Field({ description: 'The measurement in words.' }) detail!: string;
  @Field(() => MaturityEvidenceScopeEnum) scope!: EvidenceScope;
}

@ObjectType('MaturityNextStage', { description: 'The stage above an element’s, and what it lacks to get there.' })
export class MaturityNextStageType {
  @Field(() => MaturityStageEnum, { description: 'The stage above the element’s.' }) stage!: RaisedStage;
  @Field({ description: 'What the stage means for this element.' }) requirement!: string;
  @Field(() => [String], { description: 'What is lacking for it, each a thing a platform team can do.' }) missing!: string[];
}

@ObjectType('MaturityAttestation', { description: 'An admin’s recorded word on an element Provenant cannot observe; the newest per element counts.' })
export class MaturityAttestationType {
  @Field(() => ID) id!: string;
  @Field({ description: 'The element’s key, e.g. organisation.stakeholder-communication.' }) elementKey!: string;
  @Field(() => MaturityStageEnum, { description: 'The stage claimed.' }) stage!: MaturityStage;
  @Field({ description: 'What holds, in the admin’s words.' }) statement!: string;
  @Field({ description: 'Where the evidence is kept.' }) evidenceUrl!: string;
  @Field({ description: 'The admin who attested.' }) attestedBy!: string;
  @Field({ description: 'When it was recorded.' }) attestedAt!: Date;
}

@ObjectType('MaturityElement', { description: 'One of the 17 elements of the paper’s revised framework (Table 9).' })
export class MaturityElementType {
  @Field({ description: 'A stable key, e.g. data.management.' }) key!: string;
  @Field(() => MaturityDimensionEnum, { description: 'The dimension the paper puts the element in.' }) dimension!: MaturityDimension;
  @Field({ description: 'Our name for the element.' }) element!: string;
  @Field({ description: 'The element as the paper’s Table 9 words it, shortened.' }) paperElement!: string;
  @Field(() => [String], { description: 'The practice codes of the paper’s Table 5 it covers (D1…OG2); empty when none does.' }) practiceCodes!: string[];
  @Field(() => MaturityElementSourceEnum) source!: 'MEASURED' | 'ATTESTED';
  @Field(() => MaturityElementStatusEnum) status!: ElementStatus;
  @Field(() => MaturityStageEnum, { nullable: true, description: 'Null when not attested: an unobservable element is never given a stage by default.' })
  stage!: MaturityStage | null;
  @Field({ description: 'What standing at this stage means for this element, or why it has none.' }) stageDescription!: string;
  @Field(() => [MaturityEvidenceType], { description: 'Measured: what decided the stage. Attested: records that bear on it, as context.' }) evidence!: MaturityEvidenceType[];
  @Field(() => MaturityNextStageType, { nullable: true, description: 'Null at Kaizen, and when not attested.' }) nextStage!: MaturityNextStageType | null;
  @Field(() => MaturityAttestationType, { nullable: true, description: 'The attestation the stage comes from (attested elements only).' })
  attestation!: MaturityAttestationType | null;
}

@ObjectType('MaturityDimensionSummary', { description: 'Where one dimension stands.' })
export class MaturityDimensionSummaryType {
  @Field(() => MaturityDimensionEnum) dimension!: MaturityDimension;
  @Field(() => MaturityStageEnum, { nullable: true, description: 'The lowest stage of its measured and attested elements; null when none has a stage.' })
  stage!: MaturityStage | null;
  @Field(() => [String], { description: 'Elements left out for want of an attestation.' }) notAttested!: string[];
  @Field({ description: 'What holds the dimension at its stage, and which elements were left out.' }) reason!: string;
}

@ObjectType('MaturitySummary', { description: 'Where the whole deployment stands.' })
export class MaturitySummaryType {
  @Field(() => MaturityStageEnum, { nullable: true, description: 'The lowest stage of the five dimensions.' }) stage!: MaturityStage | null;
  @Field({ description: 'False while some element awaits an attestation: the stage leaves it out.' }) complete!: boolean;
  @Field({ description: 'The dimensions and elements that hold the deployment at its stage, and those awaiting an attestation.' }) reason!: string;
}

@ObjectType('MaturityUseCase', { description: 'A use case placed in the paper’s taxonomy (section 5.3): its two levels give its desired stage.' })
export class MaturityUseCaseType {
  @Field({ description: 'Its name, e.g. "classify pathology images".' }) name!: string;
  @Field(() => String, { nullable: true, description: 'The registered model the use case is about, if it is one model’s.' }) modelName!: string | null;
  @Field(() => TaxonomyLevelEnum, { description: 'Legal and regulatory requirements on the use case.' }) regulatoryCompliance!: TaxonomyLevel;
  @Field(() => TaxonomyLevelEnum, { description: 'How efficient and automated its deployment and operation must be.' }) operationalExcellence!: TaxonomyLevel;
  @Field({ description: 'Why the levels are what they are.' }) rationale!: string;
  @Field(() => MaturityStageEnum, { description: 'The stage the taxonomy gives these levels.' }) desiredStage!: MaturityStage;
  @Field({ description: 'The admin who last set its levels.' }) updatedBy!: string;
  @Field({ description: 'When its levels were last set.' }) updatedAt!: Date;
}

@ObjectType('MaturityUseCaseAssessment', { description: 'A use case’s desired stage beside the stage this deployment stands at.' })
export class MaturityUseCaseAssessmentType extends MaturityUseCaseType {
  @Field(() => MaturityStageEnum, { nullable: true, description: 'The deployment’s overall stage, which every use case on it shares.' }) currentStage!: MaturityStage | null;
  @Field({ description: 'False while some element awaits an attestation.' }) currentStageComplete!: boolean;
  @Field(() => MaturityAlignmentEnum) alignment!: Alignment;
}

@ObjectType('MaturityScorecard', { description: 'Where this deployment stands in the MLOps maturity model: measured from its own records, and attested by admins where it cannot see.' })
export class MaturityScorecardType {
  @Field(() => Int, { description: 'Length of the window event counts cover.' }) weeks!: number;
  @Field({ description: 'Start of the window (inclusive).' }) since!: Date;
  @Field({ description: 'End of the window (exclusive): when the scorecard was made.' }) until!: Date;
  @Field(() => MaturitySummaryType) overall!: MaturitySummaryType;
  @Field(() => [MaturityDimensionSummaryType]) dimensions!: MaturityDimensionSummaryType[];
  @Field(() => [MaturityElementType], { description: 'The 17 elements in the paper’s order.' }) elements!: MaturityElementType[];
  @Field(() => [MaturityUseCaseAssessmentType], { description: 'Every use case admins placed in the taxonomy, by name.' }) useCases!: MaturityUseCaseAssessmentType[];
  @Field({ description: 'The maturity model the stages and elements come from.' }) source!: string;
}

@InputType('AttestMaturityElementInput')
export class AttestMaturityElementInput {
  @Field({ description: 'The key of an element Provenant cannot observe, e.g. organisation.stakeholder-communication.' }) element!: string;
  @Field(() => MaturityStageEnum, { description: 'The stage the element stands at.' }) stage!: MaturityStage;
  @Field({ description: 'What holds (who meets whom, how often, about what), 1-2000 characters.' }) statement!: string;
  @Field({ description: 'An http(s) address where the evidence is kept.' }) evidenceUrl!: string;
}

@InputType('MaturityUseCaseInput')
export class MaturityUseCaseInput {
  @Field({ description: 'The use case’s name (1-100 characters); an existing name is replaced.' }) name!: string;
  @Field(() => String, { nullable: true, description: 'A registered model the use case is about.' }) modelName?: string | null;
  @Field(() => TaxonomyLevelEnum) regulatoryCompliance!: TaxonomyLevel;
  @Field(() => TaxonomyLevelEnum) operationalExcellence!: TaxonomyLevel;
  @Field({ description: 'Why: the regulation that applies, the service the use case must keep up (1-2000 characters).' }) rationale!: string;
}
