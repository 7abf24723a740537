import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { SAMPLE_DATA, TOKENS, startHarness, waitForPipeline, type Harness } from './support/harness';

const REGISTER = `mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id contentSha256 } }`;
const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const errorOf = async (response: Response) => (await response.json()) as { code: string; message: string; field?: string };

describe('GET /artifacts/:sha256', () => {
  let harness: Harness;
  let dataset: { id: string; contentSha256: string };
  let model: { artifactSha256: string; artifactUri: string };

  const download = (sha: string, token: string | null = TOKENS.viewer) =>
    fetch(`${harness.url}/artifacts/${sha}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  before(async () => {
    harness = await startHarness();
    const registered = await harness.gql(REGISTER, { input: { name: 'cars', uri: path.join(SAMPLE_DATA, 'cars.jsonl') } });
    assert.equal(registered.errors, undefined, JSON.stringify(registered.errors));
    dataset = registered.data!.registerDataset;
    const started = await harness.gql(START, {
      input: {
        modelName: 'mpg',
        datasetVersionId: dataset.id,
        target: 'Miles_per_Gallon',
        features: ['Horsepower', 'Weight_in_lbs'],
        task: 'REGRESSION',
      },
    });
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const run = await waitForPipeline(harness, started.data!.startModelPipeline.workflowId);
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    model = run.modelVersion;
  });
  after(async () => {
    await harness?.close();
  });

  test("a viewer downloads a model version's ONNX file, named and tagged by its sha256", async () => {
    const response = await download(model.artifactSha256);
    assert.equal(response.status, 200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.equal(sha256(bytes), model.artifactSha256);
    assert.equal(response.headers.get('content-type'), 'application/octet-stream');
    assert.equal(response.headers.get('content-length'), String(bytes.byteLength));
    assert.equal(response.headers.get('etag'), `"${model.artifactSha256}"`);
    assert.equal(response.headers.get('content-disposition'), `attachment; filename="${model.artifactSha256}.onnx"`);
  });

  test("a dataset version's stored file downloads too, with its format as extension; upper-case hex is the same sha256", async () => {
    const response = await download(dataset.contentSha256.toUpperCase());
    assert.equal(response.status, 200);
    assert.equal(sha256(new Uint8Array(await response.arrayBuffer())), dataset.contentSha256);
    assert.equal(response.headers.get('content-disposition'), `attachment; filename="${dataset.contentSha256}.jsonl"`);
  });

  test('without a valid token: 401 with a JSON error', async () => {
    for (const token of [null, 'no-such-token']) {
      const response = await download(model.artifactSha256, token);
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer');
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal((await errorOf(response)).code, 'UNAUTHENTICATED');
    }
  });

  test('a sha256 no model or dataset version names: 404; not a sha256 at all: 400', async () => {
    const neverStored = sha256(new TextEncoder().encode('never stored'));
    const unknown = await download(neverStored);
    assert.equal(unknown.status, 404);
    assert.deepEqual(await errorOf(unknown), {
      code: 'NOT_FOUND',
      message: `sha256: artifact ${neverStored} of a model version or dataset version not found`,
      field: 'sha256',
    });

    const malformed = await download('abc');
    assert.equal(malformed.status, 400);
    const error = await errorOf(malformed);
    assert.equal(error.code, 'BAD_USER_INPUT');
    assert.equal(error.field, 'sha256');
  });

  test('a blob corrupted in the store never downloads complete', async () => {
    const [{ storage_uri: datasetUri }] = await harness.dataSource.query('SELECT storage_uri FROM dataset_version WHERE id = $1', [dataset.id]);
    // The model fits in one read, so nothing has been sent when the check fails; the
    // dataset takes two, so the headers and its first part have.
    for (const [sha, uri] of [[model.artifactSha256, model.artifactUri], [dataset.contentSha256, datasetUri]]) {
      const file = fileURLToPath(uri);
      const original = await readFile(file);
      const tampered = Buffer.from(original);
      tampered[tampered.length - 1] ^= 0xff;
      await writeFile(file, tampered);
      try {
        await assert.rejects(async () => (await download(sha)).arrayBuffer(), /fetch failed|terminated/, uri);
      } finally {
        await writeFile(file, original);
      }
    }
  });
});
