import type { DeployEnvironment, GateStatus } from './approval';

/**
 * The release guard: what an environment serves changes only to a version with an
 * APPROVED approval gate there, or through a break-glass operation two admins agreed on.
 */
export const BREAK_GLASS_OPERATIONS = ['PROMOTE', 'ROLLBACK', 'SET_SHADOW'] as const;
export type BreakGlassOperation = (typeof BREAK_GLASS_OPERATIONS)[number];

/** How long a requested break-glass waits for the second admin, unless PROVENANT_BREAK_GLASS_WINDOW says otherwise. */
export const DEFAULT_BREAK_GLASS_WINDOW_MS = 15 * 60_000;

/** Who the audit log and deployments name for a break-glass operation. */
export function breakGlassActors(requestedBy: string, confirmedBy: string): string {
  return `${requestedBy} + ${confirmedBy} (break-glass)`;
}

export interface GuardedChange {
  operation: BreakGlassOperation;
  modelName: string;
  version: number;
  environment: DeployEnvironment;
}

/** A release gate of the version in the environment, as the guard reads it. */
export interface ReleaseGateOutline {
  status: GateStatus;
  rejection: { actor: string; comment: string | null } | null;
}

const VERB: Record<BreakGlassOperation, string> = {
  PROMOTE: 'promoting',
  ROLLBACK: 'rolling back to',
  SET_SHADOW: 'shadowing live traffic with',
};

/**
 * Null when one of the gates is APPROVED; otherwise the refusal, saying what is missing:
 * the gates the version has there and how they ended, or why it never had one.
 */
export function releaseRefusal(change: GuardedChange, gates: ReleaseGateOutline[], runStatus: string | null): string | null {
  if (gates.some((gate) => gate.status === 'APPROVED')) return null;
  const { modelName, version, environment } = change;
  const needed = `${VERB[change.operation]} ${modelName} v${version} in ${environment} needs an APPROVED approval gate for v${version} in ${environment}`;
  return `${needed}, and ${whyNone(gates, environment, runStatus)}. An admin may go past this with requestBreakGlass, which a second admin confirms with confirmBreakGlass.`;
}

function whyNone(gates: ReleaseGateOutline[], environment: DeployEnvironment, runStatus: string | null): string {
  if (gates.length === 0) {
    const run = runStatus === 'QUALITY_CHECKS_FAILED' ? ' (it failed its quality checks, so it could not ask for one)' : runStatus ? ` (its pipeline run ended ${runStatus})` : '';
    return `it never had one there${run}`;
  }
  const outcomes = gates.map((gate) => {
    if (gate.status === 'REJECTED' && gate.rejection) return `REJECTED by ${gate.rejection.actor}${gate.rejection.comment ? ` ("${gate.rejection.comment}")` : ''}`;
    return gate.status === 'PENDING' ? 'still PENDING' : gate.status;
  });
  return `its ${environment} gate${gates.length > 1 ? 's were' : ' was'} ${outcomes.join(', then ')}`;
}
