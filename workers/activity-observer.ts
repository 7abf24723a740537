import type { Info } from '@temporalio/activity';
import { CancelledFailure } from '@temporalio/common';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import type { PipelineActivities } from '../activities';
import type { PipelineCompletion } from '../activities/pipeline-progress.activities';
import { withLogContext } from '../platform/logger';
import type { WorkerMetrics } from './worker-metrics';

/** The activity whose success means a pipeline run reached its final status. */
const COMPLETE_PIPELINE: keyof PipelineActivities = 'completePipeline';

/**
 * Wraps every activity attempt: its log lines carry the workflow run and activity type
 * (activities log through the logger they were built with, which cannot know), and its
 * duration and outcome land in the worker's metrics. Activities stay free of both concerns.
 */
export function observeActivities(metrics: WorkerMetrics): ActivityInterceptorsFactory {
  return (context) => ({ inbound: new ActivityObserver(context.info, metrics) });
}

class ActivityObserver implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly info: Info,
    private readonly metrics: WorkerMetrics,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const { activityType, taskQueue } = this.info;
    const endTimer = this.metrics.activityDuration.startTimer({ activity_type: activityType, task_queue: taskQueue });
    try {
      const result = await withLogContext(activityLogFields(this.info, input.args), () => next(input));
      endTimer({ outcome: 'completed' });
      if (activityType === COMPLETE_PIPELINE) {
        this.metrics.pipelineRunsFinished.inc({ status: (input.args[0] as PipelineCompletion).status });
      }
      return result;
    } catch (error) {
      endTimer({ outcome: error instanceof CancelledFailure ? 'cancelled' : 'failed' });
      throw error;
    }
  }
}

/** workflowId, runId and activityType, and modelName when the activity's input names the model. */
export function activityLogFields(info: Info, args: unknown[]): Record<string, string> {
  const modelName = (args[0] as { modelName?: unknown } | null | undefined)?.modelName;
  return {
    ...(info.workflowExecution ? { workflowId: info.workflowExecution.workflowId, runId: info.workflowExecution.runId } : {}),
    activityType: info.activityType,
    ...(typeof modelName === 'string' ? { modelName } : {}),
  };
}
