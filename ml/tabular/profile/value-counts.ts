import { HyperLogLog, hashValue } from './hyperloglog';

type Value = string | number | boolean;

/**
 * How often each value occurs, exactly while there are at most `limit` distinct values.
 * Past that, memory stays bounded: a HyperLogLog estimates the distinct count, and the
 * counts become a Misra–Gries summary (Misra & Gries 1982, "Finding repeated elements"):
 * a new value finding no free counter cancels against one occurrence of every counted
 * value. Each cancellation removes limit + 1 occurrences, so every kept count is below the
 * truth by at most (values seen) / (limit + 1), and any value more frequent than that is kept.
 */
export class ValueCounts<V extends Value> {
  private readonly counts = new Map<V, number>();
  private sketch: HyperLogLog | null = null;

  constructor(private readonly limit: number) {}

  /** True while no value has been cancelled: counts and distinct count are exact. */
  get exact(): boolean {
    return this.sketch === null;
  }

  add(value: V): void {
    this.sketch?.add(hashValue(value));
    const count = this.counts.get(value);
    if (count !== undefined) this.counts.set(value, count + 1);
    else if (this.counts.size < this.limit) this.counts.set(value, 1);
    else this.cancel(value);
  }

  distinctCount(): number {
    if (!this.sketch) return this.counts.size;
    return Math.max(this.counts.size, Math.round(this.sketch.estimate()));
  }

  /** The `n` most frequent values with their counts, most frequent first, ties by value. */
  mostFrequent(n: number): [V, number][] {
    return [...this.counts]
      .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, n);
  }

  private cancel(newcomer: V): void {
    if (!this.sketch) {
      // Every distinct value so far is still counted, so the sketch can start from the keys.
      this.sketch = new HyperLogLog();
      for (const value of this.counts.keys()) this.sketch.add(hashValue(value));
      this.sketch.add(hashValue(newcomer));
    }
    for (const [value, count] of this.counts) {
      if (count === 1) this.counts.delete(value);
      else this.counts.set(value, count - 1);
    }
  }
}
