/** What the fault suites do through the API, as a user would; polling reads the database directly, which is cheaper and quicker. */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { GateState } from '../../../domain/approval';
import type { PipelineStage, StageRecord } from '../../../domain/pipeline';
import { gateStateQuery, releaseGateWorkflowId } from '../../../domain/workflow-contracts';
import { SAMPLE_DATA, TOKENS } from '../../support/harness';
import type { Provenant as ProvenantProcesses } from './fault-stack';

/** What these steps use of a Provenant under test, whatever its shape. */
export type Provenant = Pick<ProvenantProcesses, 'dataDir' | 'dataSource' | 'temporal' | 'gql'>;

const WEATHER_FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'];

/**
 * seattle-weather.csv repeated to `rows` rows: large enough that validating, training,
 * scoring and drift take seconds, not milliseconds. Each repetition nudges the wind by
 * 0.001, so no row repeats another (validation fails a dataset of copies, rightly).
 */
export async function writeWeatherRows(dir: string, rows: number): Promise<string> {
  const [header, ...lines] = (await readFile(path.join(SAMPLE_DATA, 'seattle-weather.csv'), 'utf8')).trim().split('\n');
  const windColumn = header.split(',').indexOf('wind');
  const body = Array.from({ length: rows }, (_, row) => {
    const cells = lines[row % lines.length].split(',');
    cells[windColumn] = (Number(cells[windColumn]) + Math.floor(row / lines.length) / 1000).toFixed(3);
    return cells.join(',');
  });
  const file = path.join(dir, `weather-${rows}.csv`);
  await writeFile(file, [header, ...body].join('\n') + '\n');
  return file;
}

export async function registerDataset(provenant: Provenant, name: string, file: string): Promise<string> {
  const { data, errors } = await provenant.gql(`mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`, {
    input: { name, uri: file },
  });
  assert.equal(errors, undefined, JSON.stringify(errors));
  return data!.registerDataset.id;
}

export interface PipelineRequest {
  modelName: string;
  datasetVersionId: string;
  runKey?: string;
  deploy?: Record<string, unknown>;
}

/** A weather classifier's pipeline, started by an engineer (so an approver may decide its gate). */
export async function startPipeline(provenant: Provenant, request: PipelineRequest): Promise<string> {
  const { data, errors } = await provenant.gql(
    `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`,
    { input: { target: 'weather', features: WEATHER_FEATURES, task: 'CLASSIFICATION', ...request } },
    TOKENS.engineer,
  );
  assert.equal(errors, undefined, JSON.stringify(errors));
  return data!.startModelPipeline.workflowId;
}

/** A deploy request that a single approval releases to STAGING. */
export function stagingDeploy(canary: Record<string, unknown> = {}): Record<string, unknown> {
  return { environment: 'STAGING', requiredApprovals: 1, canary };
}

/** The run's gate once its gate workflow holds it open: the run's row says AWAITING_APPROVAL as the gate is written, a moment before the workflow hears of it. */
export async function openGate(provenant: Provenant, workflowId: string, environment = 'STAGING'): Promise<GateState> {
  const handle = provenant.temporal.workflow.getHandle(releaseGateWorkflowId(workflowId, environment));
  return waitFor(
    `${workflowId} to hold its gate open`,
    async () => {
      const gate = await handle.query(gateStateQuery);
      return gate?.status === 'PENDING' ? gate : undefined;
    },
    300_000,
  );
}

export async function approve(provenant: Provenant, workflowId: string): Promise<void> {
  const gate = await openGate(provenant, workflowId);
  const decided = await provenant.gql(
    `mutation D($input: DecideApprovalInput!) { decideApproval(input: $input) { status } }`,
    { input: { gateId: gate.gateId, decision: 'APPROVE', comment: 'fault suite' } },
    TOKENS.approver,
  );
  assert.equal(decided.data?.decideApproval.status, 'APPROVED', JSON.stringify(decided));
}

export interface RunState {
  status: string;
  error: string | null;
  stages: StageRecord[];
  modelVersionId: string | null;
}

export async function runState(provenant: Provenant, workflowId: string): Promise<RunState> {
  const [row] = await provenant.dataSource.query(`SELECT status, error, stages, model_version_id FROM pipeline_run WHERE workflow_id = $1`, [workflowId]);
  assert.ok(row, `no pipeline_run ${workflowId}`);
  return { status: row.status, error: row.error, stages: row.stages, modelVersionId: row.model_version_id };
}

export function stageOf(state: RunState, name: PipelineStage): StageRecord {
  const stage = state.stages.find((record) => record.name === name);
  assert.ok(stage, `no stage ${name}`);
  return stage;
}

/**
 * Waits until the stage's activity has started (it records its attempt first), polling
 * often enough to catch a stage that lasts a second. A stage that finished unseen
 * fails the wait: the fault would have missed it.
 */
export async function stageStarted(provenant: Provenant, workflowId: string, stage: PipelineStage, timeoutMs: number): Promise<void> {
  await waitFor(
    `${stage} of ${workflowId} to start`,
    async () => {
      const record = stageOf(await runState(provenant, workflowId), stage);
      assert.notEqual(record.status, 'SUCCEEDED', `${stage} finished before the fault`);
      return record.status === 'RUNNING' && record.attempts >= 1 ? true : undefined;
    },
    timeoutMs,
    10,
  );
}

/**
 * Polls `probe` until it returns a value other than undefined. A failed assertion ends the
 * wait; any other error counts as "not yet", since a service may be restarting.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (error instanceof assert.AssertionError) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

const UNFINISHED = new Set(['RUNNING', 'AWAITING_APPROVAL', 'DEPLOYING']);

/** The run once it stops moving (or waits for approval, when that is where it should stop); status TIMED_OUT if it never does. */
export async function settledRun(provenant: Provenant, workflowId: string, timeoutMs: number, { untilApproval = false } = {}): Promise<RunState> {
  let last: RunState | undefined;
  return waitFor(
    `pipeline ${workflowId} to settle`,
    async () => {
      last = await runState(provenant, workflowId);
      if (untilApproval && last.status === 'AWAITING_APPROVAL') return last;
      return UNFINISHED.has(last.status) ? undefined : last;
    },
    timeoutMs,
  ).catch((error: unknown) => {
    if (error instanceof assert.AssertionError) throw error;
    return { status: 'TIMED_OUT', error: `still ${last?.status} after ${timeoutMs} ms`, stages: last?.stages ?? [], modelVersionId: null };
  });
}

/** Model `weather`, version 1, trained on seattle-weather.csv: something to scan drift with or score batches with. */
export async function trainWeatherModel(provenant: Provenant): Promise<void> {
  const dataset = await registerDataset(provenant, 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
  const run = await settledRun(provenant, await startPipeline(provenant, { modelName: 'weather', datasetVersionId: dataset }), 300_000);
  assert.equal(run.status, 'SUCCEEDED', run.error ?? '');
}

type WorkflowHistory = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;

/** How the workflow ended (COMPLETED, FAILED, …), once it has; TIMED_OUT if it is still running at the deadline. */
export async function workflowEnded(handle: WorkflowHandle, timeoutMs = 300_000): Promise<string> {
  return waitFor(
    `${handle.workflowId} to end`,
    async () => {
      const { status } = await handle.describe();
      return status.name === 'RUNNING' ? undefined : status.name;
    },
    timeoutMs,
  ).catch(() => 'TIMED_OUT');
}

/** The highest attempt an activity of this type started with, as the workflow history records it. */
export function highestAttempt(history: WorkflowHistory, activityType: string): number {
  const events = history.events ?? [];
  const scheduled = new Set(
    events.filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === activityType).map((event) => Number(event.eventId)),
  );
  return Math.max(
    0,
    ...events
      .filter((event) => scheduled.has(Number(event.activityTaskStartedEventAttributes?.scheduledEventId)))
      .map((event) => event.activityTaskStartedEventAttributes!.attempt ?? 1),
  );
}
