import { Module } from '@nestjs/common';
import { ApprovalPoliciesResolver } from './approval-policies.resolver';
import { ApprovalPoliciesService } from './approval-policies.service';
import { ApprovalsResolver } from './approvals.resolver';
import { ApprovalsService } from './approvals.service';

@Module({ providers: [ApprovalsResolver, ApprovalsService, ApprovalPoliciesResolver, ApprovalPoliciesService], exports: [ApprovalsService] })
export class ApprovalsModule {}
