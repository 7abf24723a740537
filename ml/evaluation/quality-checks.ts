import type { ChampionComparison, ChampionRule, QualityCheck, QualityCheckResult } from '../../domain/evaluation';
import type { Metrics } from '../../domain/pipeline';
import { higherIsBetter } from '../metrics/metric-direction';

/**
 * Judges every quality check against the observed measures (metrics and fairness measures
 * in one map). A check on a measure the evaluation did not produce fails: a check nobody
 * can verify must not wave a model through.
 */
export function evaluateQualityChecks(
  measures: Metrics,
  checks: QualityCheck[],
  championRule: ChampionRule | null,
  champion: ChampionComparison | null,
  /** Why an existing champion could not be scored; the rule then cannot be checked and fails. */
  championSkipped: string | null = null,
): QualityCheckResult[] {
  const results = checks.map((check): QualityCheckResult => {
    const observed = measures[check.metric] ?? null;
    const symbol = check.op === 'GTE' ? '>=' : '<=';
    const name = `${check.metric} ${symbol} ${check.value}`;
    if (observed === null || !Number.isFinite(observed)) {
      return { check: name, metric: check.metric, observed: null, required: check.value, passed: false, message: `${check.metric} was not measured` };
    }
    const passed = check.op === 'GTE' ? observed >= check.value : observed <= check.value;
    return { check: name, metric: check.metric, observed, required: check.value, passed, message: `${check.metric} is ${observed}, required ${symbol} ${check.value}` };
  });
  if (championRule) results.push(championCheck(measures, championRule, champion, championSkipped));
  return results;
}

/** Improvement = candidate − champion, sign-flipped for metrics where lower is better. */
function championCheck(measures: Metrics, rule: ChampionRule, champion: ChampionComparison | null, skipped: string | null): QualityCheckResult {
  const name = `beats champion on ${rule.metric} by >= ${rule.minDelta}`;
  if (skipped) {
    return { check: name, metric: rule.metric, observed: null, required: rule.minDelta, passed: false, message: `cannot compare: ${skipped}` };
  }
  if (!champion) {
    // With no champion there is nothing to beat: the first model of a name passes.
    return { check: name, metric: rule.metric, observed: null, required: rule.minDelta, passed: true, message: 'no champion to compare with' };
  }
  const candidate = measures[rule.metric];
  const incumbent = champion.championMetrics[rule.metric];
  if (candidate === undefined || incumbent === undefined) {
    return { check: name, metric: rule.metric, observed: null, required: rule.minDelta, passed: false, message: `${rule.metric} is missing for the candidate or the champion` };
  }
  const improvement = higherIsBetter(rule.metric) ? candidate - incumbent : incumbent - candidate;
  return {
    check: name,
    metric: rule.metric,
    observed: improvement,
    required: rule.minDelta,
    passed: improvement >= rule.minDelta,
    message: `${rule.metric} ${candidate} vs champion v${champion.championVersion} ${incumbent}: improvement ${improvement}, required >= ${rule.minDelta}`,
  };
}

/** The failed checks, as one line a person can act on. */
export function describeFailedChecks(results: QualityCheckResult[]): string {
  return results
    .filter((result) => !result.passed)
    .map((result) => `${result.check}: ${result.message}`)
    .join('; ');
}
