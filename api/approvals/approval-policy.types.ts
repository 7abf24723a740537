import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { DeployEnvironment } from '../../domain/approval';
import type { Role } from '../../domain/roles';
import { DeployEnvironmentEnum } from '../common/enums';

/** GraphQL names (APPROVER, ADMIN) for the roles a policy can let approve; resolvers see the roles themselves. */
export const ApproverRoleEnum = { APPROVER: 'approver', ADMIN: 'admin' } as const;
registerEnumType(ApproverRoleEnum, {
  name: 'ApproverRole',
  description: 'A role that may decide approval gates.',
  valuesMap: {
    APPROVER: { description: 'The approver role.' },
    ADMIN: { description: 'The admin role.' },
  },
});

@ObjectType('ApprovalPolicy', {
  description:
    'An admin’s rules for approval gates: the release gates of the models modelPattern matches in environment, and any gate that names the policy. A request may tighten them, never loosen them.',
})
export class ApprovalPolicyType {
  @Field(() => ID, { description: "The policy's id, what updateApprovalPolicy and deleteApprovalPolicy take." }) id!: string;
  @Field({ description: 'What a request names (requestApproval({ policy: ... })).' }) name!: string;
  @Field(() => Int, { description: 'Starts at 1, one more with every change; a gate records the version it applied.' }) version!: number;
  @Field(() => String, { nullable: true, description: 'An exact model name or a glob (fraud-*, churn-v?); null: used only where a request names the policy.' })
  modelPattern!: string | null;
  @Field(() => DeployEnvironmentEnum, { nullable: true, description: 'The environment whose release gates it governs; null: both.' })
  environment!: DeployEnvironment | null;
  @Field(() => Int, { description: 'Fewest distinct approvals a gate needs.' }) minApprovals!: number;
  @Field(() => [ApproverRoleEnum], { description: 'Holders of these roles may approve (or the people in approvers); both empty: anyone with an approver role.' })
  approverRoles!: Role[];
  @Field(() => [String], { description: 'These people may approve (or holders of approverRoles).' }) approvers!: string[];
  @Field(() => [String], { description: 'These people may never approve; the requester never may either.' }) excludedApprovers!: string[];
  @Field({ description: 'Approvers are reminded after at most this long, e.g. "4h".' }) remindAfter!: string;
  @Field({ description: 'A gate expires after at most this long, e.g. "3d".' }) expiresAfter!: string;
  @Field({ description: 'The admin who created it.' }) createdBy!: string;
  @Field({ description: 'The admin who made the current version.' }) updatedBy!: string;
  @Field({ description: 'When version 1 was created.' }) createdAt!: Date;
  @Field({ description: 'When the current version was made.' }) updatedAt!: Date;
}

@InputType({
  description:
    'The rules of an approval policy (admins only). A gate gets at least these approvals, at most these reminder and expiry times, and only the approvers allowed here.',
})
export class ApprovalPolicyInput {
  @Field({ description: 'Lower-case letters, digits, "_", "." or "-", starting with a letter, e.g. "finance-sign-off".' }) name!: string;
  @Field(() => String, { nullable: true, description: 'An exact model name or a glob with * and ?; leave out for a policy used by name only.' })
  modelPattern?: string | null;
  @Field(() => DeployEnvironmentEnum, { nullable: true, description: 'With modelPattern: only this environment’s release gates (default both).' })
  environment?: DeployEnvironment | null;
  @Field(() => Int, { description: '1 to 10.' }) minApprovals!: number;
  @Field(() => [ApproverRoleEnum], { nullable: true, description: 'Only holders of these roles may approve (or the named approvers); leave out both for anyone with an approver role.' })
  approverRoles?: Role[] | null;
  @Field(() => [String], { nullable: true, description: 'Names as in PROVENANT_API_TOKENS, each holding an approver or admin role.' }) approvers?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Names (as in PROVENANT_API_TOKENS) that may never approve under this policy.' })
  excludedApprovers?: string[] | null;
  @Field({ description: 'e.g. "4h"; shorter than expiresAfter.' }) remindAfter!: string;
  @Field({ description: 'e.g. "3d"; at most 90d.' }) expiresAfter!: string;
}
