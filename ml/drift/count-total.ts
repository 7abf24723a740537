/**
 * The total of a vector of category or bin counts, checked: every count a finite number
 * ≥ 0 and the total positive, else a RangeError naming the argument.
 */
export function countTotal(counts: ArrayLike<number>, name: string): number {
  let total = 0;
  for (let j = 0; j < counts.length; j += 1) {
    if (!(counts[j] >= 0) || !Number.isFinite(counts[j])) throw new RangeError(`${name}[${j}] must be a finite count ≥ 0 (got ${counts[j]})`);
    total += counts[j];
  }
  if (total === 0) throw new RangeError(`${name} is empty: it needs a positive total`);
  return total;
}
