import type { EntityManager } from 'typeorm';
import { appendAuditEvent } from '../db/audit-log';
import { mustExist } from '../db/db';
import { ApprovalGateEntity, DeploymentEntity, TrafficRouteEntity } from '../db/entities';
import { recordLineageEdge, recordLineageNode } from '../db/lineage-store';
import { setAlias } from '../db/model-aliases';
import { updatePipelineRun } from '../db/pipeline-runs';
import { findModel, findModelVersion } from '../db/registry';
import type { DeployEnvironment } from '../domain/approval';
import type { CanaryObservation, CanaryPolicy, DeploymentKind } from '../domain/deployment';
import { canaryVerdict, type VersionWindow } from '../ml/deployment/canary-verdict';
import type { ActivityDependencies } from './dependencies';
import { invalidInput } from './failures';

export interface BeginDeploymentInput {
  workflowId: string;
  modelName: string;
  environment: DeployEnvironment;
  modelVersionId: string;
  kind: DeploymentKind;
  triggeredBy: string;
  /** The gate that approved this version, for lineage (none for operator overrides). */
  approvalGateId: string | null;
  reason: string | null;
}

export interface ObserveInput {
  deploymentId: string;
  weight: number;
  /** When this weight took effect (database time), so the window counts only its requests. */
  since: string;
  policy: CanaryPolicy;
}

/** Who the audit log names for what a deployment does on its own. */
const DEPLOYMENT_ACTOR = 'system:deployment';

export function createDeploymentActivities({ dataSource }: ActivityDependencies) {
  return {
    /** Records the deployment and what it replaces; keyed by workflow id so a retry finds it. */
    async beginDeployment(input: BeginDeploymentInput): Promise<{ deploymentId: string; previousVersionId: string | null }> {
      return dataSource.transaction(async (manager) => {
        const deployments = manager.getRepository(DeploymentEntity);
        const existing = await deployments.findOneBy({ workflowId: input.workflowId });
        if (existing) return { deploymentId: existing.id, previousVersionId: existing.previousVersionId };
        // Another deployment of this model here would fight over the route: wait for it (retried).
        const running = await deployments.findOneBy({ modelName: input.modelName, environment: input.environment, status: 'RUNNING' });
        if (running) throw new Error(`deployment ${running.workflowId} of ${input.modelName} in ${input.environment} is still running`);
        const version = await findModelVersion(manager, { id: input.modelVersionId });
        if (!version) throw invalidInput('input.modelVersionId', `model version ${input.modelVersionId} not found`);
        const route = await manager.getRepository(TrafficRouteEntity).findOneBy({ modelName: input.modelName, environment: input.environment });
        const gate = input.approvalGateId ? await manager.getRepository(ApprovalGateEntity).findOneByOrFail({ id: input.approvalGateId }) : null;
        const deployment = await deployments.save(
          deployments.create({
            modelName: input.modelName,
            modelVersionId: input.modelVersionId,
            environment: input.environment,
            kind: input.kind,
            status: 'RUNNING',
            workflowId: input.workflowId,
            pipelineRunId: gate?.pipelineRunId ?? null,
            previousVersionId: route?.stableVersionId ?? null,
            trafficWeight: 0,
            weights: [],
            observations: [],
            reason: input.reason,
            triggeredBy: input.triggeredBy,
          }),
        );
        if (deployment.pipelineRunId) await updatePipelineRun(manager, { id: deployment.pipelineRunId }, { status: 'DEPLOYING' });
        await recordLineageNode(manager, { id: deployment.id, kind: 'deployment', label: `${input.kind.toLowerCase()} ${input.modelName} v${version.version} to ${input.environment}` });
        await recordLineageEdge(manager, gate?.id ?? input.modelVersionId, deployment.id, 'used_by');
        await appendAuditEvent(manager, {
          actor: input.kind === 'CANARY' ? DEPLOYMENT_ACTOR : input.triggeredBy,
          action: `deployment.${input.kind.toLowerCase()}_started`,
          subjectType: 'deployment',
          subjectId: deployment.id,
          payload: { modelName: input.modelName, environment: input.environment, version: version.version, previousVersionId: deployment.previousVersionId, reason: input.reason, triggeredBy: input.triggeredBy },
        });
        return { deploymentId: deployment.id, previousVersionId: deployment.previousVersionId };
      });
    },

    /** Routes `weight`% of live traffic to the canary; returns when that took effect (database time). */
    async setCanaryWeight({ deploymentId, weight }: { deploymentId: string; weight: number }): Promise<string> {
      return dataSource.transaction(async (manager) => {
        const deployment = await lockedDeployment(manager, deploymentId);
        await upsertRoute(manager, deployment, { canaryVersionId: deployment.modelVersionId, canaryWeight: weight });
        const [{ now }] = await manager.query(`SELECT now()::text AS now`);
        if (deployment.trafficWeight !== weight || deployment.weights.length === 0) {
          await manager.getRepository(DeploymentEntity).update(deploymentId, { trafficWeight: weight, weights: [...deployment.weights, { weight, at: new Date(now).toISOString() }] });
          await appendAuditEvent(manager, {
            actor: DEPLOYMENT_ACTOR,
            action: 'deployment.weight_changed',
            subjectType: 'deployment',
            subjectId: deploymentId,
            payload: { weight },
            idempotencyKey: `${deploymentId}:weight:${weight}`,
          });
        }
        return now as string;
      });
    },

    /**
     * Compares canary and stable over the window since the weight took effect. Postgres
     * aggregates the prediction log (a row per scored row) per request and per predicted
     * value, so a window of millions of rows costs the worker a handful of numbers.
     */
    async observeCanary(input: ObserveInput): Promise<CanaryObservation> {
      const deployment = await dataSource.getRepository(DeploymentEntity).findOneByOrFail({ id: input.deploymentId });
      const window = [deployment.modelName, deployment.environment, input.since];
      const WINDOW = `model_name = $1 AND environment = $2 AND logged_at >= $3::timestamptz AND role IN ('stable', 'canary')`;
      const requests: { role: string; requests: number; errors: number; p95: number | null }[] = await dataSource.query(
        `WITH per_request AS (
           SELECT role, request_id, bool_or(error IS NOT NULL) AS failed, max(latency_ms) AS latency
             FROM prediction_log WHERE ${WINDOW} GROUP BY role, request_id)
         SELECT role, count(*)::int AS requests, (count(*) FILTER (WHERE failed))::int AS errors,
                percentile_cont(0.95) WITHIN GROUP (ORDER BY latency) AS p95
           FROM per_request GROUP BY role`,
        window,
      );
      // Labels are counted as they are; numeric predictions in the stable version's deciles.
      const [{ edges }] = await dataSource.query(
        `SELECT percentile_cont(ARRAY[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) WITHIN GROUP (ORDER BY (output->>'prediction')::float8) AS edges
           FROM prediction_log WHERE ${WINDOW} AND role = 'stable' AND output ? 'prediction'`,
        window,
      );
      const predictions: { role: string; bucket: string; count: number }[] = await dataSource.query(
        `SELECT role,
                COALESCE(output->>'label', width_bucket((output->>'prediction')::float8, $4::float8[])::text) AS bucket,
                count(*)::int AS count
           FROM prediction_log WHERE ${WINDOW} AND output IS NOT NULL GROUP BY 1, 2`,
        [...window, edges ?? []],
      );
      const windowOf = (role: string): VersionWindow => {
        const summary = requests.find((row) => row.role === role);
        return {
          requests: summary?.requests ?? 0,
          errors: summary?.errors ?? 0,
          p95Ms: summary?.p95 ?? null,
          predictionCounts: new Map(predictions.filter((row) => row.role === role).map((row) => [row.bucket, row.count])),
        };
      };
      // A retried observation replaces its own entry instead of adding one and comparing with itself.
      const earlier = deployment.observations.filter((o) => o.weight !== input.weight);
      const observation = canaryVerdict(input.weight, windowOf('canary'), windowOf('stable'), earlier.at(-1) ?? null, input.policy, null);
      await dataSource.getRepository(DeploymentEntity).update(deployment.id, { observations: [...earlier, observation] });
      return observation;
    },

    /**
     * Ends a deployment: PROMOTED makes the version stable (and moves the environment's
     * alias, plus `champion` in production); a canary ROLLED_BACK puts the previous stable
     * version back (the saga's compensation), an operator's rollback makes its target
     * stable. Both clear the canary and are audited with the reason.
     */
    async finishDeployment({ deploymentId, outcome, reason }: { deploymentId: string; outcome: 'PROMOTED' | 'ROLLED_BACK'; reason: string }): Promise<void> {
      await dataSource.transaction(async (manager) => {
        const deployment = await lockedDeployment(manager, deploymentId);
        if (deployment.status !== 'RUNNING') return;
        const stable = outcome === 'ROLLED_BACK' && deployment.kind === 'CANARY' ? deployment.previousVersionId : deployment.modelVersionId;
        await upsertRoute(manager, deployment, { stableVersionId: stable, canaryVersionId: null, canaryWeight: 0 });
        await manager.getRepository(DeploymentEntity).update(deploymentId, { status: outcome, reason, finishedAt: new Date(), trafficWeight: 0 });
        const model = mustExist(await findModel(manager, { name: deployment.modelName }), `model ${deployment.modelName}`);
        const actor = deployment.kind === 'CANARY' ? DEPLOYMENT_ACTOR : deployment.triggeredBy;
        if (stable) {
          const aliases = [deployment.environment.toLowerCase(), ...(deployment.environment === 'PRODUCTION' ? ['champion'] : [])];
          for (const alias of aliases) await setAlias(manager, { modelId: model.id, alias, versionId: stable, actor, reason: `${deployment.kind.toLowerCase()} ${outcome.toLowerCase()}: ${reason}`.slice(0, 500) });
        }
        await appendAuditEvent(manager, {
          actor,
          action: `deployment.${outcome === 'PROMOTED' ? 'promoted' : 'rolled_back'}`,
          subjectType: 'deployment',
          subjectId: deploymentId,
          payload: { modelName: deployment.modelName, environment: deployment.environment, stableVersionId: stable, reason, observations: deployment.observations },
        });
      });
    },
  };
}

async function lockedDeployment(manager: EntityManager, id: string): Promise<DeploymentEntity> {
  return manager.getRepository(DeploymentEntity).findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
}

async function upsertRoute(manager: EntityManager, deployment: DeploymentEntity, change: Partial<TrafficRouteEntity>): Promise<void> {
  const routes = manager.getRepository(TrafficRouteEntity);
  const current = await routes.findOne({
    where: { modelName: deployment.modelName, environment: deployment.environment },
    lock: { mode: 'pessimistic_write' },
  });
  await routes.save({
    modelName: deployment.modelName,
    environment: deployment.environment,
    stableVersionId: current?.stableVersionId ?? null,
    canaryVersionId: current?.canaryVersionId ?? null,
    canaryWeight: current?.canaryWeight ?? 0,
    shadowVersionId: current?.shadowVersionId ?? null,
    ...change,
    updatedBy: deployment.workflowId,
  });
}
