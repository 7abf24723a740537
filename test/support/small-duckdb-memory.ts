/**
 * DuckDB's memory limit for a suite that registers datasets larger than it. The worker's
 * DuckDB reads PROVENANT_DUCKDB_MEMORY_LIMIT when storage/duckdb-columns first loads, so a
 * suite imports this module before any other.
 */
export const SMALL_DUCKDB_MEMORY_LIMIT = '64MB';
process.env.PROVENANT_DUCKDB_MEMORY_LIMIT = SMALL_DUCKDB_MEMORY_LIMIT;
