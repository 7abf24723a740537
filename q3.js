const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const gen = await (await DuckDBInstance.create(':memory:')).connect();
  const N = 2000000, f = '/tmp/ddx/large.parquet';
  let t = Date.now();
  await gen.run(`COPY (SELECT ((i * 7919) % ${N}) / 4.0 AS x, 'id-' || (i % 500000) AS id, CASE WHEN i % 10 = 0 THEN NULL ELSE i % 1000 END AS g, i % 3 = 0 AS flag FROM range(${N}) t(i)) TO '${f}' (FORMAT parquet, COMPRESSION zstd)`);
  console.log('gen', Date.now() - t, require('fs').statSync(f).size);
  const r = await gen.runAndReadAll(`SELECT sum(estimated_size) FROM duckdb_tables()`);
  process.env.PROVENANT_DUCKDB_MEMORY_LIMIT = process.argv[2];
  const { profileDatasetFiles } = require('./dist/storage/dataset-profile.js');
  const { withDuckDbConnection } = require('./dist/storage/duckdb-columns.js');
  t = Date.now();
  const p = await profileDatasetFiles([f], 'parquet');
  console.log('profile', Date.now() - t, JSON.stringify(p).slice(0, 1500));
  console.log(await withDuckDbConnection(async (c) => (await c.runAndReadAll(`SELECT current_setting('memory_limit')`)).getRowsJS()));
  try { console.log(await withDuckDbConnection(async (c) => (await c.runAndReadAll(`SELECT count(DISTINCT id) FROM read_parquet('${f}')`)).getRowsJS())); } catch (e) { console.log('distinct agg:', e.message.slice(0, 100)); }
  console.log('rss', process.memoryUsage().rss / 2**20);
})();
