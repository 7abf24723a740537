import { ApplicationFailure, Context } from '@temporalio/activity';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { appendAuditEvent } from '../db/audit-log';
import {
  deleteScoredRows,
  findBatchScoringJob,
  lockBatchScoringJob,
  readScoredRows,
  saveScoredChunk,
  updateBatchScoringJob,
  type BatchScoringJobRow,
} from '../db/batch-scoring';
import { findDatasetVersion, registerDatasetVersion, type DatasetVersion } from '../db/datasets';
import { inTransaction, mustExist } from '../db/db';
import { recordLineageEdge } from '../db/lineage-store';
import { findModel, findModelVersion, type ModelVersionEntity } from '../db/registry';
import { predictionColumnNames, type BatchScoringInput, type BatchScoringResult, type RowPrediction } from '../domain/batch-scoring';
import type { ModelTask } from '../domain/pipeline';
import type { TypedTable } from '../ml/tabular/table';
import { readDatasetColumns, readDatasetTable } from '../storage/dataset-table';
import { storeDatasetFile } from '../storage/dataset-registration';
import type { ActivityDependencies } from './dependencies';
import { signatureOrContract } from '../domain/model-signature';
import { scoreRows, withScoringModel, type Scores } from './onnx-scoring';
import { featureColumnsOf, featureSpecOf } from './training-data';

/** Who the audit log names for what a batch scoring job does on its own; the job names who asked. */
const BATCH_SCORING_ACTOR = 'system:batch-scoring';

/** Well inside the 10 s heartbeat timeout the workflow gives these activities. */
const KEEP_ALIVE_MS = 2000;

/** What each heartbeat reports: input rows [0, nextRow) are scored and committed. */
export interface ChunkCheckpoint {
  nextRow: number;
}

export interface BatchScoringFailure {
  jobId: string;
  error: string;
}

/** The scoring queue's part: the heavy, resumable work. */
export function createBatchScoringActivities(deps: ActivityDependencies) {
  return {
    /**
     * Scores the input dataset chunk by chunk. Each chunk's predictions and the job's
     * progress commit in one transaction, then the activity heartbeats; a retry after a
     * crash starts from the job's committed progress, and a chunk scored twice (by a worker
     * that died between commit and heartbeat, or one that outlived its heartbeat timeout)
     * inserts nothing the second time.
     */
    async scoreDatasetChunks(input: BatchScoringInput): Promise<ChunkCheckpoint> {
      const context = Context.current();
      const subject = await loadJob(deps.dataSource, input.jobId);
      // The job row commits with each chunk, before the heartbeat reports it, so it is never
      // behind the attempt's heartbeat details (which the SDK throttles besides).
      const resumeFrom = subject.job.rowsScored;
      deps.logger.info({ jobId: input.jobId, attempt: context.info.attempt, resumeFrom, rowsTotal: subject.job.rowsTotal }, 'batch scoring chunks');
      // Only the features: DuckDB reads them alone where it can (readDatasetColumns).
      const table = await keepAliveWhile(readDatasetColumns(deps.store, subject.input, subject.version.features), { nextRow: resumeFrom });
      const spec = featureSpecOf(table, subject.version.features);
      const classCount = subject.version.classLabels.length;
      const signature = signatureOrContract(subject.version.signature, subject.task, spec);
      await withScoringModel(await deps.store.read(subject.version.artifactUri), signature, async (model) => {
        for (let start = resumeFrom; start < table.rowCount; start += input.chunkRows) {
          context.cancellationSignal.throwIfAborted();
          const end = Math.min(start + input.chunkRows, table.rowCount);
          const columns = featureColumnsOf(table, spec, rowRange(start, end));
          const scores = await scoreRows(model, classCount, spec, columns, rowRange(0, end - start));
          await saveScoredChunk(deps.dataSource, input.jobId, start, rowPredictions(subject.task, classCount, scores, end - start));
          context.heartbeat({ nextRow: end } satisfies ChunkCheckpoint);
        }
      });
      return { nextRow: table.rowCount };
    },

    /**
     * Writes the input rows with their predictions as JSON lines, registers the file as
     * a new version of `<input dataset>.scored` the way registerDataset does, links it in
     * lineage and marks the job SUCCEEDED, all in one transaction; a retry after that
     * commit returns what it made.
     */
    async publishBatchOutput(input: BatchScoringInput): Promise<BatchScoringResult> {
      const context = Context.current();
      const subject = await loadJob(deps.dataSource, input.jobId);
      if (subject.job.outputDatasetVersionId) return { rowsScored: subject.job.rowsScored, outputDatasetVersionId: subject.job.outputDatasetVersionId };
      const table = await keepAliveWhile(readDatasetTable(deps.store, subject.input), undefined);
      // One file per attempt: an attempt that outlived its heartbeat timeout may still be writing its own.
      const file = path.join(deps.config.dataDir, 'batch-scoring', `${input.jobId}-${context.info.attempt}.jsonl`);
      try {
        await writeScoredTable(deps.dataSource, file, table, subject, input.chunkRows, () => context.heartbeat());
        const stored = await keepAliveWhile(storeDatasetFile(deps.store, file), undefined);
        return await inTransaction(deps.dataSource, async (manager) => {
          const job = await lockBatchScoringJob(manager, input.jobId);
          if (job.outputDatasetVersionId) return { rowsScored: job.rowsScored, outputDatasetVersionId: job.outputDatasetVersionId };
          const output = await registerDatasetVersion(manager, {
            datasetName: scoredDatasetName(subject.input.datasetName),
            description: `${subject.input.datasetName} with the predictions of batch scoring jobs`,
            sourceUri: job.workflowId,
            createdBy: BATCH_SCORING_ACTOR,
            stored,
          });
          await recordLineageEdge(manager, job.id, output.id, 'produced');
          await updateBatchScoringJob(manager, job.id, { status: 'SUCCEEDED', outputDatasetVersionId: output.id, finishedAt: new Date() });
          await deleteScoredRows(manager, job.id);
          await appendAuditEvent(manager, {
            actor: BATCH_SCORING_ACTOR,
            action: 'batch_scoring.completed',
            subjectType: 'batch_scoring_job',
            subjectId: job.id,
            payload: {
              workflowId: job.workflowId,
              requestedBy: job.requestedBy,
              modelVersionId: job.modelVersionId,
              inputDatasetVersionId: job.inputDatasetVersionId,
              outputDatasetVersionId: output.id,
              outputContentSha256: output.contentSha256,
              rowsScored: job.rowsScored,
            },
            idempotencyKey: `${job.workflowId}:batch_scoring.completed`,
          });
          return { rowsScored: job.rowsScored, outputDatasetVersionId: output.id };
        });
      } finally {
        await rm(file, { force: true });
      }
    },
  };
}

/** The pipelines queue's part: bookkeeping that must happen even when the scoring workers are gone. */
export function createBatchScoringBookkeeping({ dataSource }: ActivityDependencies) {
  return {
    async failBatchScoring(failure: BatchScoringFailure): Promise<void> {
      await inTransaction(dataSource, async (manager) => {
        const job = await lockBatchScoringJob(manager, failure.jobId);
        if (job.status !== 'RUNNING') return;
        await updateBatchScoringJob(manager, job.id, { status: 'FAILED', error: failure.error, finishedAt: new Date() });
        await deleteScoredRows(manager, job.id);
        await appendAuditEvent(manager, {
          actor: BATCH_SCORING_ACTOR,
          action: 'batch_scoring.failed',
          subjectType: 'batch_scoring_job',
          subjectId: job.id,
          payload: { workflowId: job.workflowId, requestedBy: job.requestedBy, rowsScored: job.rowsScored, error: failure.error },
          idempotencyKey: `${job.workflowId}:batch_scoring.failed`,
        });
      });
    },
  };
}

interface JobSubject {
  job: BatchScoringJobRow;
  version: ModelVersionEntity;
  task: ModelTask;
  input: DatasetVersion;
}

async function loadJob(dataSource: DataSource, jobId: string): Promise<JobSubject> {
  const job = mustExist(await findBatchScoringJob(dataSource, jobId), `batch scoring job ${jobId}`);
  const version = mustExist(await findModelVersion(dataSource, { id: job.modelVersionId }), `model version ${job.modelVersionId}`);
  const model = mustExist(await findModel(dataSource, { id: version.modelId }), `model ${version.modelId}`);
  const input = mustExist(await findDatasetVersion(dataSource, job.inputDatasetVersionId), `dataset version ${job.inputDatasetVersionId}`);
  return { job, version, task: model.task, input };
}

/**
 * Reading a large dataset can outlast the heartbeat timeout; heartbeat whenever the
 * event loop turns meanwhile, so only a dead worker misses its beat.
 */
export async function keepAliveWhile<T>(work: Promise<T>, details: ChunkCheckpoint | undefined): Promise<T> {
  const context = Context.current();
  const timer = setInterval(() => context.heartbeat(details), KEEP_ALIVE_MS);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

function rowRange(start: number, end: number): Uint32Array {
  return Uint32Array.from({ length: end - start }, (_, i) => start + i);
}

function rowPredictions(task: ModelTask, classCount: number, scores: Scores, count: number): RowPrediction[] {
  return Array.from({ length: count }, (_, i) =>
    task === 'CLASSIFICATION'
      ? { label: scores.labels[i], probabilities: Array.from(scores.probabilities.subarray(i * classCount, (i + 1) * classCount)) }
      : { prediction: scores.predictions[i] },
  );
}

/**
 * The input's columns then the prediction columns, one JSON object a line, keys written
 * in column order (an object literal would move integer-like names to the front).
 */
async function writeScoredTable(
  dataSource: DataSource,
  file: string,
  table: TypedTable,
  subject: JobSubject,
  pageRows: number,
  heartbeat: () => void,
): Promise<void> {
  const names = [...table.columnNames, ...predictionColumnNames(subject.task, subject.version.classLabels)].map((name) => `${JSON.stringify(name)}:`);
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, 'w');
  try {
    for (let start = 0; start < table.rowCount; start += pageRows) {
      const end = Math.min(start + pageRows, table.rowCount);
      const page = await readScoredRows(dataSource, subject.job.id, start, end);
      if (page.length !== end - start) {
        // Retrying cannot produce missing rows; stop and say so.
        throw ApplicationFailure.create({
          type: 'IncompleteOutput',
          nonRetryable: true,
          message: `batch scoring job ${subject.job.id} has ${page.length} scored rows in [${start}, ${end}); expected ${end - start}`,
        });
      }
      const lines = page.map(({ rowIndex, output }) => {
        const values = [...table.columns.map((column) => column[rowIndex]), ...predictionValues(output)];
        return `{${values.map((value, c) => names[c] + JSON.stringify(value)).join(',')}}\n`;
      });
      await handle.write(lines.join(''));
      heartbeat();
    }
  } finally {
    await handle.close();
  }
}

function predictionValues(output: RowPrediction): (string | number)[] {
  return 'label' in output ? [output.label, ...output.probabilities] : [output.prediction];
}

/** `<input dataset>.scored`, kept within the 100 characters a dataset name may have. */
function scoredDatasetName(inputDatasetName: string): string {
  const suffix = '.scored';
  return `${inputDatasetName.slice(0, 100 - suffix.length)}${suffix}`;
}
