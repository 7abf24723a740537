/**
 * The features a model reads, by kind. Numeric features are number or boolean
 * columns; categorical features are string columns. Each list's order is the
 * column order of the model's inputs.
 */
export interface FeatureSpec {
  numeric: string[];
  categorical: string[];
}

/** Raw feature values, one column per feature in FeatureSpec order, all of the same length. */
export interface FeatureColumns {
  /** Numbers, booleans as 0/1; NaN marks a missing value. */
  numericColumns: Float64Array[];
  /** null (or '') marks a missing value. */
  categoricalColumns: (string | null)[][];
}

/** Rejects a spec without features or naming a feature twice (across both kinds). */
export function assertFeatureSpec(spec: FeatureSpec): void {
  const names = [...spec.numeric, ...spec.categorical];
  if (names.length === 0) throw new RangeError('spec needs at least one numeric or categorical feature');
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new RangeError(`feature names must be distinct (${JSON.stringify(name)} is listed twice)`);
    seen.add(name);
  }
}

/**
 * Checks that `columns` has one column per feature of `spec`, all equally long,
 * and returns that common length.
 */
export function featureRowCount(spec: FeatureSpec, columns: FeatureColumns): number {
  assertFeatureSpec(spec);
  assertColumnCount('numericColumns', columns.numericColumns.length, 'spec.numeric', spec.numeric.length);
  assertColumnCount('categoricalColumns', columns.categoricalColumns.length, 'spec.categorical', spec.categorical.length);
  const names = [...spec.numeric, ...spec.categorical];
  const lengths = [...columns.numericColumns, ...columns.categoricalColumns].map((column) => column.length);
  lengths.forEach((length, j) => {
    if (length !== lengths[0]) {
      throw new RangeError(
        `feature ${JSON.stringify(names[j])} has ${length} rows but ${JSON.stringify(names[0])} has ${lengths[0]}`,
      );
    }
  });
  return lengths[0];
}

/** Rejects a row index outside the columns. */
export function assertRowsWithin(rows: ArrayLike<number>, rowCount: number, name: string): void {
  for (let i = 0; i < rows.length; i++) {
    if (!(Number.isInteger(rows[i]) && rows[i] >= 0 && rows[i] < rowCount)) {
      throw new RangeError(`${name} contains ${rows[i]}, beyond the ${rowCount} rows`);
    }
  }
}

function assertColumnCount(columnsName: string, columnCount: number, specName: string, featureCount: number): void {
  if (columnCount !== featureCount) {
    throw new RangeError(`${columnsName} has ${columnCount} columns for the ${featureCount} features of ${specName}`);
  }
}
