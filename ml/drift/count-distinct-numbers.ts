/** A chunk of numbers as its distinct present values and how often each occurs, in no particular order. */
export interface DistinctNumberCounts {
  values: Float64Array;
  counts: Float64Array;
  /** NaN values, left out. */
  missing: number;
}

/**
 * Counts a chunk's distinct numbers in an open-addressing hash table over typed arrays,
 * or gives null as soon as there are more than `distinctMax` of them. The same counts a
 * Map would keep (−0 is 0, as a Map key is; NaN is missing), at a fraction of the cost of
 * a Map lookup and update per value, which is what counting half a million values costs.
 */
export function countDistinctNumbers(chunk: Float64Array, distinctMax: number): DistinctNumberCounts | null {
  let capacity = 1024;
  // At most half full, so probe runs stay short.
  while (capacity < 2 * Math.min(chunk.length, distinctMax + 1)) capacity *= 2;
  const mask = capacity - 1;
  const keys = new Float64Array(capacity);
  const counts = new Float64Array(capacity);
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  let distinct = 0;
  let missing = 0;
  for (let i = 0; i < chunk.length; i += 1) {
    let value = chunk[i];
    if (Number.isNaN(value)) {
      missing += 1;
      continue;
    }
    if (value === 0) value = 0;
    bits[0] = value;
    let hash = Math.imul(words[0], 0x9e3779b1) ^ words[1];
    hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
    hash ^= hash >>> 13;
    let slot = hash & mask;
    while (counts[slot] !== 0 && keys[slot] !== value) slot = (slot + 1) & mask;
    if (counts[slot] === 0) {
      distinct += 1;
      if (distinct > distinctMax) return null;
      keys[slot] = value;
    }
    counts[slot] += 1;
  }
  const values = new Float64Array(distinct);
  const valueCounts = new Float64Array(distinct);
  for (let slot = 0, next = 0; slot < capacity; slot += 1) {
    if (counts[slot] === 0) continue;
    values[next] = keys[slot];
    valueCounts[next] = counts[slot];
    next += 1;
  }
  return { values, counts: valueCounts, missing };
}
