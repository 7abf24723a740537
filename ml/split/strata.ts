/**
 * `rows` grouped by their label, one ascending Uint32Array per distinct label,
 * in label sort order: the grouping depends on the labels alone, not on the
 * order rows happen to be stored in.
 */
export function strataByLabel(labels: readonly string[], rows: Uint32Array): Uint32Array[] {
  const byLabel = new Map<string, number[]>();
  for (const row of rows) {
    const label = labels[row];
    const stratum = byLabel.get(label);
    if (stratum) stratum.push(row);
    else byLabel.set(label, [row]);
  }
  return [...byLabel.keys()].sort().map((label) => Uint32Array.from(byLabel.get(label)!).sort());
}

/** 0, 1, …, count − 1. */
export function allRows(count: number): Uint32Array {
  return Uint32Array.from({ length: count }, (_, i) => i);
}
