import { DEPLOY_ENVIRONMENTS } from '../../../domain/approval';
import type { Deployment, TrafficRoute } from '../../../client/types';
import { CONNECTION_HELP, OUTPUT_HELP, OUTPUT_OPTIONS, connect, oneOf, onePositional, outputFormat, parseCommand, positiveInteger, render, requiredOption, type Command } from './command';
import { EXIT_HELP } from './exit-codes';
import { formatTable } from './table';

export function deploymentsTable(deployments: Deployment[]): string {
  return formatTable([
    ['ID', 'ENVIRONMENT', 'VERSION', 'KIND', 'STATUS', 'CANARY TRAFFIC', 'TRIGGERED BY', 'STARTED', 'REASON'],
    ...deployments.map((d) => [
      d.id,
      d.environment,
      String(d.version),
      d.breakGlassId ? `${d.kind} (break-glass)` : d.kind,
      d.status,
      // The canary's share means something only while it runs.
      d.status === 'RUNNING' ? `${d.trafficWeight}%` : '-',
      d.triggeredBy,
      d.createdAt,
      d.reason ?? '',
    ]),
  ]);
}

export function routesTable(routes: TrafficRoute[]): string {
  return formatTable([
    ['ENVIRONMENT', 'STABLE', 'CANARY', 'CANARY WEIGHT', 'SHADOW', 'UPDATED'],
    ...routes.map((r) => [r.environment, r.stableVersionId ?? '-', r.canaryVersionId ?? '-', `${r.canaryWeight}%`, r.shadowVersionId ?? '-', r.updatedAt]),
  ]);
}

export const deploymentsList: Command = {
  name: 'deployments list',
  summary: "a model's deployments (canaries, promotions, rollbacks), newest first",
  usage: `
Usage: provenant deployments list MODEL [-o table|json|yaml]

Lists a model's deployment history (deployments, every role), newest first: id,
environment, version, kind (CANARY, PROMOTE, ROLLBACK; break-glass ones flagged), status,
a running canary's share of traffic, who or what started it, when, and why.

${OUTPUT_HELP}

${CONNECTION_HELP}
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, OUTPUT_OPTIONS);
    const model = onePositional(positionals, 'MODEL');
    const format = outputFormat(values);
    const deployments = await connect(values).deployments(model);
    render(format, deployments, () => (deployments.length === 0 ? `model ${model} has no deployments` : deploymentsTable(deployments)));
    return 0;
  },
};

export const deploymentsGet: Command = {
  name: 'deployments get',
  summary: 'which versions of a model serve each environment now (stable, canary, shadow)',
  usage: `
Usage: provenant deployments get MODEL [-o table|json|yaml]

Shows a model's traffic routes (trafficRoutes, every role): per environment, the stable
version, the canary and its share of traffic, and the shadow version (ids), as the serving
processes route requests now.

${OUTPUT_HELP}

${CONNECTION_HELP}
`,
  async run(argv) {
    const { values, positionals } = parseCommand(this, argv, OUTPUT_OPTIONS);
    const model = onePositional(positionals, 'MODEL');
    const format = outputFormat(values);
    const routes = await connect(values).trafficRoutes(model);
    render(format, routes, () => (routes.length === 0 ? `model ${model} serves in no environment` : routesTable(routes)));
    return 0;
  },
};

/** `promote` and `rollback` differ only in the mutation and its words. */
function stableVersionCommand(kind: 'promote' | 'rollback', summary: string, description: string): Command {
  return {
    name: kind,
    summary,
    usage: `
Usage: provenant ${kind} MODEL --env STAGING|PRODUCTION --version N --reason TEXT [-o table|json|yaml]

${description}

  --env ENV        STAGING or PRODUCTION
  --version N      the version to make stable
  --reason TEXT    why; kept with the deployment and in the audit log (required)
${OUTPUT_HELP}

${CONNECTION_HELP}

A version without an APPROVED gate in that environment is refused by the release guard
(error [FORBIDDEN] input.version: ...; exit status 1): two admins can still agree on a break-glass in
the web UI or through requestBreakGlass and confirmBreakGlass.
${EXIT_HELP}
`,
    async run(argv) {
      const { values, positionals } = parseCommand(this, argv, { env: { type: 'string' }, version: { type: 'string' }, reason: { type: 'string' }, ...OUTPUT_OPTIONS });
      const modelName = onePositional(positionals, 'MODEL');
      const format = outputFormat(values);
      const input = {
        modelName,
        environment: oneOf(requiredOption(values.env, 'env'), 'env', DEPLOY_ENVIRONMENTS),
        version: positiveInteger(requiredOption(values.version, 'version'), 'version'),
        reason: requiredOption(values.reason, 'reason'),
      };
      const client = connect(values);
      const deployment = kind === 'promote' ? await client.promoteDeployment(input) : await client.rollbackDeployment(input);
      render(
        format,
        deployment,
        () => `${deployment.kind} of ${deployment.modelName} version ${deployment.version} in ${deployment.environment}: ${deployment.status} (deployment ${deployment.id}, workflow ${deployment.workflowId})`,
      );
      return 0;
    },
  };
}

export const promote = stableVersionCommand(
  'promote',
  'make a version stable in an environment at once (roles ops, admin)',
  `Makes the version the stable one in the environment at once, as a durable workflow
(promoteDeployment, roles ops and admin): an operator's override of the canary. Prints the
deployment it ran.`,
);

export const rollback = stableVersionCommand(
  'rollback',
  'put an earlier version back as stable at once (roles ops, admin)',
  `Puts the version back as the stable one in the environment at once, as a durable
workflow (rollbackDeployment, roles ops and admin). Prints the deployment it ran.`,
);
