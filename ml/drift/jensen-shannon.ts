/**
 * Jensen–Shannon distance between two discrete distributions given as counts over the
 * same categories: sqrt(JSD) with JSD = ½ KL(P‖M) + ½ KL(Q‖M), M = ½(P+Q), logarithms
 * base 2, so the distance lies in [0, 1] (0 = identical, 1 = disjoint). Matches
 * scipy.spatial.distance.jensenshannon(p, q, base=2).
 * Reference: Endres & Schindelin (2003), "A new metric for probability distributions".
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length) throw new RangeError(`distributions have ${p.length} and ${q.length} categories`);
  const total = (counts: ArrayLike<number>) => Array.from(counts).reduce((sum, value) => sum + value, 0);
  const pTotal = total(p);
  const qTotal = total(q);
  if (pTotal <= 0 || qTotal <= 0) throw new RangeError('each distribution needs a positive total');
  let divergence = 0;
  for (let i = 0; i < p.length; i += 1) {
    const pi = p[i] / pTotal;
    const qi = q[i] / qTotal;
    const mi = (pi + qi) / 2;
    if (pi > 0) divergence += 0.5 * pi * Math.log2(pi / mi);
    if (qi > 0) divergence += 0.5 * qi * Math.log2(qi / mi);
  }
  return Math.sqrt(Math.max(0, divergence));
}
