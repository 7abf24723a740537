import { CancellationScope, isCancellation, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { DeploymentActivities } from '../activities';
import type { DeployEnvironment } from '../domain/approval';
import type { CanaryPolicy, DeploymentKind, DeploymentStatus } from '../domain/deployment';
import type { TaskQueues } from '../domain/task-queues';

export interface DeploymentInput {
  modelName: string;
  environment: DeployEnvironment;
  modelVersionId: string;
  kind: DeploymentKind;
  policy: CanaryPolicy;
  triggeredBy: string;
  /** The gate that approved this version, for lineage (none for operator overrides). */
  approvalGateId: string | null;
  reason: string | null;
  taskQueues: TaskQueues;
  /** The confirmed break-glass that lets an operator's override past the release guard; beginDeployment checks it. */
  breakGlassId?: string | null;
}

export interface DeploymentResult {
  deploymentId: string;
  status: Exclude<DeploymentStatus, 'RUNNING'>;
  reason: string;
}

/**
 * Canary: raise the new version's share of traffic step by step, watch each step
 * against the stable version, and promote at the end; any failed step (or a cancelled
 * deployment) rolls back to the previous stable version as the saga's compensation.
 * PROMOTE and ROLLBACK are ops overrides: they set the stable version at once. Either
 * way beginDeployment applies the release guard first: an APPROVED gate of the version
 * in the environment, or a confirmed break-glass, or nothing changes.
 */
export async function deploymentWorkflow(input: DeploymentInput): Promise<DeploymentResult> {
  const deploy = proxyActivities<DeploymentActivities>({
    taskQueue: input.taskQueues.pipelines,
    startToCloseTimeout: '1m',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 10, nonRetryableErrorTypes: ['InvalidInput'] },
  });
  const { deploymentId, previousVersionId } = await deploy.beginDeployment({ ...input, workflowId: workflowInfo().workflowId });
  const finish = async (outcome: 'PROMOTED' | 'ROLLED_BACK', reason: string): Promise<DeploymentResult> => {
    await deploy.finishDeployment({ deploymentId, outcome, reason });
    return { deploymentId, status: outcome, reason };
  };
  if (input.kind === 'ROLLBACK') return finish('ROLLED_BACK', input.reason ?? 'rolled back by an operator');
  if (input.kind === 'PROMOTE') return finish('PROMOTED', input.reason ?? 'promoted by an operator');
  // The first version of a model has nothing to be compared with: it becomes stable directly.
  if (!previousVersionId) return finish('PROMOTED', 'first deployment: no stable version to compare with');
  try {
    for (const weight of input.policy.steps) {
      const since = await deploy.setCanaryWeight({ deploymentId, weight });
      await sleep(input.policy.observationMs);
      const observation = await deploy.observeCanary({ deploymentId, weight, since, policy: input.policy });
      if (!observation.passed) return await finish('ROLLED_BACK', `at ${weight}%: ${observation.reasons.join('; ')}`);
    }
    return await finish('PROMOTED', `passed ${input.policy.steps.join('% → ')}%`);
  } catch (error) {
    await CancellationScope.nonCancellable(() => deploy.finishDeployment({ deploymentId, outcome: 'ROLLED_BACK', reason: isCancellation(error) ? 'deployment cancelled' : `deployment failed: ${String(error)}` }));
    throw error;
  }
}
