import { ApplicationFailure, CancellationScope, isCancellation, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { PipelineActivities } from '../activities';
import { initialStageRecords, type PipelineInput, type PipelineResult, type PipelineStage, type PipelineStatus, type StageRecord } from '../domain/pipeline';
import { pipelineSearchAttributes } from '../domain/search-attributes';
import { pipelineProgressQuery, type PipelineProgress } from '../domain/workflow-contracts';
import { failureMessage } from './failure-message';

/** Upserting search attributes adds commands: runs recorded before replay without them. */
export const SEARCH_ATTRIBUTES_PATCH = 'search-attributes';

type Bookkeeping = Pick<PipelineActivities, 'recordStage' | 'recordStages' | 'completePipeline'>;

/**
 * A pipeline run's bookkeeping: the progress its query answers, the stage rows in
 * Postgres, and the search attributes the Temporal UI filters by. The pipeline workflow
 * says what happens; this says how each step is recorded.
 */
export class PipelineRun {
  readonly workflowId = workflowInfo().workflowId;
  readonly progress: PipelineProgress;
  /** A stage that has ended SUCCEEDED but is written with the next stage's start (see `endWithNextBegin`). */
  private endingWithNext: PipelineStage | null = null;

  constructor(
    private readonly input: PipelineInput,
    private readonly bookkeeping: Bookkeeping,
  ) {
    this.progress = { status: 'RUNNING', currentStage: 'validate', stages: initialStageRecords(Boolean(input.deploy)), trials: [] };
    setHandler(pipelineProgressQuery, () => this.progress);
  }

  /**
   * Runs one stage, recorded as it starts and ends. A failure ends the run FAILED (and
   * is not retried: the stage's activities already were); a cancellation ends it CANCELLED.
   */
  async stage<T>(name: PipelineStage, run: () => Promise<T>, status: PipelineStatus = this.progress.status): Promise<T> {
    await this.begin(name, status);
    try {
      const result = await run();
      await this.end(name, 'SUCCEEDED');
      return result;
    } catch (error) {
      const cancelled = isCancellation(error);
      await this.abandon(name, cancelled ? 'CANCELLED' : 'FAILED', cancelled ? 'cancelled' : failureMessage(error));
      if (cancelled) throw error;
      throw ApplicationFailure.nonRetryable(`${name} failed: ${failureMessage(error)}`, 'PipelineStageFailed');
    }
  }

  /** A stage this run has no use for (no tuning asked, a model imported rather than trained). */
  async skip(name: PipelineStage): Promise<void> {
    this.record(name).status = 'SKIPPED';
    await this.bookkeeping.recordStage({ workflowId: this.workflowId, stage: name, status: 'SKIPPED' });
  }

  /** Marks the stage RUNNING and remembers where a retry of it would reset the run to. */
  async begin(name: PipelineStage, status: PipelineStatus = this.progress.status): Promise<void> {
    const record = this.record(name);
    this.progress.currentStage = name;
    this.progress.status = status;
    record.status = 'RUNNING';
    // The task running now completes with the event after its start, historyLength.
    record.resetEventId = workflowInfo().historyLength + 1;
    this.publishProgress();
    const begun = { workflowId: this.workflowId, stage: name, status: 'RUNNING' as const };
    const ended = this.takeEndingWithNext();
    await (ended ? this.bookkeeping.recordStages([ended, begun]) : this.bookkeeping.recordStage(begun));
  }

  /**
   * Ends a stage SUCCEEDED in the run's progress now, and in Postgres with the next stage's
   * start (or the run's finish): one write, in the workflow task that learnt the stage
   * ended, so the next stage starts without waiting for a write of its own.
   */
  endWithNextBegin(name: PipelineStage): void {
    this.record(name).status = 'SUCCEEDED';
    this.endingWithNext = name;
  }

  private takeEndingWithNext() {
    const stage = this.endingWithNext;
    this.endingWithNext = null;
    return stage ? { workflowId: this.workflowId, stage, status: 'SUCCEEDED' as const } : null;
  }

  async end(name: PipelineStage, status: 'SUCCEEDED' | 'FAILED', error?: string): Promise<void> {
    this.record(name).status = status;
    await this.bookkeeping.recordStage({ workflowId: this.workflowId, stage: name, status, error });
  }

  /**
   * Ends the run at a stage that failed or was cancelled. Recorded even when the run
   * itself is being cancelled, so Postgres never shows a run still RUNNING.
   */
  async abandon(name: PipelineStage, status: 'FAILED' | 'CANCELLED', message: string): Promise<void> {
    const record = this.record(name);
    record.status = status;
    record.error = message;
    this.progress.status = status;
    this.publishProgress();
    await CancellationScope.nonCancellable(async () => {
      await this.bookkeeping.recordStage({ workflowId: this.workflowId, stage: name, status, error: message });
      await this.bookkeeping.completePipeline({ workflowId: this.workflowId, status, error: `${name}: ${message}` });
    });
  }

  /** The run's outcome, recorded; what the workflow returns. */
  async finish(status: PipelineStatus, modelVersionId: string, error?: string): Promise<PipelineResult> {
    const ended = this.takeEndingWithNext();
    if (ended) await this.bookkeeping.recordStage(ended);
    await this.bookkeeping.completePipeline({ workflowId: this.workflowId, status, error });
    this.progress.status = status;
    this.publishProgress();
    return { status, modelVersionId };
  }

  /** Shows the current stage and status in the Temporal UI's search; every attribute, so a run started before they existed becomes searchable too. */
  private publishProgress(): void {
    if (patched(SEARCH_ATTRIBUTES_PATCH)) upsertSearchAttributes(pipelineSearchAttributes(this.input, this.progress.currentStage, this.progress.status));
  }

  private record(name: PipelineStage): StageRecord {
    return this.progress.stages.find((stage) => stage.name === name)!;
  }
}
