import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';

type WorkflowHistory = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
type StageWrite = { stage: string };

/**
 * When the deploy stage's first activity started, from the run's own history: the
 * ActivityTaskStarted of the first activity recording the start of stage "deploy" (a
 * recordStage, or the recordStages that ends the approve stage and starts deploy in one
 * write), which only follows the approval. Temporal stamps the event with the time the
 * worker picked the task up, so the gap from the moment decideApproval returned to the
 * caller is what an approver waits before the release moves: the gate reporting its
 * outcome (by signal, or by its workflow closing in runs from before gates signalled), the
 * pipeline waking up and scheduling the deploy stage's first write.
 */
export function deployStageStartedAt(history: WorkflowHistory): number {
  const events = history.events ?? [];
  const scheduled = events.find((event) => {
    const attributes = event.activityTaskScheduledEventAttributes;
    const [input] = attributes?.input?.payloads ?? [];
    if (input === undefined) return false;
    const name = attributes?.activityType?.name;
    if (name === 'recordStage') return defaultPayloadConverter.fromPayload<StageWrite>(input).stage === 'deploy';
    if (name === 'recordStages') return defaultPayloadConverter.fromPayload<StageWrite[]>(input).some((write) => write.stage === 'deploy');
    return false;
  });
  if (!scheduled) throw new Error('the history has no deploy stage: the gate was never approved');
  const started = events.find((event) => Number(event.activityTaskStartedEventAttributes?.scheduledEventId) === Number(scheduled.eventId));
  if (!started) throw new Error('the deploy stage was scheduled but never started');
  return tsToMs(started.eventTime);
}
