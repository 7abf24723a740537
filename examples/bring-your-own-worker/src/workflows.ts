import { proxyActivities } from '@temporalio/workflow';
import { requestApproval } from 'provenant/workflow';
import type * as activities from './activities';

// Provenant's workflows run on this worker too: the approval gate is one of them.
export * from 'provenant/workflows';

const { publishReport } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });

export interface QuarterlyReport {
  quarter: string;
  author: string;
  draftUrl: string;
}

/** Publishes a quarterly report once finance has approved it through Provenant. */
export async function publishQuarterlyReport(report: QuarterlyReport): Promise<{ status: string; publishedAt: string | null }> {
  const approval = await requestApproval({
    subject: { kind: 'report', id: report.quarter, title: `Quarterly report ${report.quarter}`, url: report.draftUrl },
    requestedBy: report.author,
    policy: 'finance-sign-off',
    evidenceLinks: [{ label: 'Draft', url: report.draftUrl }],
    requiredApprovals: 1,
    expiresAfter: '2d',
  });
  if (approval.status !== 'APPROVED') return { status: approval.status, publishedAt: null };
  return { status: approval.status, publishedAt: await publishReport(report.quarter) };
}
