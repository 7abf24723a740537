import { defaultPayloadConverter, type WorkflowHandle } from '@temporalio/client';
import type { PipelineActivities } from '../../activities';
import type { PipelineStage } from '../../domain/pipeline';
import type { StageUpdate } from '../../activities/pipeline-progress.activities';

export type WorkflowHistory = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
/** A Long, as Temporal's protos carry event ids. */
export type EventId = NonNullable<NonNullable<WorkflowHistory['events']>[number]['eventId']>;

/** Every stage begins by recording itself RUNNING: the first thing it schedules. */
const STAGE_START_ACTIVITY: keyof PipelineActivities = 'recordStage';

/**
 * The event a retry resets a pipeline run to: the WorkflowTaskCompleted of the workflow
 * task that began `stage` (the task whose commands scheduled the stage's first
 * activity). Resetting there replays everything before the stage from history (nothing
 * already done runs again) and runs the stage afresh. The last start counts, so a run
 * already retried once resets to its latest attempt. Null when the stage never began.
 */
export function stageResetEventId(history: WorkflowHistory, stage: PipelineStage): EventId | null {
  let lastTaskCompleted: EventId | null = null;
  let resetTo: EventId | null = null;
  for (const event of history.events ?? []) {
    if (event.workflowTaskCompletedEventAttributes) lastTaskCompleted = event.eventId!;
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name !== STAGE_START_ACTIVITY) continue;
    const [update] = scheduled.input?.payloads ?? [];
    const { stage: started, status } = defaultPayloadConverter.fromPayload<StageUpdate>(update);
    if (started === stage && status === 'RUNNING') resetTo = lastTaskCompleted;
  }
  return resetTo;
}
