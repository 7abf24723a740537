import { ApplicationFailure, Context } from '@temporalio/activity';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findTrainer, type TrainerEntity } from '../db/registry';
import type { Metrics, PipelineInput, TrainedModel } from '../domain/pipeline';
import type { StoredArtifact } from '../storage/artifact-store';
import type { ActivityDependencies } from './dependencies';
import { runTrainerProcess, type TrainerProcessOptions, type TrainerProcessResult } from './external-trainer-process';
import { checkTrainerModel } from './external-trainer-model';
import { TRAINER_METRICS_FILE, TRAINER_MODEL_FILE, writeTrainerInputs } from './external-trainer-spec';
import { invalidInput } from './failures';
import { markStageAttempt } from './stage-progress';
import { loadTrainingData } from './training-data';

/** The environment variable holding the spec's path (it is also the last argument). */
export const TRAINER_SPEC_ENV = 'PROVENANT_TRAINER_SPEC';
/** The exit code by which a trainer says its input (data or hyperparameters) is unusable. */
export const TRAINER_EXIT_BAD_INPUT = 2;
/** The workflow's heartbeat timeout for trainExternal must be a few times this. */
export const TRAINER_HEARTBEAT_INTERVAL_MS = 3_000;
/**
 * All a program needs to start. The worker's own secrets (database URL, API tokens)
 * stay out of trainer code; a trainer needing more registers `/usr/bin/env VAR=value …`.
 */
const INHERITED_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR'];

export type ExternalTrainingInput = PipelineInput & { workflowId: string; trainer: string; trialIndex?: number };

export interface ExternalTrainedModel extends TrainedModel {
  /** The trainer definition that ran, as versioned by registerTrainer. */
  trainerVersion: number;
  /** The trainer's stdout and stderr. */
  logArtifactUri: string;
  logSha256: string;
  /** metrics.json as the trainer wrote it; {} when it wrote none. */
  trainerMetrics: Metrics;
}

/**
 * Trains with a registered external command. The trainer gets a spec (see
 * external-trainer-spec.ts) and must write model.onnx; its exit status decides
 * what Temporal does next:
 *
 * - 0: success; model.onnx must satisfy the model contract, else `TrainerOutputInvalid`, not retried;
 * - 2: its input is unusable (bad data or hyperparameters): `InvalidInput`, not retried;
 * - any other code: `TrainerFailed`, retried with backoff;
 * - killed by a signal (e.g. the OOM killer): `TrainerKilled`, retried;
 * - still running after the trainer's timeout: SIGTERM, SIGKILL after a grace period, `TrainerTimedOut`, retried;
 * - activity cancelled: the process group is killed and the activity ends cancelled.
 *
 * An unknown trainer name is `InvalidInput` on `input.trainer`; a program that does not
 * exist on the worker is `TrainerUnavailable`; neither is retried.
 */
export function createExternalTrainerActivity(deps: ActivityDependencies) {
  return {
    async trainExternal(input: ExternalTrainingInput): Promise<ExternalTrainedModel> {
      // Tuning trials are not the train stage; only the final training counts its attempts.
      if (input.trialIndex === undefined) await markStageAttempt(deps.dataSource, input.workflowId, 'train');
      const trainer = await findTrainer(deps.dataSource, input.trainer);
      if (!trainer) throw invalidInput('input.trainer', `no trainer named ${JSON.stringify(input.trainer)} is registered`);
      const data = await loadTrainingData(deps, input);
      const context = Context.current();
      const workDir = await mkdtemp(path.join(os.tmpdir(), 'provenant-trainer-'));
      try {
        const { specPath, spec } = await writeTrainerInputs(workDir, data, {
          input,
          trainer: trainer.name,
          attempt: context.info.attempt,
        });
        const logFile = path.join(workDir, 'trainer.log');
        const run = await startTrainer(trainer, {
          command: [...trainer.command, specPath],
          cwd: workDir,
          env: { ...inheritedEnv(), [TRAINER_SPEC_ENV]: specPath },
          logFile,
          timeoutMs: trainer.timeoutSeconds * 1000,
          signal: context.cancellationSignal,
          progressIntervalMs: TRAINER_HEARTBEAT_INTERVAL_MS,
          onProgress: (progress) => context.heartbeat(progress),
        });
        const log = await deps.store.put(await readFile(logFile));
        const { ending, exitCode, signal } = run;
        deps.logger.info(
          { workflowId: input.workflowId, trainer: trainer.name, ending, exitCode, signal, logArtifactUri: log.uri },
          'external trainer finished',
        );
        if (run.ending === 'aborted') throw context.cancellationSignal.reason;
        const failure = endingFailure(trainer, run, log);
        if (failure) throw failure;

        const model = await readTrainerModel(trainer, spec.outputDir);
        const classLabels = spec.classLabels ?? [];
        const checked = await checkTrainerModel(model, {
          task: input.task,
          classLabels,
          features: spec.features,
          featureSpec: data.spec,
          columns: data.columns,
          sampleRows: data.splits.test,
        });
        if (checked.problem !== undefined) throw outputInvalid(trainer, `${TRAINER_MODEL_FILE} is unusable: ${checked.problem}`);
        const trainerMetrics = await readTrainerMetrics(trainer, spec.outputDir);
        const artifact = await deps.store.put(model);
        return {
          artifactSha256: artifact.sha256,
          artifactUri: artifact.uri,
          classLabels,
          trainRowCount: data.splits.train.length,
          // The trainer's own progress is its business; metrics.json may report it.
          iterations: 0,
          effectiveHyperparameters: input.hyperparameters,
          signature: checked.signature,
          trainerVersion: trainer.version,
          logArtifactUri: log.uri,
          logSha256: log.sha256,
          trainerMetrics,
        };
      } finally {
        await rm(workDir, { recursive: true, force: true });
      }
    },
  };
}

function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(INHERITED_ENV.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]]));
}

async function startTrainer(trainer: TrainerEntity, options: TrainerProcessOptions): Promise<TrainerProcessResult> {
  try {
    return await runTrainerProcess(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Every worker of a deployment runs the same image: a missing program will be missing on the next attempt too.
    if (code === 'ENOENT' || code === 'EACCES') {
      throw ApplicationFailure.create({
        type: 'TrainerUnavailable',
        message:
          `trainer ${trainer.name}: cannot run ${JSON.stringify(trainer.command[0])} on this worker (${code}); ` +
          're-register it with a program the training workers have',
        nonRetryable: true,
        details: [{ trainer: trainer.name, trainerVersion: trainer.version }],
      });
    }
    throw error;
  }
}

function endingFailure(trainer: TrainerEntity, run: TrainerProcessResult, log: StoredArtifact): ApplicationFailure | null {
  const stderr = run.stderrTail ? `; its stderr ends with:\n${run.stderrTail}` : '';
  const retryable = (type: string, message: string) =>
    ApplicationFailure.create({
      type,
      message: `trainer ${trainer.name} ${message}`,
      details: [{ trainer: trainer.name, trainerVersion: trainer.version, logArtifactUri: log.uri, logSha256: log.sha256 }],
    });
  if (run.ending === 'timed-out') {
    return retryable('TrainerTimedOut', `ran longer than its timeout of ${trainer.timeoutSeconds} s and was killed${stderr}`);
  }
  if (run.ending === 'signalled') return retryable('TrainerKilled', `was killed by ${run.signal}${stderr}`);
  if (run.exitCode === 0) return null;
  if (run.exitCode === TRAINER_EXIT_BAD_INPUT) {
    return invalidInput('input', `trainer ${trainer.name} rejected its input (exit code ${TRAINER_EXIT_BAD_INPUT})${stderr}`);
  }
  return retryable('TrainerFailed', `exited with code ${run.exitCode}${stderr}`);
}

/** A trainer that exits 0 with broken output will do the same again: not retried. */
function outputInvalid(trainer: TrainerEntity, message: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: 'TrainerOutputInvalid',
    message: `trainer ${trainer.name}: ${message}`,
    nonRetryable: true,
    details: [{ trainer: trainer.name, trainerVersion: trainer.version }],
  });
}

async function readTrainerModel(trainer: TrainerEntity, outputDir: string): Promise<Buffer> {
  try {
    return await readFile(path.join(outputDir, TRAINER_MODEL_FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw outputInvalid(trainer, `exited 0 but wrote no ${TRAINER_MODEL_FILE} in its outputDir`);
  }
}

async function readTrainerMetrics(trainer: TrainerEntity, outputDir: string): Promise<Metrics> {
  let text: string;
  try {
    text = await readFile(path.join(outputDir, TRAINER_METRICS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let metrics: unknown;
  try {
    metrics = JSON.parse(text);
  } catch (error) {
    throw outputInvalid(trainer, `${TRAINER_METRICS_FILE} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) {
    throw outputInvalid(trainer, `${TRAINER_METRICS_FILE} must be a JSON object mapping metric names to numbers`);
  }
  for (const [name, value] of Object.entries(metrics)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      const got = JSON.stringify(value);
      throw outputInvalid(trainer, `${TRAINER_METRICS_FILE}: ${JSON.stringify(name)} must be a finite number (got ${got})`);
    }
  }
  return metrics as Metrics;
}
