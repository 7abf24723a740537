/** How many values of an ascending array are strictly below `value`: a binary search, O(log n). */
export function countStrictlyBelow(ascending: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = ascending.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ascending[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * countStrictlyBelow over a fixed ascending array of finite values, for many lookups: an
 * index of equal-width cells over the array's range (four per value) narrows each search
 * to the few values in the lookup's cell, then the answer is settled against the array
 * itself, so it is countStrictlyBelow's exactly, whatever the rounding of the cells. A
 * binary search over 1000 bin edges per value is most of the cost of binning a large
 * sample; this is about ten times less.
 */
export function countStrictlyBelowIn(ascending: Float64Array): (value: number) => number {
  const n = ascending.length;
  if (n === 0) return () => 0;
  const low = ascending[0];
  const high = ascending[n - 1];
  const cells = 4 * n;
  const scale = high > low ? cells / (high - low) : 0;
  const cellStart = new Uint32Array(cells + 1);
  for (let cell = 0; cell < cells; cell += 1) cellStart[cell] = countStrictlyBelow(ascending, low + cell / scale);
  cellStart[cells] = n;
  return (value) => {
    if (!(value > low)) return value <= low ? 0 : countStrictlyBelow(ascending, value);
    if (value > high) return n;
    const cell = Math.min(cells - 1, Math.floor((value - low) * scale));
    let from = cellStart[cell];
    let to = cellStart[cell + 1];
    while (from < to) {
      const middle = (from + to) >>> 1;
      if (ascending[middle] < value) from = middle + 1;
      else to = middle;
    }
    // The cell's bounds are rounded: settle the answer against the values themselves.
    while (from > 0 && !(ascending[from - 1] < value)) from -= 1;
    while (from < n && ascending[from] < value) from += 1;
    return from;
  };
}
