/**
 * Fisher–Yates shuffle, Durstenfeld's in-place variant (Knuth, TAOCP vol. 2,
 * §3.4.2, Algorithm P): for i from the end, swap element i with a uniformly
 * drawn j ≤ i. With a seeded `random` the permutation is reproducible.
 */
export function shuffleInPlace(values: Uint32Array, random: () => number): Uint32Array {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = values[i];
    values[i] = values[j];
    values[j] = swap;
  }
  return values;
}
