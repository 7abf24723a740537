import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import type { DeployEnvironment } from '../../domain/approval';
import { DeployEnvironmentEnum } from '../common/enums';

@ObjectType('DriftScheduleRun', { description: 'One scan a drift schedule started.' })
export class DriftScheduleRunType {
  @Field({ description: 'When the schedule fired.' }) scheduledAt!: Date;
  @Field({ description: "The scan's workflow id (driftScan takes it)." }) workflowId!: string;
}

@ObjectType('DriftSchedule', { description: 'A Temporal Schedule that scans a model’s traffic in an environment; its live state is Temporal’s.' })
export class DriftScheduleType {
  @Field(() => ID, { description: 'The Temporal Schedule id.' }) id!: string;
  @Field({ description: 'The model scanned.' }) modelName!: string;
  @Field(() => DeployEnvironmentEnum, { description: 'Whose traffic is scanned.' }) environment!: DeployEnvironment;
  @Field(() => String, { nullable: true, description: 'The interval, e.g. 1h; null for a cron schedule.' }) every!: string | null;
  @Field(() => String, { nullable: true, description: 'The cron expression (UTC); null for an interval schedule.' }) cron!: string | null;
  @Field({ description: 'Length of the prediction-log window each scan reads, e.g. 24h.' }) window!: string;
  @Field(() => ID, { nullable: true, description: "The reference dataset version; null: each scanned version's training data." })
  referenceDatasetVersionId!: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Null when Temporal no longer has the schedule (deleted outside Provenant).' })
  paused!: boolean | null;
  @Field(() => String, { nullable: true, description: 'Who created, paused or resumed it, and why.' }) note!: string | null;
  @Field(() => [Date], { description: 'The next (up to 3) times it fires.' }) nextRuns!: Date[];
  @Field(() => [DriftScheduleRunType], { description: 'Its most recent scans, oldest first.' }) recentRuns!: DriftScheduleRunType[];
  @Field(() => String, { nullable: true, description: 'What a scan due while another runs does: SKIP.' }) overlapPolicy!: string | null;
  @Field(() => String, { nullable: true, description: 'How late a scan missed during an outage may still start.' }) catchupWindow!: string | null;
  @Field({ description: 'Who created it.' }) createdBy!: string;
  @Field({ description: 'When it was created.' }) createdAt!: Date;
}

@InputType({ description: 'A drift schedule to create (roles engineer, ops and admin): give every or cron.' })
export class ScheduleDriftScanInput {
  @Field({ description: 'The model to scan.' }) modelName!: string;
  @Field(() => DeployEnvironmentEnum, { description: 'Whose traffic (prediction log) is scanned.' }) environment!: DeployEnvironment;
  @Field(() => String, { nullable: true, description: 'Scan at this interval, e.g. 1h (at least 1s); or give cron.' }) every?: string | null;
  @Field(() => String, { nullable: true, description: 'Scan on this cron expression (UTC), e.g. "0 6 * * *"; or give every.' })
  cron?: string | null;
  @Field({ defaultValue: '24h', description: 'Length of the prediction-log window each scan reads.' }) window!: string;
  @Field(() => ID, { nullable: true, description: 'Compare with this dataset version instead of the scanned version’s training data.' })
  referenceDatasetVersionId?: string | null;
}
