import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../common/connection';
import { JsonScalar } from '../common/json.scalar';

@ObjectType('AuditEvent')
export class AuditEventType {
  @Field(() => Float, { description: 'Position in the hash chain, from 1.' }) sequence!: number;
  @Field(() => ID) id!: string;
  @Field() occurredAt!: Date;
  @Field() actor!: string;
  @Field() action!: string;
  @Field() subjectType!: string;
  @Field() subjectId!: string;
  @Field(() => JsonScalar) payload!: Record<string, unknown>;
  @Field() previousHash!: string;
  @Field({ description: 'SHA-256 over previousHash and this event’s canonical content.' }) hash!: string;
}

@ObjectType()
export class AuditEventEdge {
  @Field() cursor!: string;
  @Field(() => AuditEventType) node!: AuditEventType;
}

@ObjectType()
export class AuditEventConnection {
  @Field(() => [AuditEventEdge]) edges!: AuditEventEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@InputType()
export class AuditEventFilter {
  @Field({ nullable: true }) subjectType?: string;
  @Field({ nullable: true }) subjectId?: string;
  @Field({ nullable: true }) actor?: string;
  @Field({ nullable: true }) action?: string;
  @Field({ nullable: true, description: 'Events that occurred at or after this time.' }) since?: Date;
  @Field({ nullable: true, description: 'Events that occurred before this time.' }) until?: Date;
}

@ObjectType('AuditVerification')
export class AuditVerificationType {
  @Field() ok!: boolean;
  @Field(() => Int) checked!: number;
  @Field(() => Float, { nullable: true }) firstInvalidSequence!: number | null;
  @Field(() => Float, { nullable: true, description: 'The last event that fits the chain; null when none does.' }) lastSequence!: number | null;
  @Field(() => String, { nullable: true, description: 'Its hash: an offline export ending at lastSequence must end with it.' })
  lastHash!: string | null;
  @Field(() => Int, { description: 'How many signed checkpoints the chain was held against.' }) checkpointsChecked!: number;
  @Field(() => Float, { nullable: true, description: 'The signed checkpoint whose hash the stored chain no longer reaches, when that is what broke it.' })
  brokenCheckpointSequence!: number | null;
}

@ObjectType('AuditCheckpoint', { description: 'The chain head signed with Ed25519 by the API, kept outside the database.' })
export class AuditCheckpointType {
  @Field(() => Float) sequence!: number;
  @Field() hash!: string;
  @Field() checkpointedAt!: string;
  @Field({ description: 'The Ed25519 public key (hex) the signature verifies with.' }) verifyKey!: string;
  @Field() signature!: string;
}

@ObjectType('AuditExport', { description: 'A stretch of the audit log to download as JSON lines and verify offline.' })
export class AuditExportType {
  @Field({ description: 'GET it with an ops or admin bearer token.' }) url!: string;
  @Field(() => Date, { nullable: true }) since!: Date | null;
  @Field() until!: Date;
  @Field(() => Float, { nullable: true, description: 'Null when no event occurred in the range.' }) firstSequence!: number | null;
  @Field(() => Float, { nullable: true }) lastSequence!: number | null;
  @Field(() => Int) events!: number;
}
