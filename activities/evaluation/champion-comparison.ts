import type { ChampionComparison } from '../../domain/evaluation';
import type { Metrics } from '../../domain/pipeline';
import { findAliasedVersion } from '../../db/model-aliases';
import { classificationReport } from '../../ml/evaluation/classification-report';
import { regressionMetrics } from '../../ml/metrics/evaluation-metrics';
import { columnIndex } from '../../ml/tabular/table';
import type { ActivityDependencies } from '../dependencies';
import type { CandidateInput } from './evaluate-input';
import { signatureOrContract } from '../../domain/model-signature';
import { scoreRows, withScoringModel } from '../onnx-scoring';
import { featureColumnsOf, featureSpecOf, type TrainingData } from '../training-data';

export interface ChampionOutcome {
  comparison: ChampionComparison | null;
  skipped: string | null;
}

/**
 * Scores the model's current champion on exactly the candidate's test rows, with the
 * champion's own features, so the two are compared on equal terms.
 */
export async function championComparison(
  deps: ActivityDependencies,
  input: CandidateInput,
  data: TrainingData,
  testRows: Uint32Array,
  candidateMetrics: Metrics,
): Promise<ChampionOutcome> {
  const champion = await findAliasedVersion(deps.dataSource, input.modelName, 'champion');
  if (!champion) return { comparison: null, skipped: null };
  const missing = champion.features.filter((name) => columnIndex(data.table, name) < 0);
  if (missing.length > 0) {
    return { comparison: null, skipped: `champion v${champion.version} needs columns this dataset lacks: ${missing.join(', ')}` };
  }
  const spec = featureSpecOf(data.table, champion.features);
  const columns = featureColumnsOf(data.table, spec, data.rows);
  const signature = signatureOrContract(champion.signature, input.task, spec);
  const championMetrics = await withScoringModel(await deps.store.read(champion.artifactUri), signature, async (model) => {
    const scores = await scoreRows(model, champion.classLabels.length, spec, columns, testRows);
    const actual = Array.from(testRows, (row) => data.target[row]);
    return input.task === 'CLASSIFICATION'
      ? classificationReport(actual.map(String), scores.labels, scores.probabilities, champion.classLabels).metrics
      : regressionMetrics(Float64Array.from(actual, Number), scores.predictions);
  });
  return {
    comparison: {
      championVersionId: champion.id,
      championVersion: champion.version,
      championMetrics,
      deltas: metricDeltas(candidateMetrics, championMetrics),
    },
    skipped: null,
  };
}

/** candidate − champion for every metric both report. */
function metricDeltas(candidate: Metrics, champion: Metrics): Metrics {
  return Object.fromEntries(Object.keys(candidate).filter((name) => name in champion).map((name) => [name, candidate[name] - champion[name]]));
}
