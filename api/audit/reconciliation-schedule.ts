import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import { taskQueuesFor } from '../../domain/task-queues';
import type { Config } from '../../platform/config';
import { logger } from '../../platform/logger';
import type { reconcileExternalOperationsWorkflow } from '../../workflows/reconcile-external-operations.workflow';
import { CONFIG, TEMPORAL_CLIENT } from '../common/injection-tokens';

/** Often enough that an outside operation reaches the audit log within minutes; reading provenance reconciles at once. */
const RECONCILE_EVERY = '5m';

/**
 * Creates, at start-up, the schedule that reconciles Temporal histories with the audit log
 * (reconcileExternalOperationsWorkflow on the pipelines queue). Every API process tries;
 * the first creates it and the others find it there.
 */
@Injectable()
export class ReconciliationSchedule implements OnApplicationBootstrap {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const taskQueue = taskQueuesFor(this.config.taskQueuePrefix).pipelines;
    const scheduleId = reconciliationScheduleId(this.config.taskQueuePrefix);
    try {
      await this.temporal.schedule.create<typeof reconcileExternalOperationsWorkflow>({
        scheduleId,
        spec: { intervals: [{ every: RECONCILE_EVERY }] },
        action: { type: 'startWorkflow', workflowType: 'reconcileExternalOperationsWorkflow', taskQueue, workflowId: `${scheduleId}:run`, args: [] },
        policies: { overlap: 'SKIP' },
        state: { note: 'audits cancels, terminations, resets, signals and updates sent from outside Provenant' },
      });
      logger.info({ scheduleId, every: RECONCILE_EVERY }, 'created the schedule that reconciles Temporal histories with the audit log');
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
  }
}

export function reconciliationScheduleId(taskQueuePrefix: string): string {
  return `${taskQueuePrefix}.reconcile-external-operations`;
}
