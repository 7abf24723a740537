import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { logger } from '../platform/logger';
import { createServingServer, type ServingServer } from '../serving/create-server';
import { S3ArtifactStore, ArtifactStoreUnavailableError } from '../storage/s3-artifact-store';
import { artifactStoreFor } from '../storage/configured-store';
import { SAMPLE_DATA, SERVING_TOKEN, startHarness, waitForPipeline, type Harness } from './support/harness';
import { s3ClientFor, startS3Server, type S3Server } from '../platform/local-s3-server';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

const REGISTER = `mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id contentSha256 } }`;
const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
const WEATHER_FEATURES = ['precipitation', 'temp_max', 'temp_min', 'wind'];

describe('artifacts in an S3-compatible object store', () => {
  let s3: S3Server;
  let gate: TcpProxy;

  before(async () => {
    s3 = await startS3Server();
    await s3.createBucket('artifacts');
    // Every client in this process, Provenant's included, reaches the store through the gate.
    gate = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(s3.endpoint).port) });
    Object.assign(process.env, s3.env, { AWS_ENDPOINT_URL_S3: `http://${gate.address}` });
  });
  after(async () => {
    await gate?.cut();
    await s3?.stop();
  });

  async function keysUnder(prefix: string): Promise<string[]> {
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: 'artifacts', Prefix: prefix }));
    return (listed.Contents ?? []).map((object) => object.Key!).sort();
  }

  test('content-addressed keys; a read checks the content against its address', async () => {
    const store = new S3ArtifactStore({ bucket: 'artifacts', prefix: 'unit/a' });
    const bytes = new TextEncoder().encode('model bytes');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const first = await store.put(bytes);
    const second = await store.put(bytes);
    assert.deepEqual(first, second);
    assert.deepEqual(first, { sha256, byteSize: bytes.byteLength, uri: `s3://artifacts/unit/a/sha256/${sha256.slice(0, 2)}/${sha256}` });
    assert.deepEqual(await keysUnder('unit/a/'), [`unit/a/sha256/${sha256.slice(0, 2)}/${sha256}`]);
    assert.deepEqual(new Uint8Array(await store.read(first.uri)), bytes);

    // Someone with write access to the bucket swaps the object's content.
    await s3.client.send(new PutObjectCommand({ Bucket: 'artifacts', Key: `unit/a/sha256/${sha256.slice(0, 2)}/${sha256}`, Body: 'tampered!!!' }));
    await assert.rejects(store.read(first.uri), /is corrupt: content does not match its sha256/);
    await assert.rejects(store.read('s3://artifacts/elsewhere/sha256/ab/' + 'ab'.repeat(32)), /is outside the artifact store/);
    await assert.rejects(store.read('s3://other-bucket/unit/a/sha256/' + sha256.slice(0, 2) + '/' + sha256), /is outside the artifact store/);
  });

  test('putFile streams through a private copy; a failed inspection uploads nothing', async () => {
    const store = new S3ArtifactStore({ bucket: 'artifacts', prefix: 'unit/b' });
    const source = path.join(os.tmpdir(), `provenant-s3-source-${process.pid}.csv`);
    const bytes = new TextEncoder().encode('a,b\n1,2\n'.repeat(200_000));
    await writeFile(source, bytes);
    const { artifact, inspected } = await store.putFile(source, async (copy) => {
      assert.notEqual(copy, source);
      return (await readFile(copy)).byteLength;
    });
    assert.equal(inspected, bytes.byteLength);
    assert.equal(artifact.byteSize, bytes.byteLength);
    assert.deepEqual(new Uint8Array(await store.read(artifact.uri)), bytes);
    const { stream, byteSize } = await store.openRead(artifact.uri);
    let streamed = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) streamed += chunk.byteLength;
    assert.equal(streamed, byteSize);

    const stagingBefore = (await readdir(os.tmpdir())).filter((name) => name.startsWith('provenant-upload-'));
    await writeFile(source, 'other bytes');
    await assert.rejects(store.putFile(source, async () => Promise.reject(new Error('unreadable'))), /unreadable/);
    assert.deepEqual(await keysUnder('unit/b/'), [`unit/b/sha256/${artifact.sha256.slice(0, 2)}/${artifact.sha256}`]);
    const stagingAfter = (await readdir(os.tmpdir())).filter((name) => name.startsWith('provenant-upload-'));
    assert.deepEqual(stagingAfter, stagingBefore, 'the private copy is removed');
  });

  test('an unreachable store is a clear, retryable error, and the same call succeeds once it is back', async () => {
    const store = new S3ArtifactStore({ bucket: 'artifacts', prefix: 'unit/c' });
    await gate.cut();
    try {
      const refused = await store.put(new TextEncoder().encode('while down')).then(
        () => assert.fail('a put to an unreachable store must fail'),
        (error: Error) => error,
      );
      assert.ok(refused instanceof ArtifactStoreUnavailableError, String(refused));
      assert.match(refused.message, /^artifact store: checking s3:\/\/artifacts\/unit\/c\/sha256\/.+ failed: .+ \(the object store may be unreachable; retrying later can succeed\)$/);
    } finally {
      await gate.restore();
    }
    const stored = await store.put(new TextEncoder().encode('while down'));
    assert.equal(new TextDecoder().decode(await store.read(stored.uri)), 'while down');
  });

  test('processes with clients of their own share the bucket and see only complete, verified objects', async () => {
    const writer = new S3ArtifactStore({ bucket: 'artifacts', prefix: 'unit/d' }, s3ClientFor(s3.endpoint));
    const reader = new S3ArtifactStore({ bucket: 'artifacts', prefix: 'unit/d' }, s3ClientFor(s3.endpoint));
    const blobs = Array.from({ length: 8 }, (_, i) => new TextEncoder().encode(`blob ${i} `.repeat(10_000 * (i + 1))));
    const stored = await Promise.all(blobs.map((bytes) => writer.put(bytes)));
    const read = await Promise.all(stored.map((artifact) => reader.read(artifact.uri)));
    read.forEach((bytes, i) => assert.deepEqual(new Uint8Array(bytes), blobs[i]));
  });

  describe('the whole stack on the object store', () => {
    let harness: Harness;
    let server: ServingServer | undefined;

    before(async () => {
      harness = await startHarness({ env: { PROVENANT_ARTIFACT_STORE: 's3://artifacts/stack' } });
    });
    after(async () => {
      await server?.close();
      await harness?.close();
    });

    test('registration while the store is down fails clearly and writes nothing; once it is back, a pipeline keeps its model there and serving loads it', async () => {
      const uri = path.join(SAMPLE_DATA, 'seattle-weather.csv');
      const countDatasets = async () => (await harness.dataSource.query(`SELECT count(*)::int AS n FROM dataset_version`))[0].n as number;

      await gate.cut();
      try {
        const refused = await harness.gql(REGISTER, { input: { name: 'seattle-weather', uri } });
        assert.equal(refused.data, null);
        assert.match(refused.errors![0].message, /artifact store: .* failed: .*the object store may be unreachable; retrying later can succeed/);
        assert.equal(await countDatasets(), 0, 'no dataset row without its artifact');
      } finally {
        await gate.restore();
      }

      const registered = await harness.gql(REGISTER, { input: { name: 'seattle-weather', uri } });
      assert.equal(registered.errors, undefined, JSON.stringify(registered.errors));
      const { id: datasetVersionId, contentSha256 } = registered.data!.registerDataset;
      assert.deepEqual(await keysUnder(`stack/sha256/${contentSha256.slice(0, 2)}/`), [`stack/sha256/${contentSha256.slice(0, 2)}/${contentSha256}`]);

      const started = await harness.gql(START, {
        input: { modelName: 'weather-s3', datasetVersionId, target: 'weather', features: WEATHER_FEATURES, task: 'CLASSIFICATION' },
      });
      assert.equal(started.errors, undefined, JSON.stringify(started.errors));
      const run = await waitForPipeline(harness, started.data!.startModelPipeline.workflowId);
      assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
      const [{ artifact_uri: artifactUri }] = await harness.dataSource.query(`SELECT artifact_uri FROM model_version WHERE id = $1`, [run.modelVersion.id]);
      assert.match(artifactUri, /^s3:\/\/artifacts\/stack\/sha256\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
      assert.deepEqual(await readdir(harness.config.dataDir).then((names) => names.filter((name) => name === 'artifacts')), [], 'nothing lands on the local disk');

      await harness.dataSource.query(
        `INSERT INTO traffic_route (model_name, environment, stable_version_id, updated_by) VALUES ('weather-s3', 'STAGING', $1, 'object-store-test')`,
        [run.modelVersion.id],
      );
      // Serving starts while the store is down: requests fail with the store's error, not a wrong answer, until it is back.
      await gate.cut();
      server = createServingServer({ config: harness.config, dataSource: harness.dataSource, store: artifactStoreFor(harness.config), environment: 'STAGING', logger });
      const base = `http://127.0.0.1:${await server.listen(0)}`;
      const infer = () =>
        fetch(`${base}/v2/models/weather-s3/infer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVING_TOKEN}` },
          body: JSON.stringify({ inputs: WEATHER_FEATURES.map((name) => ({ name, datatype: 'FP32', shape: [1], data: [1] })) }),
        });
      const whileDown = await infer();
      assert.equal(whileDown.status, 503);
      assert.match(((await whileDown.json()) as { error: string }).error, /cannot be loaded right now; try again later/);
      await gate.restore();
      const answered = await infer();
      const body = (await answered.json()) as { outputs: Array<{ name: string; data: unknown[] }> };
      assert.equal(answered.status, 200, JSON.stringify(body));
      assert.equal(body.outputs.find((output) => output.name === 'label')!.data.length, 1);
    });
  });
});
