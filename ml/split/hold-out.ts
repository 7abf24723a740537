import { shuffleInPlace } from '../random/shuffle';
import { allocateProportionally } from './proportional-allocation';

export interface HoldOut {
  kept: Uint32Array;
  heldOut: Uint32Array;
}

/**
 * Holds out `count` rows drawn at random from `strata`, each stratum giving a
 * share proportional to its size (allocateProportionally) and always keeping at
 * least one row, so a single-row stratum stays whole. Each stratum is shuffled
 * in turn with `random` and its first rows are held out. Both sets are returned
 * sorted ascending.
 *
 * With one stratum this is a plain random hold-out. Fewer than `count` rows are
 * held out only when the strata cannot spare more; none at all is an error.
 */
export function holdOut(strata: readonly Uint32Array[], count: number, random: () => number): HoldOut {
  const sizes = strata.map((stratum) => stratum.length);
  const counts = allocateProportionally(count, sizes, sizes.map((size) => Math.max(0, size - 1)));
  if (counts.every((share) => share === 0)) {
    throw new RangeError('cannot hold out any row: every class has a single row, which must stay in training');
  }
  const heldOutTotal = counts.reduce((sum, share) => sum + share, 0);
  const rowTotal = sizes.reduce((sum, size) => sum + size, 0);
  const kept = new Uint32Array(rowTotal - heldOutTotal);
  const heldOut = new Uint32Array(heldOutTotal);
  let keptOffset = 0;
  let heldOutOffset = 0;
  strata.forEach((stratum, s) => {
    const shuffled = shuffleInPlace(stratum.slice(), random);
    heldOut.set(shuffled.subarray(0, counts[s]), heldOutOffset);
    kept.set(shuffled.subarray(counts[s]), keptOffset);
    heldOutOffset += counts[s];
    keptOffset += stratum.length - counts[s];
  });
  return { kept: kept.sort(), heldOut: heldOut.sort() };
}
