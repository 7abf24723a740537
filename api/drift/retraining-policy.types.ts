import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { DeployRequest } from '../../domain/approval';
import { DeployInput } from '../approvals/approval.types';
import { JsonScalar } from '../common/json.scalar';

@ObjectType('RetrainingPolicy', { description: 'When drift starts a new training run of a model, and how that run asks to deploy.' })
export class RetrainingPolicyType {
  @Field({ description: 'The model it retrains.' }) modelName!: string;
  @Field({ description: 'False: the policy is kept but drift starts nothing.' }) enabled!: boolean;
  @Field(() => Int, { nullable: true, description: 'Retrain after this many consecutive scans with dataset drift; null: data drift never triggers.' })
  consecutiveDriftedScans!: number | null;
  @Field({ description: 'Retrain when DDM or EDDM signals concept drift.' }) onConceptDrift!: boolean;
  @Field({ description: 'No new drift-triggered run within this long of the previous one, e.g. 24h.' }) cooldown!: string;
  @Field(() => JsonScalar, { description: 'The deploy request of the retrained version: environment, approvals, canary.' }) deploy!: DeployRequest;
  @Field({ description: 'Who set it last; they may not approve the runs it starts.' }) updatedBy!: string;
  @Field({ description: 'When it was set last.' }) updatedAt!: Date;
}

@InputType({ description: "A model's retraining policy (roles engineer, ops and admin); replaces any existing one." })
export class SetRetrainingPolicyInput {
  @Field({ description: 'The model to retrain.' }) modelName!: string;
  @Field({ defaultValue: true, description: 'False keeps the policy but starts nothing.' }) enabled!: boolean;
  @Field(() => Int, { nullable: true, description: 'Retrain after this many consecutive drifted scans (1-100).' }) consecutiveDriftedScans?: number | null;
  @Field({ defaultValue: false, description: 'Retrain when DDM or EDDM signals concept drift.' }) onConceptDrift!: boolean;
  @Field({ defaultValue: '24h', description: 'Least time between two drift-triggered runs.' }) cooldown!: string;
  @Field(() => DeployInput, { description: 'Approval and deployment of the retrained version, as for a pipeline.' }) deploy!: DeployInput;
}
