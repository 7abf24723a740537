import { releaseRefusal, type GuardedChange } from '../domain/release-guard';
import { approvedReleaseGate, decisionsOf, releaseGatesOfVersionIn } from './approval-gates';
import type { Db } from './db';
import { findPipelineRun } from './pipeline-runs';

/** The version a guarded change would put into an environment's traffic. */
export interface GuardedVersion {
  id: string;
  pipelineRunId: string | null;
}

/**
 * The release guard's question, asked of the database: null when the version has an
 * APPROVED approval gate in the environment, otherwise the refusal saying what is missing
 * (its gates there and how they ended, or why it never had one).
 */
export async function releaseGuardRefusal(db: Db, change: GuardedChange, version: GuardedVersion): Promise<string | null> {
  if (await approvedReleaseGate(db, version.id, change.environment)) return null;
  const gates = await releaseGatesOfVersionIn(db, version.id, change.environment);
  const rejections = (await decisionsOf(db, gates.map((gate) => gate.id))).filter((decision) => decision.decision === 'REJECT');
  const run = version.pipelineRunId ? await findPipelineRun(db, { id: version.pipelineRunId }) : null;
  const outlines = gates.map((gate) => {
    const rejection = rejections.find((decision) => decision.gateId === gate.id);
    return { status: gate.status, rejection: rejection ? { actor: rejection.actor, comment: rejection.comment } : null };
  });
  return releaseRefusal(change, outlines, run?.status ?? null);
}
