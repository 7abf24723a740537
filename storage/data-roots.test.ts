import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { resolveInsideDataRoots } from './data-roots';

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
