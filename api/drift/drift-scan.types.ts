import { Field, ObjectType } from '@nestjs/graphql';
import { DriftReportType } from './drift-report.types';

@ObjectType('DriftScan')
export class DriftScanType {
  @Field() workflowId!: string;
  @Field({ description: 'The scan in the Temporal UI: its column groups, attempts and errors.' }) temporalUiUrl!: string;
  @Field({ description: 'Temporal’s status of the scan: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED or TIMED_OUT.' }) status!: string;
  @Field(() => String, { nullable: true, description: 'Why the scan ended without a report, when it did.' }) failure!: string | null;
  @Field(() => DriftReportType, { nullable: true, description: 'The report, once the scan has stored it.' }) report!: DriftReportType | null;
}
