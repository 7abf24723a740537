import type { Quantile } from '../../../domain/dataset';
import { seededRandom } from '../../random/seeded-random';
import { stats } from '../../stats/simple-statistics';

/**
 * A uniform random sample of fixed size from a stream of numbers of unknown length, by
 * Algorithm L (Li 1994, "Reservoir-sampling algorithms of time complexity
 * O(n(1 + log(N/n)))", ACM TOMS 20(4)): once the reservoir is full it jumps straight to the
 * next value to keep, so it draws random numbers per kept value, not per value seen.
 * Seeded, so the same file always gives the same sample and the same quantiles. While the
 * stream fits in the reservoir the sample is the whole stream and its quantiles are exact.
 */
export class ReservoirSample {
  private readonly values: Float64Array;
  private readonly random: () => number;
  private seen = 0;
  /** Stream position of the next value to keep; none until the reservoir is full. */
  private nextKept = Number.POSITIVE_INFINITY;
  private weight = 0;

  constructor(
    readonly capacity: number,
    seed: number,
  ) {
    this.values = new Float64Array(capacity);
    this.random = seededRandom(seed);
  }

  /** True while every value seen is in the sample. */
  get exact(): boolean {
    return this.seen <= this.capacity;
  }

  add(values: ArrayLike<number>): void {
    let index = 0;
    while (this.seen < this.capacity && index < values.length) {
      this.values[this.seen] = values[index];
      this.seen += 1;
      index += 1;
      if (this.seen === this.capacity) this.startSkipping();
    }
    const end = this.seen + values.length - index;
    const firstPosition = this.seen - index;
    while (this.nextKept < end) {
      this.values[Math.floor(this.random() * this.capacity)] = values[this.nextKept - firstPosition];
      this.weight *= Math.exp(Math.log(this.positive()) / this.capacity);
      this.nextKept += this.skip();
    }
    this.seen = end;
  }

  /** Quantiles of the sample as simple-statistics defines them (linear interpolation, numpy's default). */
  quantiles(probabilities: readonly number[]): Quantile[] {
    const sorted = Array.from(this.values.subarray(0, Math.min(this.seen, this.capacity)).sort());
    if (sorted.length === 0) return [];
    return probabilities.map((p) => ({ p, value: stats.quantileSorted(sorted, p) }));
  }

  private startSkipping(): void {
    this.weight = Math.exp(Math.log(this.positive()) / this.capacity);
    this.nextKept = this.capacity - 1 + this.skip();
  }

  private skip(): number {
    return Math.floor(Math.log(this.positive()) / Math.log(1 - this.weight)) + 1;
  }

  /** A draw in (0, 1]: Algorithm L takes its logarithm. */
  private positive(): number {
    return 1 - this.random();
  }
}
