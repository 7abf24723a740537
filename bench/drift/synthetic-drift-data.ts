import { seededRandom } from '../../ml/random/seeded-random';
import { standardNormal as normal } from '../../ml/random/standard-normal';
import type { DriftBenchColumn, DriftBenchDataset } from './drift-dataset';

type Random = () => number;

/**
 * How each of the 20 synthetic columns is drawn for the reference and for the current
 * sample. Eight columns shift (marked), by enough for every test to flag them at any size;
 * n7's tiny shift is below the distances' thresholds but a test on a million rows sees it.
 */
const NUMERIC: { name: string; reference: (random: Random) => number; current: (random: Random) => number; missing?: number }[] = [
  { name: 'n0_normal', reference: (r) => normal(r), current: (r) => normal(r) },
  { name: 'n1_normal_shifted', reference: (r) => normal(r), current: (r) => normal(r) + 0.25 },
  { name: 'n2_lognormal', reference: (r) => Math.exp(normal(r)), current: (r) => Math.exp(normal(r)) },
  { name: 'n3_lognormal_scaled', reference: (r) => Math.exp(normal(r)), current: (r) => 1.3 * Math.exp(normal(r)) },
  { name: 'n4_uniform', reference: (r) => 100 * r(), current: (r) => 100 * r() },
  { name: 'n5_uniform_shifted', reference: (r) => 100 * r(), current: (r) => 10 + 100 * r(), missing: 0.05 },
  { name: 'n6_exponential', reference: (r) => -Math.log(1 - r()), current: (r) => -Math.log(1 - r()), missing: 0.02 },
  { name: 'n7_normal_nudged', reference: (r) => normal(r), current: (r) => normal(r) + 0.03 },
  { name: 'n8_five_values', reference: (r) => Math.floor(5 * r()), current: (r) => Math.floor(5 * r()) },
  { name: 'n9_five_values_shifted', reference: (r) => Math.floor(5 * r()), current: (r) => Math.min(4, Math.floor(5 * r() ** 0.7)) },
  { name: 'n10_binary', reference: (r) => (r() < 0.3 ? 1 : 0), current: (r) => (r() < 0.3 ? 1 : 0) },
  { name: 'n11_normal_wider', reference: (r) => 5 + 2 * normal(r), current: (r) => 5 + 3 * normal(r) },
];

const CATEGORICAL: { name: string; reference: (random: Random) => string | null; current: (random: Random) => string | null }[] = [
  { name: 'c0_three', reference: pick(labels('tier', 3)), current: pick(labels('tier', 3)) },
  { name: 'c1_three_shifted', reference: pick(labels('plan', 3)), current: pick(labels('plan', 3), [0.6, 0.3, 0.1]) },
  { name: 'c2_zipf20', reference: pick(labels('city', 20), zipf(20)), current: pick(labels('city', 20), zipf(20)) },
  { name: 'c3_zipf20_new_category', reference: pick(labels('shop', 20), zipf(20)), current: pick(labels('shop', 21), [...zipf(20).map((w) => 0.8 * w), 0.2]) },
  { name: 'c4_fifty_with_nulls', reference: withNulls(pick(labels('sku', 50)), 0.03), current: withNulls(pick(labels('sku', 50)), 0.03) },
  { name: 'c5_yes_no_shifted', reference: pick(['yes', 'no'], [0.5, 0.5]), current: pick(['yes', 'no'], [0.7, 0.3]) },
  { name: 'c6_eight', reference: pick(labels('channel', 8)), current: pick(labels('channel', 8)) },
  { name: 'c7_hundred', reference: pick(labels('region', 100)), current: pick(labels('region', 100)) },
];

/** 20 columns (12 numeric, 8 categorical) of `rows` rows per side, the same for the same seed. */
export function syntheticDriftData(rows: number, seed = 20_250_101): DriftBenchDataset {
  const random = seededRandom(seed);
  const numeric: DriftBenchColumn[] = NUMERIC.map((spec) => ({
    name: spec.name,
    kind: 'numeric',
    reference: Float64Array.from({ length: rows }, () => (spec.missing && random() < spec.missing ? Number.NaN : spec.reference(random))),
    current: Float64Array.from({ length: rows }, () => (spec.missing && random() < spec.missing ? Number.NaN : spec.current(random))),
  }));
  const categorical: DriftBenchColumn[] = CATEGORICAL.map((spec) => ({
    name: spec.name,
    kind: 'categorical',
    reference: Array.from({ length: rows }, () => spec.reference(random)),
    current: Array.from({ length: rows }, () => spec.current(random)),
  }));
  return { label: `synthetic ${shortCount(rows)}`, columns: [...numeric, ...categorical], referenceRows: rows, currentRows: rows };
}

function labels(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}_${i}`);
}

function zipf(count: number): number[] {
  const weights = Array.from({ length: count }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => weight / total);
}

/** Draws one of `values`, uniformly or by `weights` (summing to 1). */
function pick(values: string[], weights?: number[]): (random: Random) => string {
  const cumulative: number[] = [];
  (weights ?? values.map(() => 1 / values.length)).reduce((sum, weight) => {
    cumulative.push(sum + weight);
    return sum + weight;
  }, 0);
  return (random) => {
    const u = random();
    const index = cumulative.findIndex((bound) => u < bound);
    return values[index === -1 ? values.length - 1 : index];
  };
}

function withNulls(draw: (random: Random) => string, share: number): (random: Random) => string | null {
  return (random) => (random() < share ? null : draw(random));
}

export function shortCount(rows: number): string {
  return rows >= 1e6 && rows % 1e6 === 0 ? `${rows / 1e6}M` : rows >= 1e3 && rows % 1e3 === 0 ? `${rows / 1e3}k` : String(rows);
}
