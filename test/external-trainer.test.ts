import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import * as ort from 'onnxruntime-node';
import { createExternalTrainerActivity, type ExternalTrainedModel, type ExternalTrainingInput } from '../activities/external-trainer';
import type { TrainerProgress } from '../activities/external-trainer-process';
import { initialStageRecords } from '../domain/pipeline';
import { taskQueuesFor } from '../domain/task-queues';
import { REPO_ROOT } from '../platform/config';
import { logger } from '../platform/logger';
import { sha256Hex } from '../storage/artifact-store';
import { artifactStoreFor } from '../storage/configured-store';
import { auditLogSealed } from '../db/audit-log';
import { SAMPLE_DATA, TOKENS, startHarness, waitForPipeline, type Harness } from './support/harness';
import { sklearnPython } from './support/python-sklearn';

const REGISTER_DATASET = `mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`;
const REGISTER_TRAINER = `
  mutation T($input: RegisterTrainerInput!) {
    registerTrainer(input: $input) { id name command timeoutSeconds version createdBy updatedBy createdAt updatedAt }
  }`;
const EXAMPLE_TRAINER = ['python3', path.join(REPO_ROOT, 'examples', 'trainers', 'linear_trainer.py')];
const sh = (script: string) => ['/bin/sh', '-c', script, 'sh'];

describe('external trainers', () => {
  let harness: Harness;
  let carsId: string;
  let weatherId: string;
  let trainExternal: ReturnType<typeof createExternalTrainerActivity>['trainExternal'];

  const registerTrainer = async (name: string, command: string[], timeoutSeconds = 120) => {
    const { data, errors } = await harness.gql(REGISTER_TRAINER, { input: { name, command, timeoutSeconds } });
    assert.equal(errors, undefined, JSON.stringify(errors));
    return data!.registerTrainer;
  };

  /** A pipeline run row for the activity to record its attempt in, and the activity's input. */
  const pipeline = async (change: Partial<ExternalTrainingInput>): Promise<ExternalTrainingInput> => {
    const input: ExternalTrainingInput = {
      workflowId: `pipeline:test:${randomUUID()}`,
      modelName: 'cars-mpg',
      datasetVersionId: carsId,
      target: 'Miles_per_Gallon',
      features: ['Horsepower', 'Weight_in_lbs'],
      task: 'REGRESSION',
      hyperparameters: {},
      seed: 42,
      testFraction: 0.2,
      requestedBy: 'engineer-user',
      expectations: [],
      trainer: 'py-linear',
      crossValidation: null,
      tuning: null,
      qualityChecks: [],
      mustBeatChampion: null,
      sensitiveFeature: null,
      favorableLabel: null,
      taskQueues: taskQueuesFor('unused'),
      ...change,
    };
    await harness.dataSource.query(
      `INSERT INTO pipeline_run (workflow_id, model_name, dataset_version_id, status, current_stage, stages, input, requested_by)
       VALUES ($1, $2, $3, 'RUNNING', 'train', $4, $5, $6)`,
      [input.workflowId, input.modelName, input.datasetVersionId, JSON.stringify(initialStageRecords(false)), JSON.stringify(input), input.requestedBy],
    );
    return input;
  };

  /** A real activity context without a server; failures are asserted, so the SDK need not log them. */
  const activityEnvironment = (attempt = 1) => new MockActivityEnvironment({ attempt }, { logger: new DefaultLogger('ERROR') });
  const train = (input: ExternalTrainingInput, env = activityEnvironment()) =>
    env.run<[ExternalTrainingInput], ExternalTrainedModel, typeof trainExternal>(trainExternal, input);

  const failureOf = async (run: Promise<unknown>): Promise<ApplicationFailure> => {
    const error = await run.then(
      () => assert.fail('expected the activity to fail'),
      (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(error)}`);
    return error;
  };

  const workDirs = async () => (await readdir(os.tmpdir())).filter((name) => name.startsWith('provenant-trainer-'));

  before(async () => {
    harness = await startHarness();
    const cars = await harness.gql(REGISTER_DATASET, { input: { name: 'cars', uri: path.join(SAMPLE_DATA, 'cars.jsonl') } });
    carsId = cars.data!.registerDataset.id;
    const weather = await harness.gql(REGISTER_DATASET, { input: { name: 'weather', uri: path.join(SAMPLE_DATA, 'seattle-weather.csv') } });
    weatherId = weather.data!.registerDataset.id;
    ({ trainExternal } = createExternalTrainerActivity({ dataSource: harness.dataSource, store: artifactStoreFor(harness.config), logger, config: harness.config }));
  });
  after(async () => {
    await harness?.close();
  });

  describe('registration', () => {
    test('only admins register trainers, and builtin: names are reserved', async () => {
      const input = { name: 'py-linear', command: EXAMPLE_TRAINER, timeoutSeconds: 120 };
      const forbidden = await harness.gql(REGISTER_TRAINER, { input }, TOKENS.engineer);
      assert.equal(forbidden.errors?.[0].extensions?.code, 'FORBIDDEN');
      assert.match(forbidden.errors![0].message, /role engineer/);

      const reserved = await harness.gql(REGISTER_TRAINER, { input: { ...input, name: 'builtin:x' } });
      assert.equal(reserved.data, null);
      assert.deepEqual(reserved.errors?.[0].extensions, { code: 'BAD_USER_INPUT', field: 'input.name' });
      assert.match(reserved.errors![0].message, /reserved for built-in trainers/);

      const relative = await harness.gql(REGISTER_TRAINER, { input: { ...input, command: ['./train.sh'] } });
      assert.deepEqual(relative.errors?.[0].extensions, { code: 'BAD_USER_INPUT', field: 'input.command[0]' });
      const [{ count }] = await harness.dataSource.query('SELECT count(*)::int AS count FROM trainer');
      assert.equal(count, 0, 'nothing refused was written');
    });

    test('registering is audited; the same definition again is a no-op; a change bumps the version', async () => {
      const first = await registerTrainer('py-linear', EXAMPLE_TRAINER, 60);
      const { id, createdAt, updatedAt, ...definition } = first;
      assert.deepEqual(definition, {
        name: 'py-linear',
        command: EXAMPLE_TRAINER,
        timeoutSeconds: 60,
        version: 1,
        createdBy: 'admin-user',
        updatedBy: 'admin-user',
      });
      assert.equal(updatedAt, createdAt);
      assert.deepEqual(await registerTrainer('py-linear', EXAMPLE_TRAINER, 60), first);
      const changed = await registerTrainer('py-linear', EXAMPLE_TRAINER, 120);
      assert.deepEqual([changed.id, changed.version, changed.timeoutSeconds, changed.createdAt], [id, 2, 120, createdAt]);
      assert.ok(Date.parse(changed.updatedAt) > Date.parse(createdAt), `updatedAt ${changed.updatedAt}`);

      await auditLogSealed(harness.dataSource);
      const events = await harness.dataSource.query(
        `SELECT actor, payload FROM audit_event WHERE action = 'trainer.registered' AND subject_id = $1 ORDER BY sequence`,
        [id],
      );
      assert.deepEqual(
        events.map((e: { actor: string; payload: Record<string, unknown> }) => [e.actor, e.payload.version, e.payload.timeoutSeconds]),
        [['admin-user', 1, 60], ['admin-user', 2, 120]],
      );

      const listed = await harness.gql('{ trainers { name version command } }', {}, TOKENS.viewer);
      assert.deepEqual(listed.data!.trainers, [{ name: 'py-linear', version: 2, command: EXAMPLE_TRAINER }]);
    });
  });

  describe('trainExternal', () => {
    before(async () => {
      await registerTrainer('py-linear-1s', EXAMPLE_TRAINER, 1);
    });

    test('trains a regression through the example trainer and stores its model and log', async () => {
      const before_ = await workDirs();
      const input = await pipeline({});
      const heartbeats: TrainerProgress[] = [];
      const env = activityEnvironment(1);
      env.on('heartbeat', (details: TrainerProgress) => heartbeats.push(details));
      const model = await train(input, env);

      assert.equal(model.trainerVersion, 2);
      assert.deepEqual(model.classLabels, []);
      assert.ok(model.trainRowCount > 300, `trainRowCount ${model.trainRowCount}`);
      assert.deepEqual(Object.keys(model.trainerMetrics).sort(), ['mae', 'r2', 'rmse', 'trainRows']);
      assert.equal(model.trainerMetrics.trainRows, model.trainRowCount);
      assert.ok(model.trainerMetrics.r2 > 0.6, `r2 ${model.trainerMetrics.r2}`);

      const store = artifactStoreFor(harness.config);
      const bytes = await store.read(model.artifactUri);
      assert.equal(sha256Hex(bytes), model.artifactSha256);
      const session = await ort.InferenceSession.create(bytes);
      // A 130 hp, 3504 lb car did 18 mpg; a missing horsepower is imputed.
      const features = new ort.Tensor('float32', Float32Array.from([130, 3504, 46, 1835, Number.NaN, 2500]), [3, 2]);
      const predicted = Array.from((await session.run({ numeric_features: features })).prediction.data as Float32Array);
      await session.release();
      assert.ok(predicted[0] > 12 && predicted[0] < 24, `predicted ${predicted[0]} mpg for a heavy car`);
      assert.ok(predicted[1] > predicted[0] + 8, `a light car is predicted ${predicted[1]} mpg`);
      assert.ok(Number.isFinite(predicted[2]));

      const log = (await store.read(model.logArtifactUri)).toString('utf8');
      assert.equal(sha256Hex(Buffer.from(log)), model.logSha256);
      assert.match(log, /trainer py-linear attempt 1: REGRESSION of 'Miles_per_Gallon'/);
      assert.match(log, /wrote model\.onnx/);
      assert.ok(heartbeats.length >= 1 && heartbeats.every((h) => h.pid > 0), JSON.stringify(heartbeats));

      const [run] = await harness.dataSource.query('SELECT stages FROM pipeline_run WHERE workflow_id = $1', [input.workflowId]);
      assert.equal(run.stages.find((s: { name: string }) => s.name === 'train').attempts, 1);
      assert.deepEqual(await workDirs(), before_, 'the work directory is removed');
    });

    test('trains a classifier whose probabilities follow classLabels', async () => {
      const input = await pipeline({
        modelName: 'weather',
        datasetVersionId: weatherId,
        target: 'weather',
        features: ['precipitation', 'temp_max', 'temp_min', 'wind'],
        task: 'CLASSIFICATION',
        hyperparameters: { maxIterations: 100 },
      });
      const model = await train(input);
      assert.deepEqual(model.classLabels, ['drizzle', 'fog', 'rain', 'snow', 'sun']);
      assert.ok(model.trainerMetrics.accuracy > 0.6, `accuracy ${model.trainerMetrics.accuracy}`);
      assert.equal(model.trainerMetrics.iterations, 100);
      assert.deepEqual(model.effectiveHyperparameters, { maxIterations: 100 });
    });

    test('exit code 2 is bad input: not retried, with the end of stderr', async () => {
      const unknown = await failureOf(train(await pipeline({ hyperparameters: { learning_rate: 0.1 } })));
      assert.equal(unknown.type, 'InvalidInput');
      assert.equal(unknown.nonRetryable, true);
      assert.match(unknown.message, /^input: trainer py-linear rejected its input \(exit code 2\); its stderr ends with:\nbad input: unknown hyperparameter\(s\) learning_rate/);

      const categorical = await failureOf(train(await pipeline({ features: ['Horsepower', 'Origin'] })));
      assert.equal(categorical.nonRetryable, true);
      assert.match(categorical.message, /numeric features only; \['Origin'\] are categorical/);
    });

    test('an unknown trainer is refused at once, naming the field', async () => {
      const failure = await failureOf(train(await pipeline({ trainer: 'no-such-trainer' })));
      assert.deepEqual([failure.type, failure.nonRetryable], ['InvalidInput', true]);
      assert.equal(failure.message, 'input.trainer: no trainer named "no-such-trainer" is registered');
      assert.deepEqual(failure.details, [{ field: 'input.trainer' }]);
    });

    test('a crash by signal is retried, and the retry can succeed', async () => {
      const input = await pipeline({ hyperparameters: { crashFirstAttempts: 1 } });
      const crash = await failureOf(train(input, activityEnvironment(1)));
      assert.deepEqual([crash.type, crash.nonRetryable], ['TrainerKilled', false]);
      assert.match(crash.message, /trainer py-linear was killed by SIGKILL; its stderr ends with:\nsimulating a crash on attempt 1/);
      const [details] = crash.details as { logArtifactUri: string }[];
      assert.match((await artifactStoreFor(harness.config).read(details.logArtifactUri)).toString(), /simulating a crash/);

      const retry = await train(input, activityEnvironment(2));
      assert.ok(retry.trainerMetrics.r2 > 0.6);
      const [run] = await harness.dataSource.query('SELECT stages FROM pipeline_run WHERE workflow_id = $1', [input.workflowId]);
      assert.equal(run.stages.find((s: { name: string }) => s.name === 'train').attempts, 2);
    });

    test('other non-zero exits are retried', async () => {
      await registerTrainer('exits-3', sh('echo working; echo "out of disk" >&2; exit 3'));
      const failure = await failureOf(train(await pipeline({ trainer: 'exits-3' })));
      assert.deepEqual([failure.type, failure.nonRetryable], ['TrainerFailed', false]);
      assert.equal(failure.message, 'trainer exits-3 exited with code 3; its stderr ends with:\nout of disk');
    });

    test('a trainer running past its timeout is killed and the failure is retryable', async () => {
      const started = Date.now();
      const failure = await failureOf(
        train(await pipeline({ trainer: 'py-linear-1s', hyperparameters: { sleepSeconds: 60 } })),
      );
      assert.deepEqual([failure.type, failure.nonRetryable], ['TrainerTimedOut', false]);
      assert.match(failure.message, /ran longer than its timeout of 1 s and was killed/);
      assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
    });

    test('cancelling kills the trainer process group', async () => {
      const env = activityEnvironment();
      const pids: number[] = [];
      env.on('heartbeat', (details: TrainerProgress) => pids.push(details.pid));
      const running = train(await pipeline({ hyperparameters: { sleepSeconds: 60 } }), env);
      while (pids.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      // Let it get as far as its sleep.
      await new Promise((resolve) => setTimeout(resolve, 300));
      env.cancel();
      await assert.rejects(running, (error) => error instanceof CancelledFailure);
      // The group got SIGKILL before the activity ended; its last members may still wait a moment to be reaped.
      const deadline = Date.now() + 5_000;
      const groupAlive = () => {
        try {
          process.kill(-pids[0], 0);
          return true;
        } catch {
          return false;
        }
      };
      while (groupAlive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.throws(() => process.kill(-pids[0], 0), { code: 'ESRCH' }, 'no process of the group is left');
    });

    test('a model that is missing, not ONNX, or breaks the contract is refused without retries', async () => {
      const example = EXAMPLE_TRAINER.map((arg) => `'${arg}'`).join(' ');
      const writeModel = (python: string) => ['python3', '-c', `import json, sys; spec = json.load(open(sys.argv[1])); ${python}`];
      await registerTrainer('writes-nothing', sh('echo done'));
      await registerTrainer('writes-garbage', writeModel(`open(spec["outputDir"] + "/model.onnx", "w").write("not onnx")`));
      // Same length, so the protobuf stays valid while the recorded feature list changes.
      await registerTrainer('wrong-metadata', sh(`${example} "$1" && sed -i 's/Weight_in_lbs/Weight_in_kgs/' "$(dirname "$1")/output/model.onnx"`));
      await registerTrainer('bad-metrics', sh(`${example} "$1" && echo '{"rmse": "low"}' > "$(dirname "$1")/output/metrics.json"`));
      const cases: [string, RegExp][] = [
        ['writes-nothing', /^trainer writes-nothing: exited 0 but wrote no model\.onnx in its outputDir$/],
        ['writes-garbage', /^trainer writes-garbage: model\.onnx is unusable: it is not a valid ONNX model onnxruntime can load/],
        ['wrong-metadata', /model\.onnx is unusable: metadata_props\["provenant\.numeric_features"\] must be "\[\\"Horsepower\\",\\"Weight_in_lbs\\"\]"/],
        ['bad-metrics', /^trainer bad-metrics: metrics\.json: "rmse" must be a finite number \(got "low"\)$/],
      ];
      for (const [trainer, message] of cases) {
        const failure = await failureOf(train(await pipeline({ trainer })));
        assert.deepEqual([failure.type, failure.nonRetryable], ['TrainerOutputInvalid', true], trainer);
        assert.match(failure.message, message);
      }
    });

    test('a scikit-learn gradient boosting trainer (skl2onnx, default options) runs through a pipeline; its own signature is inferred', async () => {
      const python = await sklearnPython();
      await registerTrainer('sklearn-gb', [python, path.join(REPO_ROOT, 'examples', 'trainers', 'gradient_boosting_trainer.py')], 600);
      const cases = [
        { modelName: 'mpg-gb', datasetVersionId: carsId, target: 'Miles_per_Gallon', features: ['Horsepower', 'Weight_in_lbs', 'Origin'], task: 'REGRESSION', metric: 'rmse' },
        { modelName: 'weather-gb', datasetVersionId: weatherId, target: 'weather', features: ['precipitation', 'temp_max', 'temp_min', 'wind'], task: 'CLASSIFICATION', metric: 'accuracy' },
      ];
      for (const { metric, ...input } of cases) {
        const started = await harness.gql(`mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`, {
          input: { ...input, trainer: 'sklearn-gb', hyperparameters: { nEstimators: 30 } },
        });
        assert.equal(started.errors, undefined, JSON.stringify(started.errors));
        const run = await waitForPipeline(harness, started.data!.startModelPipeline.workflowId, 300_000);
        assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
        const { data } = await harness.gql(`query V($id: ID!) { modelVersion(id: $id) { signature metrics evaluationReport { importance { feature } } } }`, { id: run.modelVersion.id });
        const { signature, metrics, evaluationReport } = data!.modelVersion;
        // One input per column, named as skl2onnx spells it, and skl2onnx's own outputs.
        assert.deepEqual(signature.inputs.map((i: { name: string; features: string[] }) => [i.name, i.features]), input.features.map((feature) => [feature, [feature]]));
        assert.deepEqual(signature.outputs, input.task === 'REGRESSION' ? { kind: 'REGRESSOR', prediction: 'variable' } : { kind: 'CLASSIFIER', label: 'output_label', probabilities: 'output_probability', zipMapInput: signature.outputs.zipMapInput });
        assert.equal(evaluationReport.importance.length, input.features.length);
        console.log(`[sklearn-gb] ${input.modelName}: ${metric} ${metrics[metric]} on the test split`);
        assert.ok(input.task === 'REGRESSION' ? metrics.rmse < 5 : metrics.accuracy > 0.6, JSON.stringify(metrics));
      }
    });

    test('a program the worker does not have is not retried', async () => {
      await registerTrainer('not-installed', ['/opt/nowhere/train']);
      const failure = await failureOf(train(await pipeline({ trainer: 'not-installed' })));
      assert.deepEqual([failure.type, failure.nonRetryable], ['TrainerUnavailable', true]);
      assert.match(failure.message, /cannot run "\/opt\/nowhere\/train" on this worker \(ENOENT\)/);
    });
  });
});
