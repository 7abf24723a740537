import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../common/connection';
import { JsonScalar } from '../common/json.scalar';

@ObjectType('AuditEvent', { description: 'One entry of the append-only, hash-chained audit log: who did what to which record.' })
export class AuditEventType {
  @Field(() => Float, { description: 'Position in the hash chain, from 1.' }) sequence!: number;
  @Field(() => ID, { description: "The event's id, what provenance's auditEventIds list." }) id!: string;
  @Field({ description: 'When the change was made (written in the same transaction).' }) occurredAt!: Date;
  @Field({ description: 'A token name, a system actor (system:pipeline, system:deployment, system:batch-scoring, system:drift-monitor, system:api) or, for operations read from Temporal, the identity the caller gave Temporal.' })
  actor!: string;
  @Field({ description: 'What happened, e.g. pipeline.requested, approval_gate.approved_by, model.alias_set.' }) action!: string;
  @Field({ description: 'The kind of record changed, e.g. dataset_version, pipeline_run, model_version, approval_gate.' }) subjectType!: string;
  @Field({ description: 'The id of the record changed (a workflow id for operations read from Temporal).' }) subjectId!: string;
  @Field(() => JsonScalar, { description: 'The details of the action (differs per action); part of the hashed content.' }) payload!: Record<string, unknown>;
  @Field({ description: 'The hash of the event before it in the chain (64 zeros for the first).' }) previousHash!: string;
  @Field({ description: 'SHA-256 over previousHash and this event’s canonical content.' }) hash!: string;
}

@ObjectType({ description: 'One event in a page of auditEvents.' })
export class AuditEventEdge {
  @Field({ description: 'Pass as `after` to continue after this event.' }) cursor!: string;
  @Field(() => AuditEventType, { description: 'The event.' }) node!: AuditEventType;
}

@ObjectType({ description: 'A page of audit events, newest first.' })
export class AuditEventConnection {
  @Field(() => [AuditEventEdge], { description: 'The events of this page.' }) edges!: AuditEventEdge[];
  @Field(() => PageInfo, { description: 'Whether there are more, and the cursor to continue from.' }) pageInfo!: PageInfo;
}

@InputType({ description: 'Narrows auditEvents; the conditions given must all hold.' })
export class AuditEventFilter {
  @Field({ nullable: true, description: 'Only events about this kind of record, e.g. model_version.' }) subjectType?: string;
  @Field({ nullable: true, description: 'Only events about this record.' }) subjectId?: string;
  @Field({ nullable: true, description: 'Only events by this actor, e.g. a token name or system:pipeline.' }) actor?: string;
  @Field({ nullable: true, description: 'Only this action, e.g. approval_gate.approved_by.' }) action?: string;
  @Field({ nullable: true, description: 'Events that occurred at or after this time.' }) since?: Date;
  @Field({ nullable: true, description: 'Events that occurred before this time.' }) until?: Date;
}

@ObjectType('AuditVerification', { description: "The outcome of checking the audit log's hash chain and signed checkpoints." })
export class AuditVerificationType {
  @Field({ description: 'True when every event checked fits the chain, every checkpoint is still reached, and no event was found tampered with before it was sealed.' }) ok!: boolean;
  @Field(() => Int, { description: 'How many events were re-hashed in this call.' }) checked!: number;
  @Field(() => Float, { nullable: true, description: 'The first event whose hash or link does not fit; null when all fit.' })
  firstInvalidSequence!: number | null;
  @Field(() => Float, { nullable: true, description: 'The last event that fits the chain; null when none does.' }) lastSequence!: number | null;
  @Field(() => String, { nullable: true, description: 'Its hash: an offline export ending at lastSequence must end with it.' })
  lastHash!: string | null;
  @Field(() => Int, { description: 'How many signed checkpoints the chain was held against.' }) checkpointsChecked!: number;
  @Field(() => Float, { nullable: true, description: 'The signed checkpoint whose hash the stored chain no longer reaches, when that is what broke it.' })
  brokenCheckpointSequence!: number | null;
  @Field(() => Int, {
    description: 'How many events were found altered or removed while they waited to be sealed into the chain, each recorded as an `audit.tampering_detected` event; any makes `ok` false.',
  })
  tamperingFindings!: number;
}

@ObjectType('AuditCheckpoint', { description: 'The chain head signed with Ed25519 by the API, kept outside the database.' })
export class AuditCheckpointType {
  @Field(() => Float, { description: "The chain head's sequence when it was signed." }) sequence!: number;
  @Field({ description: "The chain head's hash when it was signed." }) hash!: string;
  @Field({ description: 'When it was signed (ISO 8601).' }) checkpointedAt!: string;
  @Field({ description: 'The Ed25519 public key (hex) the signature verifies with.' }) verifyKey!: string;
  @Field({ description: 'Ed25519 signature (hex) over sequence and hash.' }) signature!: string;
}

@ObjectType('AuditExport', { description: 'A stretch of the audit log to download as JSON lines and verify offline.' })
export class AuditExportType {
  @Field({ description: 'GET it with an ops or admin bearer token.' }) url!: string;
  @Field(() => Date, { nullable: true, description: 'Start of the range (inclusive); null: from the first event.' }) since!: Date | null;
  @Field({ description: 'End of the range (exclusive).' }) until!: Date;
  @Field(() => Float, { nullable: true, description: 'Null when no event occurred in the range.' }) firstSequence!: number | null;
  @Field(() => Float, { nullable: true, description: 'The last event in the range; null when none occurred.' }) lastSequence!: number | null;
  @Field(() => Int, { description: 'How many events the download holds.' }) events!: number;
}
