/**
 * A standard normal draw from a uniform generator on [0, 1), by Box–Muller (Box & Muller
 * 1958, "A note on the generation of random normal deviates", Ann. Math. Statist. 29,
 * 610–611): √(−2 ln(1 − u₁))·cos(2πu₂). 1 − u₁ is in (0, 1], so the logarithm is finite.
 */
export function standardNormal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
