import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { EvidenceScope } from '../../domain/maturity/element-rule';
import type { ElementStatus } from '../../domain/maturity/scorecard';
import { MATURITY_DIMENSIONS, MATURITY_STAGES, STAGE_DESCRIPTIONS, type MaturityDimension, type MaturityStage, type RaisedStage } from '../../domain/maturity/stages';
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
  valuesMap: Object.fromEntries(MATURITY_STAGES.map((stage) => [stage, { description: STAGE_DESCRIPTIONS[stage] }])),
});
registerEnumType(MaturityDimensionEnum, {
  name: 'MaturityDimension',
  description: 'The five dimensions of the revised framework (the paper’s Table 9).',
  valuesMap: {
    DATA: { description: 'Data: its management, quality, versioning and monitoring.' },
    MODEL: { description: 'Model: how models are trained, tracked, evaluated and kept in a registry.' },
    DEPLOYMENT: { description: 'Deployment: releases, their automation (CI/CD) and rollback.' },
    OPERATIONS_AND_INFRASTRUCTURE: { description: 'Operations & infrastructure: monitoring in production, retraining, tooling.' },
    ORGANISATION: { description: 'Organisation: roles, governance and communication, mostly attested by an admin.' },
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
registerEnumType(MaturityElementSourceEnum, {
  name: 'MaturityElementSource',
  description: 'Where an element’s stage can come from.',
  valuesMap: {
    MEASURED: { description: 'Provenant judges the element from its own records.' },
    ATTESTED: { description: 'Provenant cannot observe it; only an admin’s attestation gives it a stage.' },
  },
});
registerEnumType(MaturityElementStatusEnum, {
  name: 'MaturityElementStatus',
  description: 'Where this element’s stage came from, this time.',
  valuesMap: {
    MEASURED: { description: 'From Provenant’s records.' },
    ATTESTED: { description: 'From the newest admin attestation.' },
    NOT_ATTESTED: { description: 'Unobservable and not attested: no stage, and the scorecard is incomplete.' },
  },
});
registerEnumType(TaxonomyLevelEnum, {
  name: 'TaxonomyLevel',
  description: 'How much a use case demands on one axis of the taxonomy.',
  valuesMap: {
    LOW: { description: 'Little or none.' },
    MEDIUM: { description: 'Some: named requirements, checked now and then.' },
    HIGH: { description: 'Strict: the use case cannot run without meeting them.' },
  },
});
registerEnumType(MaturityAlignmentEnum, {
  name: 'MaturityAlignment',
  description: 'The current stage against the use case’s desired one.',
  valuesMap: {
    BELOW: { description: 'The current stage is lower than the desired one: the gaps say what to build.' },
    ALIGNED: { description: 'The current stage is the desired one.' },
    ABOVE: { description: 'Higher than the use case needs.' },
    UNKNOWN: { description: 'No stage could be measured or attested yet.' },
  },
});

@ObjectType('MaturityEvidence', { description: 'One measurement behind an element’s stage (or, for an attested element, a record shown as context).' })
export class MaturityEvidenceType {
  @Field({ description: 'A stable name, e.g. runsWithDataContract.' }) name!: string;
  @Field(() => Float, { description: 'A count, or a share from 0 to 1 when the detail reads "x of y".' }) value!: number;
  @Field({ description: 'The measurement in words.' }) detail!: string;
  @Field(() => MaturityEvidenceScopeEnum, { description: 'Which records it counts.' }) scope!: EvidenceScope;
}

@ObjectType('MaturityNextStage', { description: 'The stage above an element’s, and what it lacks to get there.' })
export class MaturityNextStageType {
  @Field(() => MaturityStageEnum, { description: 'The stage above the element’s.' }) stage!: RaisedStage;
  @Field({ description: 'What the stage means for this element.' }) requirement!: string;
  @Field(() => [String], { description: 'What is lacking for it, each a thing a platform team can do.' }) missing!: string[];
}

@ObjectType('MaturityAttestation', { description: 'An admin’s recorded word on an element Provenant cannot observe; the newest per element counts.' })
export class MaturityAttestationType {
  @Field(() => ID, { description: 'The attestation’s id.' }) id!: string;
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
  @Field(() => MaturityElementSourceEnum, { description: 'Whether Provenant can measure the element or needs an attestation.' }) source!: 'MEASURED' | 'ATTESTED';
  @Field(() => MaturityElementStatusEnum, { description: 'Where its stage came from this time; NOT_ATTESTED means it has none.' }) status!: ElementStatus;
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
  @Field(() => MaturityDimensionEnum, { description: 'The dimension.' }) dimension!: MaturityDimension;
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
  @Field(() => MaturityAlignmentEnum, { description: 'The current stage against the desired one.' }) alignment!: Alignment;
}

@ObjectType('MaturityScorecard', { description: 'Where this deployment stands in the MLOps maturity model: measured from its own records, and attested by admins where it cannot see.' })
export class MaturityScorecardType {
  @Field(() => Int, { description: 'Length of the window event counts cover.' }) weeks!: number;
  @Field({ description: 'Start of the window (inclusive).' }) since!: Date;
  @Field({ description: 'End of the window (exclusive): when the scorecard was made.' }) until!: Date;
  @Field(() => MaturitySummaryType, { description: 'The deployment’s stage: the lowest of its dimensions.' }) overall!: MaturitySummaryType;
  @Field(() => [MaturityDimensionSummaryType], { description: 'Each dimension’s stage, the lowest of its elements with a stage.' }) dimensions!: MaturityDimensionSummaryType[];
  @Field(() => [MaturityElementType], { description: 'The 17 elements in the paper’s order.' }) elements!: MaturityElementType[];
  @Field(() => [MaturityUseCaseAssessmentType], { description: 'Every use case admins placed in the taxonomy, by name.' }) useCases!: MaturityUseCaseAssessmentType[];
  @Field({ description: 'The maturity model the stages and elements come from.' }) source!: string;
}

@InputType('AttestMaturityElementInput', { description: 'An admin’s word on an element Provenant cannot observe.' })
export class AttestMaturityElementInput {
  @Field({ description: 'The key of an element Provenant cannot observe, e.g. organisation.stakeholder-communication.' }) element!: string;
  @Field(() => MaturityStageEnum, { description: 'The stage the element stands at.' }) stage!: MaturityStage;
  @Field({ description: 'What holds (who meets whom, how often, about what), 1-2000 characters.' }) statement!: string;
  @Field({ description: 'An http(s) address where the evidence is kept.' }) evidenceUrl!: string;
}

@InputType('MaturityUseCaseInput', { description: 'A use case placed in the paper’s taxonomy, created or replaced by name.' })
export class MaturityUseCaseInput {
  @Field({ description: 'The use case’s name (3-100 characters); an existing name is replaced.' }) name!: string;
  @Field(() => String, { nullable: true, description: 'A registered model the use case is about.' }) modelName?: string | null;
  @Field(() => TaxonomyLevelEnum, { description: 'Legal and regulatory requirements on the use case.' }) regulatoryCompliance!: TaxonomyLevel;
  @Field(() => TaxonomyLevelEnum, { description: 'How efficient and automated its deployment and operation must be.' }) operationalExcellence!: TaxonomyLevel;
  @Field({ description: 'Why: the regulation that applies, the service the use case must keep up (15-2000 characters).' }) rationale!: string;
}
