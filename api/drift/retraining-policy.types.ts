import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { DeployRequest } from '../../domain/approval';
import { DeployInput } from '../approvals/approval.types';
import { JsonScalar } from '../common/json.scalar';

@ObjectType('RetrainingPolicy', { description: 'When drift starts a new training run of a model, and how that run asks to deploy.' })
export class RetrainingPolicyType {
  @Field() modelName!: string;
  @Field() enabled!: boolean;
  @Field(() => Int, { nullable: true, description: 'Retrain after this many consecutive scans with dataset drift; null: data drift never triggers.' })
  consecutiveDriftedScans!: number | null;
  @Field({ description: 'Retrain when DDM or EDDM signals concept drift.' }) onConceptDrift!: boolean;
  @Field({ description: 'No new drift-triggered run within this long of the previous one, e.g. 24h.' }) cooldown!: string;
  @Field(() => JsonScalar, { description: 'The deploy request of the retrained version: environment, approvals, canary.' }) deploy!: DeployRequest;
  @Field() updatedBy!: string;
  @Field() updatedAt!: Date;
}

@InputType()
export class SetRetrainingPolicyInput {
  @Field() modelName!: string;
  @Field({ defaultValue: true }) enabled!: boolean;
  @Field(() => Int, { nullable: true, description: 'Retrain after this many consecutive drifted scans (1-100).' }) consecutiveDriftedScans?: number | null;
  @Field({ defaultValue: false, description: 'Retrain when DDM or EDDM signals concept drift.' }) onConceptDrift!: boolean;
  @Field({ defaultValue: '24h', description: 'Least time between two drift-triggered runs.' }) cooldown!: string;
  @Field(() => DeployInput, { description: 'Approval and deployment of the retrained version, as for a pipeline.' }) deploy!: DeployInput;
}
