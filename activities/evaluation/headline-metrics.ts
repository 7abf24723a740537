import type { Metrics, PipelineInput } from '../../domain/pipeline';
import { classificationMetrics, regressionMetrics } from '../../ml/metrics/evaluation-metrics';
import type { Scores } from '../onnx-scoring';
import type { TrainingData } from '../training-data';

/** The metrics a tuning trial is judged on, and a champion compared with. */
export function headlineMetrics(input: PipelineInput, data: TrainingData, rows: Uint32Array, scores: Scores, classLabels: string[]): Metrics {
  const actual = Array.from(rows, (row) => data.target[row]);
  return input.task === 'CLASSIFICATION'
    ? classificationMetrics(actual.map(String), scores.labels, scores.probabilities, classLabels)
    : regressionMetrics(Float64Array.from(actual, Number), scores.predictions);
}
