import os from 'node:os';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { BATCH_ROWS, scoreRows, withScoringModel } from '../../activities/onnx-scoring';
import { contractSignature } from '../../domain/model-signature';
import type { FeatureColumns, FeatureSpec } from '../../ml/features/feature-spec';
import { onnxInputs } from '../../ml/features/onnx-inputs';
import { seededRandom } from '../../ml/random/seeded-random';
import { fitLinearModel } from '../../ml/train/fit-linear-model';
import { withPeakMemory } from '../support/peak-memory';
import { count, mebibytes, milliseconds, ratio, type Benchmark, type BenchmarkReport } from '../support/report';
import { median, timeRepeatedly } from '../support/statistics';

const TARGET_RATIO = 1.1;
const TRAINING_ROWS = 20_000;
const SPEC: FeatureSpec = { numeric: ['x0', 'x1', 'x2', 'x3'], categorical: ['segment', 'region'] };
const CLASSES = ['low', 'medium', 'high'];

/**
 * Rows of 4 numeric and 2 categorical features (5 and 12 categories, 2% missing) with a
 * 3-class label from a noisy linear score, so the model has something real to learn and
 * the categorical inputs exercise the string tensors evaluation sends.
 */
function syntheticRows(rows: number, seed = 7): { columns: FeatureColumns; target: string[] } {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const numericColumns = SPEC.numeric.map(() => new Float64Array(rows));
  const segment: (string | null)[] = new Array(rows);
  const region: (string | null)[] = new Array(rows);
  const target: string[] = new Array(rows);
  for (let row = 0; row < rows; row += 1) {
    numericColumns.forEach((column) => (column[row] = random() < 0.02 ? Number.NaN : normal()));
    const segmentIndex = Math.floor(random() * 5);
    const regionIndex = Math.floor(random() * 12);
    segment[row] = random() < 0.02 ? null : `segment_${segmentIndex}`;
    region[row] = `region_${regionIndex}`;
    const [x0, x1, x2] = numericColumns.map((column) => column[row] || 0);
    const score = 1.2 * x0 - 0.8 * x1 + 0.5 * x2 + 0.3 * segmentIndex - 0.1 * regionIndex + normal();
    target[row] = CLASSES[score < -0.5 ? 0 : score < 1 ? 1 : 2];
  }
  return { columns: { numericColumns, categoricalColumns: [segment, region] }, target };
}

export const evaluationBenchmark: Benchmark = {
  name: 'evaluation',
  description: 'batched evaluation (scoreRows, as evaluate runs it) vs raw InferenceSession.run over the same batches, 1M rows',
  async run({ quick, log }): Promise<BenchmarkReport> {
    const rowCount = quick ? 100_000 : 1_000_000;
    const repetitions = quick ? 3 : 5;
    log(`evaluation: ${count(rowCount)} synthetic rows, training on ${count(TRAINING_ROWS)} with the built-in trainer`);
    const { columns, target } = syntheticRows(rowCount);
    const model = fitLinearModel({
      task: 'CLASSIFICATION',
      spec: SPEC,
      ...columns,
      target,
      trainRows: Uint32Array.from({ length: TRAINING_ROWS }, (_, i) => i),
      hyperparameters: {},
      metadata: {},
    });
    const rows = Uint32Array.from({ length: rowCount }, (_, i) => i);
    const activity = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });

    return withScoringModel(model.onnx, contractSignature('CLASSIFICATION', SPEC), async (scoring) => {
      const { session } = scoring;
      const ours = () => activity.run(scoreRows, scoring, model.classLabels.length, SPEC, columns, rows);
      const batches = Array.from({ length: Math.ceil(rowCount / BATCH_ROWS) }, (_, i) => rows.subarray(i * BATCH_ROWS, (i + 1) * BATCH_ROWS));
      const prepared = batches.map((batch) => onnxInputs(SPEC, columns, batch));
      const raw = async () => {
        for (const feeds of prepared) await session.run(feeds);
      };
      const rawBuildingInputs = async () => {
        for (const batch of batches) await session.run(onnxInputs(SPEC, columns, batch));
      };
      const measure = async (what: string, run: () => Promise<unknown>) => {
        log(`evaluation: ${what}`);
        await run();
        return withPeakMemory(() => timeRepeatedly(repetitions, run));
      };
      const oursMeasured = await measure('ours (scoreRows)', ours);
      const rawMeasured = await measure('raw session.run, tensors built beforehand', raw);
      const rawBuildingMeasured = await measure('raw session.run, building the tensors per batch', rawBuildingInputs);
      const oursCpu = median(oursMeasured.result.cpuMilliseconds);
      const rawCpu = median(rawMeasured.result.cpuMilliseconds);
      const oursTime = median(oursMeasured.result.milliseconds);
      const rawTime = median(rawMeasured.result.milliseconds);
      const rawBuildingTime = median(rawBuildingMeasured.result.milliseconds);
      const scores = (oursMeasured.result.last as Awaited<ReturnType<typeof scoreRows>>).labels;
      const accuracy = scores.filter((label, i) => label === target[i]).length / rowCount;
      const rowsPerSecond = (ms: number) => `${count(Math.round((rowCount / ms) * 1000))} rows/s`;
      const label = `${count(rowCount)} rows, ${BATCH_ROWS}-row batches`;
      return {
        name: 'evaluation',
        tables: [
          {
            title: `Evaluation: ours (activities/onnx-scoring scoreRows) vs raw onnxruntime; medians of ${repetitions}`,
            columns: ['data', 'compared with', 'ours', 'peer', 'ours/peer', 'ours rate', 'peak RSS ours', 'peak RSS peer'],
            rows: [
              [label, 'InferenceSession.run, tensors built beforehand', milliseconds(oursTime), milliseconds(rawTime), ratio(oursTime / rawTime), rowsPerSecond(oursTime), mebibytes(oursMeasured.peakRssBytes), mebibytes(rawMeasured.peakRssBytes)],
              [label, 'InferenceSession.run + onnxInputs per batch', milliseconds(oursTime), milliseconds(rawBuildingTime), ratio(oursTime / rawBuildingTime), rowsPerSecond(oursTime), mebibytes(oursMeasured.peakRssBytes), mebibytes(rawBuildingMeasured.peakRssBytes)],
            ],
          },
        ],
        targets: [
          {
            target: `evaluation of ${count(rowCount)} rows within ${TARGET_RATIO}× of raw InferenceSession.run over the same batches`,
            observed: `${ratio(oursTime / rawTime)} of run() on prepared tensors, ${ratio(oursTime / rawBuildingTime)} of run() building them`,
            met: oursTime / rawTime <= TARGET_RATIO,
          },
        ],
        notes: [
          `model: built-in logistic regression trained on the first ${count(TRAINING_ROWS)} rows (${model.iterations} iterations); accuracy over all rows ${accuracy.toFixed(3)}`,
          `CPU time of this process (all threads, onnxruntime's included; median): ours ${milliseconds(oursCpu)}, InferenceSession.run on prepared tensors ${milliseconds(rawCpu)} (${ratio(oursCpu / rawCpu)}), load average ${os.loadavg()[0].toFixed(1)} at the end`,
          `ours includes what evaluate pays on top of inference: building each batch's input tensors from the raw columns (onnxInputs), copying labels and probabilities out, and a heartbeat per batch`,
        ],
        measurements: {
          rows: rowCount,
          batchRows: BATCH_ROWS,
          repetitions,
          oursMilliseconds: oursMeasured.result.milliseconds,
          rawMilliseconds: rawMeasured.result.milliseconds,
          rawBuildingInputsMilliseconds: rawBuildingMeasured.result.milliseconds,
          cpuMilliseconds: { ours: oursMeasured.result.cpuMilliseconds, raw: rawMeasured.result.cpuMilliseconds, rawBuildingInputs: rawBuildingMeasured.result.cpuMilliseconds },
          loadAverage: os.loadavg(),
          peakRssBytes: { ours: oursMeasured.peakRssBytes, raw: rawMeasured.peakRssBytes, rawBuildingInputs: rawBuildingMeasured.peakRssBytes },
          accuracy,
        },
      };
    });
  },
};
