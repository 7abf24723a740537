import path from 'node:path';
import { REPO_ROOT } from '../../platform/config';
import { parquetFileSlices } from '../../ml/tabular/read-parquet';
import type { Cell } from '../../ml/tabular/table';
import type { DriftBenchDataset } from './drift-dataset';

/** 3 million US domestic flights of January to June 2001, shipped by the vega-datasets npm package. */
export const FLIGHTS_PARQUET = path.join(REPO_ROOT, 'node_modules', 'vega-datasets', 'data', 'flights-3m.parquet');
export const FLIGHTS_REFERENCE_MONTH = '2001-01';
export const FLIGHTS_CURRENT_MONTH = '2001-06';

/**
 * January's flights as the reference and June's as the current sample (about half a
 * million each), read from the whole 3-million-row file with the project's Parquet reader
 * one row group and column at a time: delay, distance and the hour of departure (from
 * the date) as numeric columns, origin and destination airports as categorical ones.
 * `keepEvery` thins both months (1 keeps every flight) for quick runs.
 */
export async function flightsDriftData(keepEvery = 1): Promise<DriftBenchDataset> {
  const numeric = { delay: sides<number>(), distance: sides<number>(), hour: sides<number>() };
  const categorical = { origin: sides<string | null>(), destination: sides<string | null>() };
  let side: Uint8Array = new Uint8Array(0);
  let rowsRead = 0;
  for await (const slice of parquetFileSlices(FLIGHTS_PARQUET)) {
    const [name] = slice.columnNames;
    const values = slice.columns[0];
    if (name === 'date') {
      // The date comes first in each row group: it decides which month, if any, each row joins.
      side = new Uint8Array(slice.rowCount);
      rowsRead += slice.rowCount;
      for (let i = 0; i < slice.rowCount; i += 1) {
        const month = String(values[i]).slice(0, 7);
        const kept = (slice.rowStart + i) % keepEvery === 0;
        side[i] = !kept ? NEITHER : month === FLIGHTS_REFERENCE_MONTH ? REFERENCE : month === FLIGHTS_CURRENT_MONTH ? CURRENT : NEITHER;
        if (side[i] !== NEITHER) numeric.hour[side[i]].push(Number(String(values[i]).slice(11, 13)));
      }
    } else if (name === 'delay' || name === 'distance') {
      collect(side, values, numeric[name], (cell) => (typeof cell === 'number' ? cell : Number.NaN));
    } else if (name === 'origin' || name === 'destination') {
      collect(side, values, categorical[name], (cell) => (cell === null ? null : String(cell)));
    }
  }
  const numericColumns = Object.entries(numeric).map(([name, values]) => ({
    name,
    kind: 'numeric' as const,
    reference: Float64Array.from(values[REFERENCE]),
    current: Float64Array.from(values[CURRENT]),
  }));
  const categoricalColumns = Object.entries(categorical).map(([name, values]) => ({
    name,
    kind: 'categorical' as const,
    reference: values[REFERENCE],
    current: values[CURRENT],
  }));
  const referenceRows = numeric.delay[REFERENCE].length;
  const currentRows = numeric.delay[CURRENT].length;
  return {
    label: keepEvery === 1 ? `flights ${(rowsRead / 1e6).toFixed(0)}M (Jan vs Jun)` : `flights, every ${keepEvery}th (Jan vs Jun)`,
    columns: [...numericColumns, ...categoricalColumns],
    referenceRows,
    currentRows,
  };
}

const NEITHER = 0;
const REFERENCE = 1;
const CURRENT = 2;

/** Index 1 holds the reference's values, 2 the current's; 0 is unused, so a side marker indexes directly. */
function sides<T>(): [T[], T[], T[]] {
  return [[], [], []];
}

function collect<T>(side: Uint8Array, values: ArrayLike<Cell>, into: [T[], T[], T[]], convert: (cell: Cell) => T): void {
  for (let i = 0; i < values.length; i += 1) if (side[i] !== NEITHER) into[side[i]].push(convert(values[i]));
}
