import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { LocalArtifactStore, sha256Hex } from './artifact-store';

test('content-addressed: same bytes, same uri; reads verify the hash', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'store-'));
  const store = new LocalArtifactStore(root);
  const bytes = new TextEncoder().encode('model bytes');
  const first = await store.put(bytes);
  const second = await store.put(bytes);
  assert.deepEqual(first, second);
  assert.equal(first.sha256, sha256Hex(bytes));
  assert.deepEqual(new Uint8Array(await store.read(first.uri)), bytes);

  await writeFile(fileURLToPath(first.uri), 'tampered');
  await assert.rejects(store.read(first.uri), /corrupt/);
  await assert.rejects(store.read('file:///etc/hostname'), /outside the artifact store/);
});

test('putFile streams a file in, hashing as it copies; inspect sees the private copy, and a failed inspection stores nothing', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'store-'));
  const store = new LocalArtifactStore(root);
  const source = path.join(root, 'source.csv');
  const bytes = new TextEncoder().encode('a,b\n1,2\n'.repeat(50_000));
  await writeFile(source, bytes);

  const { artifact, inspected } = await store.putFile(source, async (copy) => {
    assert.notEqual(copy, source);
    return (await readFile(copy)).byteLength;
  });
  assert.equal(inspected, bytes.byteLength);
  assert.deepEqual(artifact, await store.put(bytes), 'same content, same artifact');
  assert.deepEqual(new Uint8Array(await store.read(artifact.uri)), bytes);

  await writeFile(source, 'other bytes');
  await assert.rejects(store.putFile(source, async () => Promise.reject(new Error('unreadable'))), /unreadable/);
  assert.deepEqual(await readdir(path.join(root, 'staging')), []);
  assert.deepEqual(await readdir(path.join(root, 'sha256')), [artifact.sha256.slice(0, 2)]);
});
