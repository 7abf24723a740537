import { ApplicationFailure } from '@temporalio/activity';
import type { EntityManager } from 'typeorm';
import { appendAuditEvent } from '../db/audit-log';
import { findGate, type ApprovalGateEntity } from '../db/approval-gates';
import { findBreakGlass, type BreakGlassRow } from '../db/break-glass';
import { releaseGuardRefusal } from '../db/release-guard';
import { databaseTime, inTransaction, mustExist } from '../db/db';
import { createDeployment, deploymentsOfBreakGlass, findDeployment, findDeploymentOfWorkflow, findRunningDeployment, lockDeployment, updateDeployment } from '../db/deployments';
import { recordLineageEdge, recordLineageNode } from '../db/lineage-store';
import { setAlias } from '../db/model-aliases';
import { updatePipelineRun } from '../db/pipeline-runs';
import { summarizeCanaryWindow } from '../db/prediction-log';
import { findModel, findModelVersion } from '../db/registry';
import { changeTrafficRoute, findTrafficRoute } from '../db/traffic-routes';
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
  /** The confirmed break-glass that lets an operator's override past the release guard (absent for everything else). */
  breakGlassId?: string | null;
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

/**
 * The release guard where traffic actually changes, whoever started the deployment: a
 * canary needs the APPROVED gate of this version and environment it names; an override
 * needs an APPROVED gate for the version there, or a confirmed, unused break-glass for
 * exactly this operation. Returns the break-glass used, if any; refuses for good otherwise.
 */
async function releaseAuthorization(
  manager: EntityManager,
  input: BeginDeploymentInput,
  version: { id: string; version: number; pipelineRunId: string | null },
  gate: ApprovalGateEntity | null,
): Promise<BreakGlassRow | null> {
  const forbidden = (message: string) => ApplicationFailure.create({ type: 'Forbidden', message, nonRetryable: true });
  if (input.kind === 'CANARY') {
    if (gate?.status === 'APPROVED' && gate.modelVersionId === input.modelVersionId && gate.environment === input.environment) return null;
    throw forbidden(
      `a canary of ${input.modelName} v${version.version} to ${input.environment} needs the APPROVED approval gate of that version there; ${gate ? `gate ${gate.id} is ${gate.status} for ${gate.environment ?? 'no environment'}` : 'it names none'}`,
    );
  }
  if (input.breakGlassId) {
    const glass = await findBreakGlass(manager, input.breakGlassId);
    const matches =
      glass?.status === 'CONFIRMED' &&
      glass.operation === input.kind &&
      glass.modelVersionId === input.modelVersionId &&
      glass.environment === input.environment &&
      glass.modelName === input.modelName;
    if (!glass || !matches) throw forbidden(`break-glass ${input.breakGlassId} is not a confirmed ${input.kind} of ${input.modelName} v${version.version} in ${input.environment}`);
    const used = await deploymentsOfBreakGlass(manager, [glass.id]);
    if (used.length > 0) throw forbidden(`break-glass ${glass.id} was already used by deployment ${used[0].workflowId}`);
    return glass;
  }
  const refusal = await releaseGuardRefusal(manager, { operation: input.kind, modelName: input.modelName, environment: input.environment, version: version.version }, version);
  if (refusal) throw forbidden(refusal);
  return null;
}

export function createDeploymentActivities({ dataSource }: ActivityDependencies) {
  return {
    /** Records the deployment and what it replaces; keyed by workflow id so a retry finds it. */
    async beginDeployment(input: BeginDeploymentInput): Promise<{ deploymentId: string; previousVersionId: string | null }> {
      return inTransaction(dataSource, async (manager) => {
        const existing = await findDeploymentOfWorkflow(manager, input.workflowId);
        if (existing) return { deploymentId: existing.id, previousVersionId: existing.previousVersionId };
        // Another deployment of this model here would fight over the route: wait for it (retried).
        const running = await findRunningDeployment(manager, input.modelName, input.environment);
        if (running) throw new Error(`deployment ${running.workflowId} of ${input.modelName} in ${input.environment} is still running`);
        const version = await findModelVersion(manager, { id: input.modelVersionId });
        if (!version) throw invalidInput('input.modelVersionId', `model version ${input.modelVersionId} not found`);
        const route = await findTrafficRoute(manager, input);
        const gate = input.approvalGateId ? mustExist(await findGate(manager, input.approvalGateId), `approval gate ${input.approvalGateId}`) : null;
        const breakGlass = await releaseAuthorization(manager, input, version, gate);
        const deployment = await createDeployment(manager, {
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
          breakGlassId: breakGlass?.id ?? null,
        });
        if (deployment.pipelineRunId) await updatePipelineRun(manager, { id: deployment.pipelineRunId }, { status: 'DEPLOYING' });
        await recordLineageNode(manager, { id: deployment.id, kind: 'deployment', label: `${input.kind.toLowerCase()} ${input.modelName} v${version.version} to ${input.environment}` });
        await recordLineageEdge(manager, gate?.id ?? input.modelVersionId, deployment.id, 'used_by');
        await appendAuditEvent(manager, {
          actor: input.kind === 'CANARY' ? DEPLOYMENT_ACTOR : input.triggeredBy,
          action: `deployment.${input.kind.toLowerCase()}_started`,
          subjectType: 'deployment',
          subjectId: deployment.id,
          payload: {
            modelName: input.modelName,
            environment: input.environment,
            version: version.version,
            previousVersionId: deployment.previousVersionId,
            reason: input.reason,
            triggeredBy: input.triggeredBy,
            ...(breakGlass ? { breakGlass: { id: breakGlass.id, requestedBy: breakGlass.requestedBy, confirmedBy: breakGlass.confirmedBy, reason: breakGlass.reason } } : {}),
          },
        });
        return { deploymentId: deployment.id, previousVersionId: deployment.previousVersionId };
      });
    },

    /** Routes `weight`% of live traffic to the canary; returns when that took effect (database time). */
    async setCanaryWeight({ deploymentId, weight }: { deploymentId: string; weight: number }): Promise<string> {
      return inTransaction(dataSource, async (manager) => {
        const deployment = await lockDeployment(manager, deploymentId);
        await changeTrafficRoute(manager, deployment, { canaryVersionId: deployment.modelVersionId, canaryWeight: weight }, deployment.workflowId);
        const now = await databaseTime(manager);
        if (deployment.trafficWeight !== weight || deployment.weights.length === 0) {
          await updateDeployment(manager, deploymentId, { trafficWeight: weight, weights: [...deployment.weights, { weight, at: new Date(now).toISOString() }] });
          await appendAuditEvent(manager, {
            actor: DEPLOYMENT_ACTOR,
            action: 'deployment.weight_changed',
            subjectType: 'deployment',
            subjectId: deploymentId,
            payload: { weight },
            idempotencyKey: `${deploymentId}:weight:${weight}`,
          });
        }
        return now;
      });
    },

    /** Compares canary and stable over the window since the weight took effect. */
    async observeCanary(input: ObserveInput): Promise<CanaryObservation> {
      const deployment = await findDeployment(dataSource, input.deploymentId);
      if (!deployment) throw new Error(`deployment ${input.deploymentId} does not exist`);
      const { requests, predictions } = await summarizeCanaryWindow(dataSource, {
        modelName: deployment.modelName,
        environment: deployment.environment,
        // The role tells the sides apart, whichever version each scored with.
        modelVersionId: null,
        from: input.since,
        to: null,
      });
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
      await updateDeployment(dataSource, deployment.id, { observations: [...earlier, observation] });
      return observation;
    },

    /**
     * Ends a deployment: PROMOTED makes the version stable (and moves the environment's
     * alias, plus `champion` in production); a canary ROLLED_BACK puts the previous stable
     * version back (the saga's compensation), an operator's rollback makes its target
     * stable. Both clear the canary and are audited with the reason.
     */
    async finishDeployment({ deploymentId, outcome, reason }: { deploymentId: string; outcome: 'PROMOTED' | 'ROLLED_BACK'; reason: string }): Promise<void> {
      await inTransaction(dataSource, async (manager) => {
        const deployment = await lockDeployment(manager, deploymentId);
        if (deployment.status !== 'RUNNING') return;
        const stable = outcome === 'ROLLED_BACK' && deployment.kind === 'CANARY' ? deployment.previousVersionId : deployment.modelVersionId;
        await changeTrafficRoute(manager, deployment, { stableVersionId: stable, canaryVersionId: null, canaryWeight: 0 }, deployment.workflowId);
        await updateDeployment(manager, deploymentId, { status: outcome, reason, finishedAt: new Date(), trafficWeight: 0 });
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
