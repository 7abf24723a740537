import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';

type WorkflowHistory = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

/**
 * When the deploy stage's first activity started, from the run's own history: the
 * ActivityTaskStarted of the first recordStage scheduled for stage "deploy", which only
 * follows the approval. Temporal stamps the event with the time the worker picked the task
 * up, so the gap from the moment decideApproval returned to the caller is what an approver
 * waits before the release moves: the gate (an approvalGateWorkflow child, or the
 * pipeline itself in runs from before gates were children) closing, the pipeline waking
 * up, recording the approve stage and scheduling the next one.
 */
export function deployStageStartedAt(history: WorkflowHistory): number {
  const events = history.events ?? [];
  const scheduled = events.find((event) => {
    const attributes = event.activityTaskScheduledEventAttributes;
    if (attributes?.activityType?.name !== 'recordStage') return false;
    const [input] = attributes.input?.payloads ?? [];
    return input !== undefined && defaultPayloadConverter.fromPayload<{ stage: string }>(input).stage === 'deploy';
  });
  if (!scheduled) throw new Error('the history has no deploy stage: the gate was never approved');
  const started = events.find((event) => Number(event.activityTaskStartedEventAttributes?.scheduledEventId) === Number(scheduled.eventId));
  if (!started) throw new Error('the deploy stage was scheduled but never started');
  return tsToMs(started.eventTime);
}
