import assert from 'node:assert/strict';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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
