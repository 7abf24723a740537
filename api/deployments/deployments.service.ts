import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { findModel, findModelVersionByNumber, modelVersionNumbers, type ModelVersionEntity } from '../../db/registry';
import { appendAuditEvent } from '../../db/audit-log';
import { inTransaction } from '../../db/db';
import { findDeploymentOfWorkflow, findRunningDeployment, listDeployments } from '../../db/deployments';
import { findTrafficRoute, listTrafficRoutes, setShadowVersion, type TrafficRouteRow } from '../../db/traffic-routes';
import { DEFAULT_CANARY_POLICY, type DeploymentKind } from '../../domain/deployment';
import { ProvenantError, badInput, notFound } from '../../domain/errors';
import type { Principal } from '../../domain/roles';
import { workflowSearchAttributes } from '../../domain/search-attributes';
import { taskQueuesFor } from '../../domain/task-queues';
import type { Config } from '../../platform/config';
import type { deploymentWorkflow } from '../../workflows/deployment.workflow';
import { CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from '../common/injection-tokens';
import type { DeploymentType, SetShadowVersionInput, SetStableVersionInput } from './deployment.types';

@Injectable()
export class DeploymentsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Newest first: versions, weights over time, outcome and who or what triggered each. */
  async history(modelName: string): Promise<DeploymentType[]> {
    const deployments = await listDeployments(this.dataSource, { modelName }, 'DESC');
    const versions = await modelVersionNumbers(this.dataSource, deployments.map((d) => d.modelVersionId));
    return deployments.map((d) => ({ ...d, version: versions.get(d.modelVersionId)! }));
  }

  routes(modelName: string): Promise<TrafficRouteRow[]> {
    return listTrafficRoutes(this.dataSource, { modelName });
  }

  /** Starts or stops shadow scoring: the version answers a copy of live requests, logged only. */
  async setShadow(principal: Principal, input: SetShadowVersionInput): Promise<TrafficRouteRow> {
    const reason = checkReason(input.reason);
    const route = await findTrafficRoute(this.dataSource, input);
    if (!route) throw notFound('input.modelName', `a ${input.environment} route for ${input.modelName} (deploy a version first)`);
    const version = input.version == null ? null : await this.versionOf(input.modelName, input.version);
    return inTransaction(this.dataSource, async (manager) => {
      const saved = await setShadowVersion(manager, input, version?.id ?? null, principal.name);
      await appendAuditEvent(manager, {
        actor: principal.name,
        action: version ? 'traffic_route.shadow_set' : 'traffic_route.shadow_removed',
        subjectType: 'traffic_route',
        subjectId: `${input.modelName}|${input.environment}`,
        payload: { version: input.version ?? null, reason },
      });
      return saved;
    });
  }

  /**
   * An operator's override (PROMOTE or ROLLBACK), run as its own durable workflow so it
   * is audited, visible in the Temporal UI, and finishes even if this process dies.
   */
  async override(principal: Principal, kind: Extract<DeploymentKind, 'PROMOTE' | 'ROLLBACK'>, input: SetStableVersionInput): Promise<DeploymentType> {
    const reason = checkReason(input.reason);
    const version = await this.versionOf(input.modelName, input.version);
    const running = await findRunningDeployment(this.dataSource, input.modelName, input.environment);
    if (running) {
      throw new ProvenantError('CONFLICT', `deployment ${running.workflowId} is changing ${input.modelName} in ${input.environment}; cancel it in the Temporal UI or wait for it`, 'input.modelName');
    }
    const workflowId = `deploy:${input.modelName}:${input.environment}:${kind.toLowerCase()}:${randomUUID()}`;
    await this.temporal.workflow.execute<typeof deploymentWorkflow>('deploymentWorkflow', {
      workflowId,
      taskQueue: taskQueuesFor(this.config.taskQueuePrefix).pipelines,
      typedSearchAttributes: workflowSearchAttributes('deployment', input.modelName, input.environment),
      args: [
        {
          modelName: input.modelName,
          environment: input.environment,
          modelVersionId: version.id,
          kind,
          policy: DEFAULT_CANARY_POLICY,
          triggeredBy: principal.name,
          approvalGateId: null,
          reason,
          taskQueues: taskQueuesFor(this.config.taskQueuePrefix),
        },
      ],
    });
    const deployment = await findDeploymentOfWorkflow(this.dataSource, workflowId);
    if (!deployment) throw new Error(`deployment workflow ${workflowId} finished without recording its deployment`);
    return { ...deployment, version: version.version };
  }

  private async versionOf(modelName: string, number: number): Promise<ModelVersionEntity> {
    const model = await findModel(this.dataSource, { name: modelName });
    if (!model) throw notFound('input.modelName', `model ${modelName}`);
    const version = await findModelVersionByNumber(this.dataSource, model.name, number);
    if (!version) throw notFound('input.version', `version ${number} of ${modelName}`);
    return version;
  }
}

function checkReason(text: string): string {
  const reason = text.trim();
  if (!reason || reason.length > 500) throw badInput('input.reason', 'must be 1-500 characters');
  return reason;
}
