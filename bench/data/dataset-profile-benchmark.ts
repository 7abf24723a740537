import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { profileTableFiles } from '../../ml/tabular/parse-table';
import type { TableProfile } from '../../ml/tabular/profile/table-profiler';
import { profileDatasetFiles } from '../../storage/dataset-profile';
import { DUCKDB_MEMORY_LIMIT } from '../../storage/duckdb-columns';
import { withPeakMemory } from '../support/peak-memory';
import { count, mebibytes, milliseconds, ratio, type Benchmark, type BenchmarkReport } from '../support/report';
import { median, timeRepeatedly } from '../support/statistics';

/**
 * Rows of a double (every value distinct), an integer of 1,000 values with 10% missing, a
 * text of rows / 4 values, a text of 20 categories and a boolean, written by DuckDB as one
 * ZSTD Parquet file.
 */
async function writeSyntheticParquet(file: string, rows: number): Promise<void> {
  const connection = await (await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' })).connect();
  try {
    await connection.run(`COPY (SELECT ((i * 7919) % ${rows}) / 4.0 AS x, CASE WHEN i % 10 = 0 THEN NULL ELSE i % 1000 END AS k,
      'customer-' || (i % ${Math.ceil(rows / 4)}) AS id, 'segment-' || (i % 20) AS segment, i % 3 = 0 AS flag FROM range(${rows}) t(i))
      TO '${file}' (FORMAT parquet, COMPRESSION zstd)`);
  } finally {
    connection.closeSync();
  }
}

const estimates = (profile: TableProfile): number => profile.schema.reduce((sum, column) => sum + (column.estimated?.length ?? 0), 0);

export const datasetProfileBenchmark: Benchmark = {
  name: 'dataset-profile',
  description: "a dataset version's registration profile by DuckDB (exact) vs the streaming hand-written profile it replaced, 5M-row Parquet",
  async run({ quick, log }): Promise<BenchmarkReport> {
    const rows = quick ? 500_000 : 5_000_000;
    const repetitions = quick ? 1 : 3;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'provenant-bench-profile-'));
    try {
      const file = path.join(dir, 'synthetic.parquet');
      log(`dataset-profile: writing ${count(rows)} rows × 5 columns`);
      await writeSyntheticParquet(file, rows);
      const measure = async (what: string, run: () => Promise<TableProfile>) => {
        log(`dataset-profile: ${what}`);
        return withPeakMemory(() => timeRepeatedly(repetitions, run));
      };
      const ours = await measure('DuckDB (profileDatasetFiles)', async () => (await profileDatasetFiles([file], 'parquet')).profile);
      const streaming = await measure('hand-written streaming profile (profileTableFiles)', async () => (await profileTableFiles([file], 'parquet')).profile);
      const oursTime = median(ours.result.milliseconds);
      const streamingTime = median(streaming.result.milliseconds);
      const label = `${count(rows)} rows × 5 columns, Parquet ZSTD`;
      return {
        name: 'dataset-profile',
        tables: [
          {
            title: `Registration profile: DuckDB vs the hand-written streaming profile; medians of ${repetitions}`,
            columns: ['data', 'ours', 'hand-written', 'ours/hand-written', 'estimated statistics ours', 'estimated statistics hand-written', 'peak RSS ours', 'peak RSS hand-written'],
            rows: [
              [
                label,
                milliseconds(oursTime),
                milliseconds(streamingTime),
                ratio(oursTime / streamingTime),
                String(estimates(ours.result.last)),
                String(estimates(streaming.result.last)),
                mebibytes(ours.peakRssBytes),
                mebibytes(streaming.peakRssBytes),
              ],
            ],
          },
        ],
        targets: [],
        notes: [
          `DuckDB memory_limit ${DUCKDB_MEMORY_LIMIT} (PROVENANT_DUCKDB_MEMORY_LIMIT); peak RSS is the whole process's high-water mark, DuckDB's buffers included`,
          'ours computes every statistic over every value; the hand-written profile estimates distinct counts and top values past 16,384 distinct values and quantiles past 16,384 values',
        ],
        measurements: {
          rows,
          repetitions,
          duckDbMemoryLimit: DUCKDB_MEMORY_LIMIT,
          oursMilliseconds: ours.result.milliseconds,
          handWrittenMilliseconds: streaming.result.milliseconds,
          peakRssBytes: { ours: ours.peakRssBytes, handWritten: streaming.peakRssBytes },
          estimatedStatistics: { ours: estimates(ours.result.last), handWritten: estimates(streaming.result.last) },
        },
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
