import { stats } from '../stats/simple-statistics';
import type { ModelTask } from '../../domain/pipeline';
import type { ValidationCheck } from '../../domain/validation';
import type { Cell } from '../tabular/table';
import { graded } from './check';
import { VALIDATION_THRESHOLDS as LIMITS } from './thresholds';

/** Share of the rarest class, and whether every class has enough rows to be split. */
export function classBalanceCheck(target: string, labels: string[]): ValidationCheck {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  const [rarest, rarestCount] = [...counts].sort((a, b) => a[1] - b[1])[0];
  if (rarestCount < LIMITS.minRowsPerClass) {
    return {
      name: 'class_balance',
      column: target,
      observed: rarestCount,
      threshold: LIMITS.minRowsPerClass,
      status: 'FAIL',
      message: `class ${JSON.stringify(rarest)} has ${rarestCount} row; at least ${LIMITS.minRowsPerClass} are needed to split it`,
    };
  }
  const share = rarestCount / labels.length;
  return graded('class_balance', target, share, { warn: LIMITS.minorityShareWarn, direction: 'below' }, (status) =>
    status === 'PASS' ? `rarest class ${JSON.stringify(rarest)} is ${(share * 100).toFixed(1)}% of rows` : `rarest class ${JSON.stringify(rarest)} is only ${(share * 100).toFixed(1)}% of rows (${rarestCount})`,
  );
}

const NUMERIC_BINS = 20;
/** Below this many rows per feature bin, majority-per-bin accuracy measures memorisation, not signal. */
const MIN_ROWS_PER_GROUP = 5;

/**
 * How well one feature alone predicts the target. Classification: accuracy of the
 * majority class within each feature bin (20 quantile bins, or each category),
 * rescaled so the majority-class baseline scores 0 and perfection 1, the way Cohen's
 * kappa discounts chance. Regression: |Pearson r| for numeric features, the R² of
 * group means for categorical ones. A near-perfect score means the feature encodes
 * the label, which a model will happily learn and then fail on in production.
 */
export function leakageScore(feature: Cell[], target: (string | number)[], task: ModelTask): number {
  const groups = groupKeys(feature);
  if (task === 'REGRESSION') {
    const y = target.map(Number);
    if (feature.every((cell) => typeof cell === 'number')) return Math.abs(stats.sampleCorrelation(feature as number[], y) || 0);
    return groupMeansR2(groups, y);
  }
  const labels = target.map(String);
  const baseline = majorityCount(labels) / labels.length;
  if (baseline === 1) return 0;
  const byGroup = new Map<string, string[]>();
  groups.forEach((group, i) => {
    const members = byGroup.get(group);
    if (members) members.push(labels[i]);
    else byGroup.set(group, [labels[i]]);
  });
  const correct = [...byGroup.values()].reduce((sum, members) => sum + majorityCount(members), 0);
  return Math.max(0, (correct / labels.length - baseline) / (1 - baseline));
}

export function leakageCheck(featureName: string, feature: Cell[], target: (string | number)[], task: ModelTask): ValidationCheck {
  const distinct = new Set(feature).size;
  if (typeof feature[0] !== 'number' && distinct > LIMITS.identifierDistinctShare * feature.length) {
    return {
      name: 'label_leakage',
      column: featureName,
      observed: distinct,
      threshold: Math.floor(LIMITS.identifierDistinctShare * feature.length),
      status: 'WARN',
      message: `column ${JSON.stringify(featureName)} looks like an identifier (${distinct} distinct values); a model can memorise it`,
    };
  }
  const groups = new Set(groupKeys(feature)).size;
  if (feature.length < MIN_ROWS_PER_GROUP * groups) {
    // With a handful of rows per bin, any feature "predicts" its rows: nothing to judge.
    return { name: 'label_leakage', column: featureName, observed: null, threshold: null, status: 'PASS', message: `too few rows (${feature.length}) to judge leakage` };
  }
  const score = leakageScore(feature, target, task);
  return graded('label_leakage', featureName, score, { fail: LIMITS.leakageFail, direction: 'above' }, (status) =>
    status === 'FAIL'
      ? `column ${JSON.stringify(featureName)} alone predicts the target almost perfectly (score ${score.toFixed(4)}): it probably leaks the label`
      : `predictive on its own: ${score.toFixed(3)}`,
  );
}

/** Share of test rows that also occur, identically, in the training split. */
export function splitOverlapCheck(rowKeys: string[], train: Uint32Array, test: Uint32Array): ValidationCheck {
  const trainKeys = new Set(Array.from(train, (row) => rowKeys[row]));
  const shared = Array.from(test).filter((row) => trainKeys.has(rowKeys[row])).length;
  const share = test.length === 0 ? 0 : shared / test.length;
  return graded('train_test_overlap', null, share, { warn: LIMITS.overlapWarn, fail: LIMITS.overlapFail, direction: 'above' }, (status) =>
    status === 'PASS' ? `${shared} test rows also appear in training` : `${shared} of ${test.length} test rows also appear in training, inflating test metrics`,
  );
}

function groupKeys(feature: Cell[]): string[] {
  if (!feature.every((cell) => typeof cell === 'number')) return feature.map(String);
  const sorted = [...(feature as number[])].sort((a, b) => a - b);
  const edges = Array.from({ length: NUMERIC_BINS - 1 }, (_, i) => sorted[Math.floor(((i + 1) * sorted.length) / NUMERIC_BINS)]);
  return (feature as number[]).map((value) => String(edges.filter((edge) => value >= edge).length));
}

function majorityCount(labels: string[]): number {
  const counts = new Map<string, number>();
  let best = 0;
  for (const label of labels) {
    const count = (counts.get(label) ?? 0) + 1;
    counts.set(label, count);
    best = Math.max(best, count);
  }
  return best;
}

function groupMeansR2(groups: string[], y: number[]): number {
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const sums = new Map<string, { sum: number; n: number }>();
  groups.forEach((group, i) => {
    const entry = sums.get(group) ?? { sum: 0, n: 0 };
    entry.sum += y[i];
    entry.n += 1;
    sums.set(group, entry);
  });
  const total = y.reduce((acc, value) => acc + (value - mean) ** 2, 0);
  if (total === 0) return 0;
  const between = [...sums.values()].reduce((acc, { sum, n }) => acc + n * (sum / n - mean) ** 2, 0);
  return between / total;
}
