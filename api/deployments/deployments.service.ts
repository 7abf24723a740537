import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { findModel, findModelVersion, findModelVersionByNumber, modelVersionNumbers, type ModelVersionEntity } from '../../db/registry';
import { appendAuditEvent } from '../../db/audit-log';
import { createBreakGlass, findBreakGlass, listBreakGlass, lockBreakGlass, markBreakGlassConfirmed, type BreakGlassRow } from '../../db/break-glass';
import { databaseTime, inTransaction } from '../../db/db';
import { deploymentsOfBreakGlass, findDeploymentOfWorkflow, findRunningDeployment, listDeployments } from '../../db/deployments';
import { releaseGuardRefusal } from '../../db/release-guard';
import { findTrafficRoute, listTrafficRoutes, setShadowVersion, type TrafficRouteRow } from '../../db/traffic-routes';
import { DEFAULT_CANARY_POLICY, type DeploymentKind } from '../../domain/deployment';
import { ProvenantError, badInput, notFound } from '../../domain/errors';
import { isUuid } from '../../domain/ids';
import { breakGlassActors, type BreakGlassOperation } from '../../domain/release-guard';
import type { Principal } from '../../domain/roles';
import { workflowSearchAttributes } from '../../domain/search-attributes';
import { taskQueuesFor } from '../../domain/task-queues';
import type { Config } from '../../platform/config';
import type { deploymentWorkflow } from '../../workflows/deployment.workflow';
import { CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from '../common/injection-tokens';
import type { BreakGlassType, DeploymentType, RequestBreakGlassInput, SetShadowVersionInput, SetStableVersionInput } from './deployment.types';

type StableOverride = Extract<DeploymentKind, 'PROMOTE' | 'ROLLBACK'>;

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

  /**
   * Starts or stops shadow scoring: the version answers a copy of live requests, logged
   * only. Starting needs an APPROVED approval gate for the version in the environment
   * (the release guard); stopping never does.
   */
  async setShadow(principal: Principal, input: SetShadowVersionInput): Promise<TrafficRouteRow> {
    const reason = checkReason(input.reason);
    const route = await findTrafficRoute(this.dataSource, input);
    if (!route) throw notFound('input.modelName', `a ${input.environment} route for ${input.modelName} (deploy a version first)`);
    const version = input.version == null ? null : await this.versionOf(input.modelName, input.version);
    if (version) await this.guard('SET_SHADOW', input, version);
    return inTransaction(this.dataSource, (manager) => shadowWith(manager, input, version, principal.name, { reason }));
  }

  /**
   * An operator's override (PROMOTE or ROLLBACK), run as its own durable workflow so it
   * is audited, visible in the Temporal UI, and finishes even if this process dies. The
   * version needs an APPROVED approval gate in the environment (the release guard).
   */
  async override(principal: Principal, kind: StableOverride, input: SetStableVersionInput): Promise<DeploymentType> {
    const reason = checkReason(input.reason);
    const version = await this.versionOf(input.modelName, input.version);
    await this.guard(kind, input, version);
    await this.refuseWhileRunning(input);
    return this.runOverride({ kind, modelName: input.modelName, environment: input.environment, version, triggeredBy: principal.name, reason, breakGlassId: null });
  }

  /** Break-glass requests, newest first (at most 100), optionally of one model. */
  async breakGlassRequests(modelName: string | null): Promise<BreakGlassType[]> {
    return this.breakGlassViews(await listBreakGlass(this.dataSource, { modelName }, 100));
  }

  /**
   * The first admin's half of a break-glass: the operation the release guard refuses,
   * with the reason to bypass it, recorded and audited. Nothing changes until a second
   * admin confirms it within PROVENANT_BREAK_GLASS_WINDOW.
   */
  async requestBreakGlass(principal: Principal, input: RequestBreakGlassInput): Promise<BreakGlassType> {
    const reason = checkReason(input.reason);
    const version = await this.versionOf(input.modelName, input.version);
    if (input.operation === 'SET_SHADOW' && !(await findTrafficRoute(this.dataSource, input))) {
      throw notFound('input.modelName', `a ${input.environment} route for ${input.modelName} (deploy a version first)`);
    }
    const missing = await releaseGuardRefusal(this.dataSource, { ...input, version: version.version }, version);
    if (!missing) {
      throw badInput('input.version', `${input.modelName} v${version.version} has an APPROVED approval gate in ${input.environment}: ${operationMutation(input.operation)} needs no break-glass`);
    }
    const row = await inTransaction(this.dataSource, async (tx) => {
      const now = new Date(await databaseTime(tx));
      const requested = await createBreakGlass(tx, {
        operation: input.operation,
        modelName: input.modelName,
        environment: input.environment,
        modelVersionId: version.id,
        reason,
        missing,
        requestedBy: principal.name,
        requestedAt: now,
        expiresAt: new Date(now.getTime() + this.config.breakGlassWindowMs),
      });
      await appendAuditEvent(tx, {
        actor: principal.name,
        action: 'break_glass.requested',
        subjectType: 'break_glass',
        subjectId: requested.id,
        payload: { breakGlass: true, ...breakGlassFacts(requested, version.version), expiresAt: requested.expiresAt.toISOString() },
      });
      return requested;
    });
    return (await this.breakGlassViews([row]))[0];
  }

  /**
   * The second admin's half: confirms a pending break-glass (never one's own, never an
   * expired one) and carries out its operation, flagged as break-glass wherever it shows.
   */
  async confirmBreakGlass(principal: Principal, id: string): Promise<BreakGlassType> {
    if (!isUuid(id)) throw badInput('id', 'is not a break-glass id (expected a UUID)');
    const confirmed = await inTransaction(this.dataSource, async (tx) => {
      const request = await lockBreakGlass(tx, id);
      if (!request) throw notFound('id', `break-glass ${id}`);
      if (request.status === 'CONFIRMED') throw new ProvenantError('CONFLICT', `break-glass ${id} was already confirmed by ${request.confirmedBy}`, 'id');
      const now = new Date(await databaseTime(tx));
      if (request.expiresAt <= now) {
        throw new ProvenantError('CONFLICT', `break-glass ${id} expired at ${request.expiresAt.toISOString()} unconfirmed: request it again`, 'id');
      }
      if (request.requestedBy === principal.name) {
        throw new ProvenantError('FORBIDDEN', `a break-glass needs a second admin: ${principal.name} requested it and cannot confirm it too`, 'id');
      }
      if (request.operation !== 'SET_SHADOW') await this.refuseWhileRunning(request, 'id');
      const row = await markBreakGlassConfirmed(tx, id, principal.name, now);
      const version = (await modelVersionNumbers(tx, [row.modelVersionId])).get(row.modelVersionId)!;
      await appendAuditEvent(tx, {
        actor: principal.name,
        action: 'break_glass.confirmed',
        subjectType: 'break_glass',
        subjectId: row.id,
        payload: { breakGlass: true, ...breakGlassFacts(row, version), confirmedBy: principal.name },
      });
      if (row.operation === 'SET_SHADOW') {
        await shadowWith(tx, row, { id: row.modelVersionId, version }, breakGlassActors(row.requestedBy, principal.name), { reason: row.reason, breakGlass: row });
      }
      return row;
    });
    if (confirmed.operation !== 'SET_SHADOW') {
      const version = (await findModelVersion(this.dataSource, { id: confirmed.modelVersionId }))!;
      await this.runOverride({
        kind: confirmed.operation,
        modelName: confirmed.modelName,
        environment: confirmed.environment,
        version,
        triggeredBy: breakGlassActors(confirmed.requestedBy, confirmed.confirmedBy!),
        reason: `break-glass: ${confirmed.reason}`.slice(0, 500),
        breakGlassId: confirmed.id,
      });
    }
    return (await this.breakGlassViews([(await findBreakGlass(this.dataSource, id))!]))[0];
  }

  /** FORBIDDEN, saying what is missing, unless the version has an APPROVED gate in the environment. */
  private async guard(operation: BreakGlassOperation, input: { modelName: string; environment: SetStableVersionInput['environment'] }, version: ModelVersionEntity): Promise<void> {
    const refusal = await releaseGuardRefusal(this.dataSource, { operation, modelName: input.modelName, environment: input.environment, version: version.version }, version);
    if (refusal) throw new ProvenantError('FORBIDDEN', refusal, 'input.version');
  }

  private async refuseWhileRunning(target: { modelName: string; environment: SetStableVersionInput['environment'] }, field = 'input.modelName'): Promise<void> {
    const running = await findRunningDeployment(this.dataSource, target.modelName, target.environment);
    if (running) {
      throw new ProvenantError('CONFLICT', `deployment ${running.workflowId} is changing ${target.modelName} in ${target.environment}; cancel it in the Temporal UI or wait for it`, field);
    }
  }

  private async runOverride(override: {
    kind: StableOverride;
    modelName: string;
    environment: SetStableVersionInput['environment'];
    version: ModelVersionEntity;
    triggeredBy: string;
    reason: string;
    breakGlassId: string | null;
  }): Promise<DeploymentType> {
    const { kind, modelName, environment, version } = override;
    const workflowId = override.breakGlassId
      ? `deploy:${modelName}:${environment}:break-glass:${override.breakGlassId}`
      : `deploy:${modelName}:${environment}:${kind.toLowerCase()}:${randomUUID()}`;
    await this.temporal.workflow.execute<typeof deploymentWorkflow>('deploymentWorkflow', {
      workflowId,
      taskQueue: taskQueuesFor(this.config.taskQueuePrefix).pipelines,
      typedSearchAttributes: workflowSearchAttributes('deployment', modelName, environment),
      args: [
        {
          modelName,
          environment,
          modelVersionId: version.id,
          kind,
          policy: DEFAULT_CANARY_POLICY,
          triggeredBy: override.triggeredBy,
          approvalGateId: null,
          reason: override.reason,
          taskQueues: taskQueuesFor(this.config.taskQueuePrefix),
          breakGlassId: override.breakGlassId,
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

  private async breakGlassViews(rows: BreakGlassRow[]): Promise<BreakGlassType[]> {
    const versions = await modelVersionNumbers(this.dataSource, rows.map((row) => row.modelVersionId));
    const deployments = await deploymentsOfBreakGlass(this.dataSource, rows.map((row) => row.id));
    const now = new Date(await databaseTime(this.dataSource));
    return rows.map((row) => ({
      ...row,
      version: versions.get(row.modelVersionId)!,
      status: row.status === 'CONFIRMED' ? 'CONFIRMED' : row.expiresAt <= now ? 'EXPIRED' : 'PENDING',
      deploymentId: deployments.find((deployment) => deployment.breakGlassId === row.id)?.id ?? null,
    }));
  }
}

/** Sets (or clears) the shadow version and audits it, with the break-glass that allowed it when there was one. */
async function shadowWith(
  manager: EntityManager,
  route: { modelName: string; environment: SetStableVersionInput['environment'] },
  version: { id: string; version: number } | null,
  actor: string,
  why: { reason: string; breakGlass?: BreakGlassRow },
): Promise<TrafficRouteRow> {
  const saved = await setShadowVersion(manager, route, version?.id ?? null, actor);
  const glass = why.breakGlass;
  await appendAuditEvent(manager, {
    actor,
    action: version ? 'traffic_route.shadow_set' : 'traffic_route.shadow_removed',
    subjectType: 'traffic_route',
    subjectId: `${route.modelName}|${route.environment}`,
    payload: {
      version: version?.version ?? null,
      reason: why.reason,
      ...(glass ? { breakGlass: { id: glass.id, requestedBy: glass.requestedBy, confirmedBy: glass.confirmedBy, reason: glass.reason } } : {}),
    },
  });
  return saved;
}

/** What both halves of a break-glass record in the audit log. */
function breakGlassFacts(row: BreakGlassRow, version: number | undefined): Record<string, unknown> {
  return {
    operation: row.operation,
    modelName: row.modelName,
    environment: row.environment,
    modelVersionId: row.modelVersionId,
    version: version ?? null,
    reason: row.reason,
    missing: row.missing,
    requestedBy: row.requestedBy,
  };
}

function operationMutation(operation: BreakGlassOperation): string {
  return operation === 'PROMOTE' ? 'promoteDeployment' : operation === 'ROLLBACK' ? 'rollbackDeployment' : 'setShadowVersion';
}

function checkReason(text: string): string {
  const reason = text.trim();
  if (!reason || reason.length > 500) throw badInput('input.reason', 'must be 1-500 characters');
  return reason;
}
