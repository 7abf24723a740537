import type { ChampionComparison, ChampionRule, GateResult, QualityGate } from '../../domain/evaluation';
import type { Metrics } from '../../domain/pipeline';
import { higherIsBetter } from '../metrics/metric-direction';

/**
 * Judges every gate against the observed measures (metrics and fairness measures in one
 * map). A gate on a measure the evaluation did not produce fails: a gate nobody can
 * check must not wave a model through.
 */
export function evaluateGates(
  measures: Metrics,
  gates: QualityGate[],
  championRule: ChampionRule | null,
  champion: ChampionComparison | null,
  /** Why an existing champion could not be scored; the rule then cannot be checked and fails. */
  championSkipped: string | null = null,
): GateResult[] {
  const results = gates.map((gate): GateResult => {
    const observed = measures[gate.metric] ?? null;
    const symbol = gate.op === 'GTE' ? '>=' : '<=';
    const name = `${gate.metric} ${symbol} ${gate.value}`;
    if (observed === null || !Number.isFinite(observed)) {
      return { gate: name, metric: gate.metric, observed: null, required: gate.value, passed: false, message: `${gate.metric} was not measured` };
    }
    const passed = gate.op === 'GTE' ? observed >= gate.value : observed <= gate.value;
    return { gate: name, metric: gate.metric, observed, required: gate.value, passed, message: `${gate.metric} is ${observed}, required ${symbol} ${gate.value}` };
  });
  if (championRule) results.push(championGate(measures, championRule, champion, championSkipped));
  return results;
}

/** Improvement = candidate − champion, sign-flipped for metrics where lower is better. */
function championGate(measures: Metrics, rule: ChampionRule, champion: ChampionComparison | null, skipped: string | null): GateResult {
  const name = `beats champion on ${rule.metric} by >= ${rule.minDelta}`;
  if (skipped) {
    return { gate: name, metric: rule.metric, observed: null, required: rule.minDelta, passed: false, message: `cannot compare: ${skipped}` };
  }
  if (!champion) {
    // With no champion there is nothing to beat: the first model of a name passes.
    return { gate: name, metric: rule.metric, observed: null, required: rule.minDelta, passed: true, message: 'no champion to compare with' };
  }
  const candidate = measures[rule.metric];
  const incumbent = champion.championMetrics[rule.metric];
  if (candidate === undefined || incumbent === undefined) {
    return { gate: name, metric: rule.metric, observed: null, required: rule.minDelta, passed: false, message: `${rule.metric} is missing for the candidate or the champion` };
  }
  const improvement = higherIsBetter(rule.metric) ? candidate - incumbent : incumbent - candidate;
  return {
    gate: name,
    metric: rule.metric,
    observed: improvement,
    required: rule.minDelta,
    passed: improvement >= rule.minDelta,
    message: `${rule.metric} ${candidate} vs champion v${champion.championVersion} ${incumbent}: improvement ${improvement}, required >= ${rule.minDelta}`,
  };
}

/** The failed gates, as one line a person can act on. */
export function describeFailedGates(results: GateResult[]): string {
  return results
    .filter((result) => !result.passed)
    .map((result) => `${result.gate}: ${result.message}`)
    .join('; ');
}
