import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { formatFaultTable, readFaultResults } from './fault-table';

test('the fault table: a Markdown table in alphabetical order, numbers right-aligned', () => {
  const table = formatFaultTable([
    { fault: 'Temporal dev server restart', runs: 3, completed: 3, duplicates: 0, lost: 0 },
    { fault: 'kill -9 worker during train', runs: 1, completed: 0, duplicates: 2, lost: 1 },
  ]);
  assert.equal(
    table,
    [
      '| fault                       | runs | completed | duplicates | lost |',
      '|:----------------------------|-----:|----------:|-----------:|-----:|',
      '| kill -9 worker during train |    1 |         0 |          2 |    1 |',
      '| Temporal dev server restart |    3 |         3 |          0 |    0 |',
      '',
    ].join('\n'),
  );
});

test('results are read one JSON line each; a suite that recorded nothing leaves no file and no rows', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fault-table-'));
  try {
    const file = path.join(dir, 'results.jsonl');
    assert.deepEqual(await readFaultResults(file), []);
    await writeFile(file, '{"fault":"Postgres restart","runs":3,"completed":3,"duplicates":0,"lost":0}\n');
    assert.deepEqual(await readFaultResults(file), [{ fault: 'Postgres restart', runs: 3, completed: 3, duplicates: 0, lost: 0 }]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
