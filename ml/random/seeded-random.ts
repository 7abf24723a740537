/**
 * Mulberry32 PRNG (Tommy Ettinger, public domain; reference JS by bryc,
 * https://github.com/bryc/code/blob/master/jshash/PRNGs.md#mulberry32).
 *
 * Returns a generator of floats in [0, 1). The seed is reduced modulo 2^32,
 * so any integer works; it must be an integer so that the same seed always
 * means the same sequence.
 */
export function seededRandom(seed: number): () => number {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`seed must be a safe integer (got ${seed})`);
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
