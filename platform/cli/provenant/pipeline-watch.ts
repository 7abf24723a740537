import { FINISHED_PIPELINE_STATUSES, type ProvenantClient } from '../../../client/provenant-client';
import type { PipelineRun } from '../../../client/types';
import { print } from './command';
import { progressBlock, progressKey, progressLine } from './pipeline-progress';

export function runElapsedMs(run: PipelineRun, now = Date.now()): number {
  return (run.finishedAt ? Date.parse(run.finishedAt) : now) - Date.parse(run.createdAt);
}

export interface WatchOptions {
  /** Keep watching through AWAITING_APPROVAL until the run ends. */
  untilDone: boolean;
  /** One JSON run per change instead of text. */
  json: boolean;
}

/**
 * Follows the run until it ends (or waits for people), redrawing a progress bar and its
 * stages in place on a terminal and printing one line per change otherwise, so logs and
 * tests see every step. Resolves to the exit status: 0 for SUCCEEDED or a gate awaiting a
 * decision, 1 for a run that ended otherwise.
 */
export async function watchPipeline(client: ProvenantClient, workflowId: string, options: WatchOptions): Promise<number> {
  const redraw = !options.json && process.stdout.isTTY === true;
  let lastKey = '';
  let drawnLines = 0;
  const run = await client.followPipeline(workflowId, {
    stopAtApproval: !options.untilDone,
    onProgress(polled) {
      const key = progressKey(polled);
      if (options.json) {
        if (key !== lastKey) print(JSON.stringify(polled));
      } else if (redraw) {
        // Back to the block's first line, then each line cut to the terminal's width: a wrapped line cannot be redrawn in place.
        const lines = progressBlock(polled, runElapsedMs(polled)).map((line) => `${line.slice(0, (process.stdout.columns || 80) - 1)}\x1b[K`);
        process.stdout.write(`${drawnLines > 1 ? `\x1b[${drawnLines - 1}A` : ''}\r${lines.join('\n')}`);
        drawnLines = lines.length;
      } else if (key !== lastKey) {
        print(progressLine(polled, runElapsedMs(polled)));
      }
      lastKey = key;
    },
  });
  if (redraw) process.stdout.write('\n');
  if (!options.json) print(outcome(run));
  return run.status === 'SUCCEEDED' || run.status === 'AWAITING_APPROVAL' ? 0 : 1;
}

/** The last line: what happened and, while a gate waits, how to decide it. */
export function outcome(run: PipelineRun): string {
  const version = run.modelVersion ? `${run.modelName} version ${run.modelVersion.version} (model version ${run.modelVersion.id})` : run.modelName;
  if (run.status === 'SUCCEEDED') return `SUCCEEDED: ${version}`;
  if (run.status === 'AWAITING_APPROVAL' && run.approvalGate) {
    const gate = run.approvalGate;
    const approvals = `${gate.requiredApprovals} approval${gate.requiredApprovals === 1 ? '' : 's'}`;
    return `AWAITING_APPROVAL: ${version} waits at gate ${gate.id} for ${gate.environment} (${approvals} needed, by ${gate.deadline}); decide with: provenant approve ${gate.id}`;
  }
  if (!FINISHED_PIPELINE_STATUSES.has(run.status)) return `${run.status}: ${run.modelName}, stage ${run.currentStage} in progress`;
  const failedStage = run.stages.find((stage) => stage.status === 'FAILED');
  return `${run.status}${failedStage ? ` at ${failedStage.name}` : ''}: ${run.error ?? version}`;
}
