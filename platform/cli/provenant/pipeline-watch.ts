import type { PipelineStatus } from '../../../domain/pipeline';
import type { ProvenantApi } from './api-client';
import { print } from './command';
import { progressBar, progressKey, progressLine, type RunProgress } from './pipeline-progress';

export const PIPELINE_RUN_QUERY = `
  query PipelineRun($workflowId: String!) {
    pipelineRun(workflowId: $workflowId) {
      workflowId modelName status currentStage error requestedBy createdAt finishedAt
      stages { name status attempts startedAt finishedAt error }
      modelVersion { id version }
      approvalGate { id environment status requiredApprovals deadline }
    }
  }`;

export interface PipelineRunView extends RunProgress {
  workflowId: string;
  modelName: string;
  error: string | null;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
  stages: (RunProgress['stages'][number] & { startedAt: string | null; finishedAt: string | null; error: string | null })[];
  modelVersion: { id: string; version: number } | null;
  approvalGate: { id: string; environment: string; status: string; requiredApprovals: number; deadline: string } | null;
}

const FAILED: ReadonlySet<PipelineStatus> = new Set(['FAILED', 'GATE_FAILED', 'REJECTED', 'EXPIRED', 'CANCELLED', 'ROLLED_BACK']);

/** Between polls; a run takes seconds to days, and each poll is one cheap query. */
const POLL_INTERVAL_MS = 1000;

export async function fetchRun(api: ProvenantApi, workflowId: string): Promise<PipelineRunView> {
  return (await api.graphql<{ pipelineRun: PipelineRunView }>(PIPELINE_RUN_QUERY, { workflowId })).pipelineRun;
}

export function runElapsedMs(run: PipelineRunView, now = Date.now()): number {
  return (run.finishedAt ? Date.parse(run.finishedAt) : now) - Date.parse(run.createdAt);
}

export interface WatchOptions {
  /** Keep watching through AWAITING_APPROVAL until the run ends. */
  untilDone: boolean;
  /** One JSON run per change instead of text. */
  json: boolean;
}

/**
 * Polls the run until it ends (or waits for people), drawing a progress bar on a terminal
 * and one line per change otherwise, so logs and tests see every step. Resolves to the exit
 * status: 0 for SUCCEEDED or a gate awaiting a decision, 1 for a run that ended otherwise.
 */
export async function watchPipeline(api: ProvenantApi, workflowId: string, options: WatchOptions): Promise<number> {
  const redraw = !options.json && process.stdout.isTTY === true;
  let lastKey = '';
  for (;;) {
    const run = await fetchRun(api, workflowId);
    const key = progressKey(run);
    if (options.json) {
      if (key !== lastKey) print(JSON.stringify(run));
    } else if (redraw) {
      // Cut to the terminal's width: a wrapped line cannot be redrawn in place.
      process.stdout.write(`\r${progressBar(run, runElapsedMs(run)).slice(0, (process.stdout.columns || 80) - 1)}\x1b[K`);
    } else if (key !== lastKey) {
      print(progressLine(run, runElapsedMs(run)));
    }
    lastKey = key;
    const exitStatus = settled(run, options.untilDone);
    if (exitStatus !== null) {
      if (redraw) process.stdout.write('\n');
      if (!options.json) print(outcome(run));
      return exitStatus;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/** The exit status once watching is over, or null while the run is still moving. */
function settled(run: PipelineRunView, untilDone: boolean): number | null {
  if (run.status === 'SUCCEEDED') return 0;
  if (FAILED.has(run.status)) return 1;
  if (run.status === 'AWAITING_APPROVAL' && !untilDone && run.approvalGate) return 0;
  return null;
}

/** The last line: what happened and, while a gate waits, how to decide it. */
export function outcome(run: PipelineRunView): string {
  const version = run.modelVersion ? `${run.modelName} version ${run.modelVersion.version} (model version ${run.modelVersion.id})` : run.modelName;
  if (run.status === 'SUCCEEDED') return `SUCCEEDED: ${version}`;
  if (run.status === 'AWAITING_APPROVAL' && run.approvalGate) {
    const gate = run.approvalGate;
    const approvals = `${gate.requiredApprovals} approval${gate.requiredApprovals === 1 ? '' : 's'}`;
    return `AWAITING_APPROVAL: ${version} waits at gate ${gate.id} for ${gate.environment} (${approvals} needed, by ${gate.deadline}); decide with: provenant approve ${gate.id}`;
  }
  if (!FAILED.has(run.status)) return `${run.status}: ${run.modelName}, stage ${run.currentStage} in progress`;
  const failedStage = run.stages.find((stage) => stage.status === 'FAILED');
  return `${run.status}${failedStage ? ` at ${failedStage.name}` : ''}: ${run.error ?? version}`;
}
