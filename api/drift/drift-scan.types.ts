import { Field, ObjectType } from '@nestjs/graphql';
import { DriftReportType } from './drift-report.types';

@ObjectType('DriftScan', { description: 'A drift scan workflow: its state in Temporal, and its report once stored.' })
export class DriftScanType {
  @Field({ description: 'What driftScan takes: drift-scan:<model>:<uuid>, or with the environment and time for a scheduled scan.' }) workflowId!: string;
  @Field({ description: 'The scan in the Temporal UI: its column groups, attempts and errors.' }) temporalUiUrl!: string;
  @Field({ description: 'Temporal’s status of the scan: RUNNING, COMPLETED, FAILED, CANCELLED, TERMINATED or TIMED_OUT.' }) status!: string;
  @Field(() => String, { nullable: true, description: 'Why the scan ended without a report, when it did.' }) failure!: string | null;
  @Field(() => DriftReportType, { nullable: true, description: 'The report, once the scan has stored it.' }) report!: DriftReportType | null;
}
