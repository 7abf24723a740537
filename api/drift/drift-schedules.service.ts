import { Inject, Injectable } from '@nestjs/common';
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client, type ScheduleDescription, type ScheduleHandle } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { appendAuditEvent } from '../../db/audit-log';
import { inTransaction } from '../../db/db';
import { createDriftSchedule, deleteDriftSchedule, findDriftSchedule, findDriftScheduleOf, listDriftSchedules, type DriftScheduleRow } from '../../db/drift-schedules';
import { SCHEDULE_ACTOR, type DriftScanInput, type DriftScheduleSpec } from '../../domain/drift';
import { formatDuration } from '../../domain/duration';
import { ProvenantError, badInput, notFound } from '../../domain/errors';
import type { Principal } from '../../domain/roles';
import { workflowSearchAttributes } from '../../domain/search-attributes';
import { taskQueuesFor } from '../../domain/task-queues';
import type { Config } from '../../platform/config';
import { logger } from '../../platform/logger';
import type { driftScanWorkflow } from '../../workflows';
import { CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from '../common/injection-tokens';
import { DatasetsService } from '../datasets/datasets.service';
import { catchupWindowMs, driftScheduleId, scheduledScanWorkflowId, scheduleTiming, type ScheduleTiming } from './drift-schedule-spec';
import type { DriftScheduleType, ScheduleDriftScanInput } from './drift-schedule.types';
import { knownModel } from './known-model';
import { scanWindowMs } from './scan-window';

/** A scan due while the previous one still runs is skipped: both would read nearly the same window. */
const OVERLAP_POLICY = 'SKIP';
const MAX_REASON_LENGTH = 500;

/**
 * Drift schedules are Temporal Schedules: Temporal fires them, keeps them paused or
 * running, and replays a scan missed while it was down. A drift_schedule row beside each
 * records what it was created with and by whom, and is written only once Temporal has
 * accepted the schedule.
 */
@Injectable()
export class DriftSchedulesService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
    private readonly datasets: DatasetsService,
  ) {}

  async create(principal: Principal, input: ScheduleDriftScanInput): Promise<DriftScheduleType> {
    const timing = scheduleTiming(input.every, input.cron);
    const windowMs = scanWindowMs(input.window, 'input.window');
    await knownModel(this.dataSource, 'input.modelName', input.modelName);
    const referenceDatasetVersionId = input.referenceDatasetVersionId ?? null;
    if (referenceDatasetVersionId) await this.datasets.find(referenceDatasetVersionId, 'input.referenceDatasetVersionId');
    const existing = await findDriftScheduleOf(this.dataSource, input.modelName, input.environment);
    if (existing) throw alreadyScheduled(input);
    const spec: DriftScheduleSpec = { every: timing.every, cron: timing.cron, windowMs, referenceDatasetVersionId };
    const id = driftScheduleId(this.config.taskQueuePrefix, input.modelName, input.environment);
    const handle = await this.createTemporalSchedule(principal, id, input, spec, timing);
    try {
      const row = await inTransaction(this.dataSource, async (manager) => {
        const saved = await createDriftSchedule(manager, { id, modelName: input.modelName, environment: input.environment, spec, createdBy: principal.name });
        await appendAuditEvent(manager, {
          actor: principal.name,
          action: 'drift_schedule.created',
          subjectType: 'drift_schedule',
          subjectId: id,
          payload: { modelName: input.modelName, environment: input.environment, ...spec, overlapPolicy: OVERLAP_POLICY, catchupWindowMs: catchupWindowMs(timing) },
        });
        return saved;
      });
      return await this.view(row);
    } catch (error) {
      // Without its row Provenant would not know the schedule, yet it would keep firing.
      await handle.delete().catch((deleteError: unknown) => logger.error({ err: deleteError, scheduleId: id }, 'could not delete a drift schedule left without its row'));
      if (isUniqueViolation(error)) throw alreadyScheduled(input);
      throw error;
    }
  }

  async list(modelName: string | null): Promise<DriftScheduleType[]> {
    const rows = await listDriftSchedules(this.dataSource, modelName);
    return Promise.all(rows.map((row) => this.view(row)));
  }

  async pause(principal: Principal, id: string, reasonText: string): Promise<DriftScheduleType> {
    const reason = reasonText.trim();
    if (!reason || reason.length > MAX_REASON_LENGTH) throw badInput('reason', `must be 1-${MAX_REASON_LENGTH} characters`);
    const row = await this.find(id);
    await this.onTemporal(row, (handle) => handle.pause(`paused by ${principal.name}: ${reason}`));
    await this.audit(principal, row, 'drift_schedule.paused', { reason });
    return this.view(row);
  }

  async resume(principal: Principal, id: string): Promise<DriftScheduleType> {
    const row = await this.find(id);
    await this.onTemporal(row, (handle) => handle.unpause(`resumed by ${principal.name}`));
    await this.audit(principal, row, 'drift_schedule.resumed', {});
    return this.view(row);
  }

  /** Starts a scan now, under the schedule's overlap policy: a scan already running is not doubled. */
  async runNow(principal: Principal, id: string): Promise<DriftScheduleType> {
    const row = await this.find(id);
    await this.onTemporal(row, (handle) => handle.trigger(OVERLAP_POLICY));
    await this.audit(principal, row, 'drift_schedule.triggered', {});
    return this.view(row);
  }

  /** Deletes the Temporal Schedule, then the row; a schedule already gone from Temporal still has its row removed. */
  async delete(principal: Principal, id: string): Promise<string> {
    const row = await this.find(id);
    try {
      await this.temporal.schedule.getHandle(row.id).delete();
    } catch (error) {
      if (!(error instanceof ScheduleNotFoundError)) throw temporalUnavailable(error, row.id);
    }
    await inTransaction(this.dataSource, async (manager) => {
      await deleteDriftSchedule(manager, row.id);
      await appendAuditEvent(manager, {
        actor: principal.name,
        action: 'drift_schedule.deleted',
        subjectType: 'drift_schedule',
        subjectId: row.id,
        payload: { modelName: row.modelName, environment: row.environment },
      });
    });
    return row.id;
  }

  private async createTemporalSchedule(
    principal: Principal,
    id: string,
    input: ScheduleDriftScanInput,
    spec: DriftScheduleSpec,
    timing: ScheduleTiming,
  ): Promise<ScheduleHandle> {
    const taskQueues = taskQueuesFor(this.config.taskQueuePrefix);
    const scan: DriftScanInput = {
      modelName: input.modelName,
      environment: input.environment,
      windowMs: spec.windowMs,
      referenceDatasetVersionId: spec.referenceDatasetVersionId,
      currentDatasetVersionId: null,
      triggeredBy: SCHEDULE_ACTOR,
      scheduleId: id,
      taskQueues,
    };
    try {
      return await this.temporal.schedule.create<typeof driftScanWorkflow>({
        scheduleId: id,
        spec: timing.cron !== null ? { cronExpressions: [timing.cron] } : { intervals: [{ every: timing.intervalMs }] },
        action: {
          type: 'startWorkflow',
          workflowType: 'driftScanWorkflow',
          taskQueue: taskQueues.pipelines,
          workflowId: scheduledScanWorkflowId(input.modelName, input.environment),
          args: [scan],
          typedSearchAttributes: workflowSearchAttributes('drift_scan', input.modelName, input.environment),
        },
        policies: { overlap: OVERLAP_POLICY, catchupWindow: catchupWindowMs(timing) },
        memo: { createdBy: principal.name, modelName: input.modelName, environment: input.environment },
        state: { note: `created by ${principal.name}` },
      });
    } catch (error) {
      if (error instanceof ScheduleAlreadyRunning) throw alreadyScheduled(input);
      // The client reports a spec the server refused (a bad cron expression) as a TypeError carrying the server's reason.
      if (error instanceof TypeError) throw badInput(timing.cron !== null ? 'input.cron' : 'input.every', error.message);
      throw temporalUnavailable(error, id);
    }
  }

  private async find(id: string): Promise<DriftScheduleRow> {
    const row = await findDriftSchedule(this.dataSource, id);
    if (!row) throw notFound('id', `drift schedule ${id}`);
    return row;
  }

  private async onTemporal(row: DriftScheduleRow, change: (handle: ScheduleHandle) => Promise<void>): Promise<void> {
    try {
      await change(this.temporal.schedule.getHandle(row.id));
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) throw notFound('id', `Temporal schedule ${row.id} (it was deleted outside Provenant; delete it here too)`);
      throw temporalUnavailable(error, row.id);
    }
  }

  private audit(principal: Principal, row: DriftScheduleRow, action: string, payload: Record<string, unknown>): Promise<unknown> {
    return inTransaction(this.dataSource, (manager) =>
      appendAuditEvent(manager, { actor: principal.name, action, subjectType: 'drift_schedule', subjectId: row.id, payload }),
    );
  }

  private async view(row: DriftScheduleRow): Promise<DriftScheduleType> {
    const live = await this.describe(row.id);
    return {
      id: row.id,
      modelName: row.modelName,
      environment: row.environment,
      every: row.spec.every,
      cron: row.spec.cron,
      window: formatDuration(row.spec.windowMs),
      referenceDatasetVersionId: row.spec.referenceDatasetVersionId,
      paused: live?.state.paused ?? null,
      note: live?.state.note || null,
      nextRuns: live?.info.nextActionTimes.slice(0, 3) ?? [],
      recentRuns: (live?.info.recentActions ?? []).map((run) => ({ scheduledAt: run.scheduledAt, workflowId: run.action.workflow.workflowId })),
      overlapPolicy: live?.policies.overlap ?? null,
      catchupWindow: live ? formatDuration(live.policies.catchupWindow) : null,
      createdBy: row.createdBy,
      createdAt: row.createdAt,
    };
  }

  private async describe(id: string): Promise<ScheduleDescription | null> {
    try {
      return await this.temporal.schedule.getHandle(id).describe();
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return null;
      throw temporalUnavailable(error, id);
    }
  }
}

function alreadyScheduled(input: ScheduleDriftScanInput): ProvenantError {
  return new ProvenantError(
    'CONFLICT',
    `input.modelName: ${input.modelName} already has a drift schedule in ${input.environment}; delete it first to change it`,
    'input.modelName',
  );
}

function temporalUnavailable(error: unknown, scheduleId: string): ProvenantError {
  logger.error({ err: error, scheduleId }, 'Temporal refused a drift schedule request');
  return new ProvenantError('UNAVAILABLE', `could not reach the Temporal schedule ${scheduleId}; try again`);
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { driverError?: { code?: string } }).driverError?.code === '23505';
}
