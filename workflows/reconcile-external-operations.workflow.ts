import { proxyActivities } from '@temporalio/workflow';
import type { PipelineActivities } from '../activities';

/**
 * One reconciliation of Temporal histories with the audit log, started by the
 * `<prefix>.reconcile-external-operations` schedule on the pipelines queue: cancels,
 * terminations, resets, signals and updates sent from outside Provenant are audited with
 * Temporal's identity and time. The activity heartbeats per workflow read.
 */
export async function reconcileExternalOperationsWorkflow(): Promise<{ workflows: number; recorded: number }> {
  const { reconcileExternalOperations } = proxyActivities<Pick<PipelineActivities, 'reconcileExternalOperations'>>({
    startToCloseTimeout: '30m',
    heartbeatTimeout: '1m',
    retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 5 },
  });
  return reconcileExternalOperations();
}
