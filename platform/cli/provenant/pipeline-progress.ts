import type { PipelineStatus, StageStatus } from '../../../client/types';

/** The part of a `pipelineRun` answer the progress display reads. */
export interface RunProgress {
  status: PipelineStatus;
  currentStage: string;
  stages: { name: string; status: StageStatus; attempts: number }[];
}

/** A stage no longer waiting or working: succeeded, skipped, failed or cancelled. */
export function stagesDone(run: RunProgress): number {
  return run.stages.filter((stage) => stage.status !== 'PENDING' && stage.status !== 'RUNNING').length;
}

/** m:ss, or h:mm:ss past an hour; a run waiting for approval can take days. */
export function formatElapsed(milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** `train RUNNING`, with the attempt when the stage is being retried. */
function currentStage(run: RunProgress): string {
  const stage = run.stages.find((candidate) => candidate.name === run.currentStage);
  if (!stage) return run.currentStage;
  return `${stage.name} ${stage.status}${stage.attempts > 1 ? ` (attempt ${stage.attempts})` : ''}`;
}

/** The line a terminal redraws in place: `[██████░░░░░░] 3/7 stages  train RUNNING  RUNNING  0:42`. */
export function progressBar(run: RunProgress, elapsedMs: number, width = 20): string {
  const done = stagesDone(run);
  const filled = run.stages.length === 0 ? 0 : Math.round((done / run.stages.length) * width);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  return `[${bar}] ${done}/${run.stages.length} stages  ${currentStage(run)}  ${run.status}  ${formatElapsed(elapsedMs)}`;
}

/** One line per change for logs and pipes: `0:42 RUNNING 3/7 stages done, train RUNNING`. */
export function progressLine(run: RunProgress, elapsedMs: number): string {
  return `${formatElapsed(elapsedMs)} ${run.status} ${stagesDone(run)}/${run.stages.length} stages done, ${currentStage(run)}`;
}

/** What makes a new line worth printing: the run's status, or any stage's status or attempt. */
export function progressKey(run: RunProgress): string {
  return JSON.stringify([run.status, run.currentStage, run.stages.map((stage) => [stage.name, stage.status, stage.attempts])]);
}

const STAGE_MARKS: Record<StageStatus, string> = { SUCCEEDED: '✓', RUNNING: '▸', FAILED: '✗', CANCELLED: '✗', SKIPPED: '-', PENDING: '·' };

/**
 * What a terminal redraws in place: the bar, then one line per stage with its mark, status
 * and retries, so a reader sees which stages are done, which one is working and what waits.
 */
export function progressBlock(run: RunProgress, elapsedMs: number): string[] {
  const width = Math.max(...run.stages.map((stage) => stage.name.length));
  return [
    progressBar(run, elapsedMs),
    ...run.stages.map((stage) => `  ${STAGE_MARKS[stage.status]} ${stage.name.padEnd(width)}  ${stage.status}${stage.attempts > 1 ? ` (attempt ${stage.attempts})` : ''}`),
  ];
}
