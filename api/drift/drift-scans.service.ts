import { Inject, Injectable } from '@nestjs/common';
import { WorkflowFailedError, WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { appendAuditEvent } from '../../db/audit-log';
import { inTransaction } from '../../db/db';
import type { DeployEnvironment } from '../../domain/approval';
import { driftScanWorkflowIdPrefix, type DriftScanInput } from '../../domain/drift';
import { ProvenantError, badInput, notFound } from '../../domain/errors';
import type { Principal } from '../../domain/roles';
import { workflowSearchAttributes } from '../../domain/search-attributes';
import { taskQueuesFor } from '../../domain/task-queues';
import type { Config } from '../../platform/config';
import { logger } from '../../platform/logger';
import type { driftScanWorkflow } from '../../workflows';
import { CONFIG, DATA_SOURCE, TEMPORAL_CLIENT } from '../common/injection-tokens';
import { temporalUiUrl } from '../common/temporal-ui-url';
import { DatasetsService } from '../datasets/datasets.service';
import type { DriftScanType } from './drift-scan.types';
import { DriftReportsService } from './drift-reports.service';
import { knownModel } from './known-model';
import { scanWindowMs } from './scan-window';

export interface TriggerDriftScanRequest {
  modelName: string;
  environment: DeployEnvironment | null;
  window: string;
  currentDatasetVersionId: string | null;
  referenceDatasetVersionId: string | null;
  minimumSampleSize: number;
}

/** A larger minimum would leave every column of any realistic window untested. */
export const MAX_MINIMUM_SAMPLE_SIZE = 1_000_000;

/** Every scan's workflow id starts with this, scheduled or not. */
const DRIFT_SCAN_ID_PREFIX = driftScanWorkflowIdPrefix('').slice(0, -1);
const ENDED_WITHOUT_RESULT = new Set(['FAILED', 'CANCELLED', 'TERMINATED', 'TIMED_OUT']);

@Injectable()
export class DriftScansService {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
    private readonly datasets: DatasetsService,
    private readonly reports: DriftReportsService,
  ) {}

  /** Starts a scan now; everything it names is checked first, so the workflow only fails on what only it can see. */
  async trigger(principal: Principal, request: TriggerDriftScanRequest): Promise<DriftScanType> {
    await knownModel(this.dataSource, 'modelName', request.modelName);
    const windowMs = scanWindowMs(request.window, 'window');
    if (!request.environment && !request.currentDatasetVersionId) {
      throw badInput('environment', 'is required unless currentDatasetVersionId names a dataset version to scan');
    }
    if (!(Number.isSafeInteger(request.minimumSampleSize) && request.minimumSampleSize >= 1 && request.minimumSampleSize <= MAX_MINIMUM_SAMPLE_SIZE)) {
      throw badInput('minimumSampleSize', `must be an integer from 1 to ${MAX_MINIMUM_SAMPLE_SIZE} (got ${request.minimumSampleSize})`);
    }
    if (request.currentDatasetVersionId) await this.datasets.find(request.currentDatasetVersionId, 'currentDatasetVersionId');
    if (request.referenceDatasetVersionId) await this.datasets.find(request.referenceDatasetVersionId, 'referenceDatasetVersionId');
    const input: DriftScanInput = {
      modelName: request.modelName,
      environment: request.environment,
      windowMs,
      referenceDatasetVersionId: request.referenceDatasetVersionId,
      currentDatasetVersionId: request.currentDatasetVersionId,
      minimumSampleSize: request.minimumSampleSize,
      triggeredBy: principal.name,
      scheduleId: null,
      taskQueues: taskQueuesFor(this.config.taskQueuePrefix),
    };
    const workflowId = `${driftScanWorkflowIdPrefix(request.modelName)}${randomUUID()}`;
    const handle = await this.start(workflowId, input);
    try {
      await inTransaction(this.dataSource, (manager) =>
        appendAuditEvent(manager, { actor: principal.name, action: 'drift_scan.started', subjectType: 'drift_scan', subjectId: workflowId, payload: { ...input } }),
      );
    } catch (error) {
      // A scan nobody can trace back to its requester must not run.
      await handle.terminate('its audit event could not be written').catch((terminateError: unknown) =>
        logger.error({ err: terminateError, workflowId }, 'could not terminate an unaudited drift scan'),
      );
      throw error;
    }
    return this.scan(workflowId);
  }

  private async start(workflowId: string, input: DriftScanInput): Promise<WorkflowHandle> {
    try {
      return await this.temporal.workflow.start<typeof driftScanWorkflow>('driftScanWorkflow', {
        workflowId,
        taskQueue: input.taskQueues.pipelines,
        args: [input],
        typedSearchAttributes: workflowSearchAttributes('drift_scan', input.modelName, input.environment),
      });
    } catch (error) {
      logger.error({ err: error, workflowId }, 'could not start a drift scan');
      throw new ProvenantError('UNAVAILABLE', `could not start drift scan ${workflowId}: Temporal is unreachable; try again`);
    }
  }

  /** Temporal's view of a scan, with its report once stored. */
  async scan(workflowId: string): Promise<DriftScanType> {
    if (!workflowId.startsWith(DRIFT_SCAN_ID_PREFIX)) throw badInput('workflowId', `is not a drift scan's workflow id (they start with ${DRIFT_SCAN_ID_PREFIX})`);
    const handle = this.temporal.workflow.getHandle(workflowId);
    let status: string;
    try {
      status = (await handle.describe()).status.name;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound('workflowId', `drift scan ${workflowId}`);
      throw error;
    }
    return { workflowId, temporalUiUrl: temporalUiUrl(this.config, workflowId), status, failure: ENDED_WITHOUT_RESULT.has(status) ? await failureOf(handle) : null, report: await this.reports.forScan(workflowId) };
  }
}

/** The innermost cause of a failed scan: "Activity task failed" wraps what actually went wrong. */
async function failureOf(handle: WorkflowHandle): Promise<string | null> {
  try {
    await handle.result();
    return null;
  } catch (error) {
    if (!(error instanceof WorkflowFailedError)) throw error;
    let cause: Error = error;
    while (cause.cause instanceof Error) cause = cause.cause;
    return cause.message;
  }
}
