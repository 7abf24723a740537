import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, realpath, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { resolveDatasetSource, resolveInsideDataRoots } from './data-roots';

test('accepts files inside a root by path or file:// URL; refuses escapes', async () => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'roots-'));
  const root = path.join(base, 'root');
  await mkdir(root);
  await writeFile(path.join(root, 'ok.csv'), 'a\n1\n');
  await writeFile(path.join(base, 'outside.csv'), 'a\n1\n');
  await symlink(path.join(base, 'outside.csv'), path.join(root, 'link.csv'));

  assert.equal(await resolveInsideDataRoots(path.join(root, 'ok.csv'), [root]), path.join(root, 'ok.csv'));
  assert.equal(await resolveInsideDataRoots(pathToFileURL(path.join(root, 'ok.csv')).href, [root]), path.join(root, 'ok.csv'));
  await assert.rejects(resolveInsideDataRoots(path.join(root, '..', 'outside.csv'), [root]), /must be inside one of the data roots/);
  await assert.rejects(resolveInsideDataRoots(path.join(root, 'link.csv'), [root]), /must be inside one of the data roots/);
  await assert.rejects(resolveInsideDataRoots(root, [root]), /must be inside one of the data roots/);
  await assert.rejects(resolveInsideDataRoots('', [root]), /must not be empty/);
});

test('refuses what is not a regular file inside a root: a directory, a FIFO', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'roots-'));
  await mkdir(path.join(root, 'directory.csv'));
  await promisify(execFile)('mkfifo', [path.join(root, 'fifo.csv')]);

  await assert.rejects(resolveInsideDataRoots(path.join(root, 'directory.csv'), [root]), /^ProvenantError: input\.uri: is not a regular file: .*directory\.csv$/);
  await assert.rejects(resolveInsideDataRoots(path.join(root, 'fifo.csv'), [root], 'input.artifactUri'), /^ProvenantError: input\.artifactUri: is not a regular file: .*fifo\.csv$/);
});

test('a directory or a glob in the file name resolves to its .parquet files, sorted, each inside a root', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'provenant-roots-'));
  const set = path.join(root, 'set');
  await mkdir(set);
  for (const name of ['b.parquet', 'a.parquet', 'notes.txt', 'c.PARQUET']) await writeFile(path.join(set, name), 'x');
  await mkdir(path.join(root, 'empty'));
  const real = await realpath(set);
  assert.deepEqual(await resolveDatasetSource(set, [root]), { kind: 'parts', files: ['a.parquet', 'b.parquet', 'c.PARQUET'].map((name) => path.join(real, name)) });
  assert.deepEqual(await resolveDatasetSource(path.join(set, '?.parquet'), [root]), { kind: 'parts', files: ['a', 'b'].map((name) => path.join(real, `${name}.parquet`)) });
  assert.deepEqual(await resolveDatasetSource(path.join(set, 'a.parquet'), [root]), { kind: 'file', file: path.join(real, 'a.parquet') });
  await assert.rejects(resolveDatasetSource(path.join(set, 'z*.parquet'), [root]), /input\.uri: matches no \.parquet file in .*set$/);
  await assert.rejects(resolveDatasetSource(path.join(root, 'empty'), [root]), /input\.uri: is not a regular file, nor a directory holding \.parquet files: .*empty$/);
  await assert.rejects(resolveDatasetSource(path.join(os.tmpdir(), '*.parquet'), [root]), /must be inside one of the data roots/);
});
