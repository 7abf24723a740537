/**
 * Splits `total` units among groups in proportion to their sizes by the
 * largest-remainder (Hamilton) method: each group gets ⌊total·size/Σsize⌋,
 * then the units left go one each to the groups with the largest remainders,
 * ties to the earlier group. No group gets more than its capacity; what a full
 * group cannot take goes to the others, and when all capacity is used the
 * counts sum to less than `total`.
 */
export function allocateProportionally(total: number, sizes: readonly number[], capacities: readonly number[]): number[] {
  const population = sizes.reduce((sum, size) => sum + size, 0);
  const quotas = sizes.map((size) => (population === 0 ? 0 : (total * size) / population));
  const counts = quotas.map((quota, g) => Math.min(capacities[g], Math.floor(quota)));
  const capacity = capacities.reduce((sum, value) => sum + value, 0);
  let remaining = Math.min(total, capacity) - counts.reduce((sum, count) => sum + count, 0);

  const byRemainder = sizes.map((_, g) => g).sort((a, b) => quotas[b] - counts[b] - (quotas[a] - counts[a]) || a - b);
  while (remaining > 0) {
    for (const g of byRemainder) {
      if (remaining > 0 && counts[g] < capacities[g]) {
        counts[g]++;
        remaining--;
      }
    }
  }
  return counts;
}
