import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
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
