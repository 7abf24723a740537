import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { onnx } from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { ONNX_CATEGORICAL_INPUT_NAME, ONNX_NUMERIC_INPUT_NAME, ONNX_PREDICTION_OUTPUT_NAME } from '../ml/onnx/model-contract';
import { REPO_ROOT } from '../platform/config';
import { artifactStoreFor } from '../storage/configured-store';
import { TOKENS, registerDataset, startHarness, waitForPipeline, type Harness } from './support/harness';

const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId } }`;
/** 5,000 US domestic flights of January 2001, shipped by the vega-datasets npm package: 180 origin airports. */
const FLIGHTS_5K = path.join(REPO_ROOT, 'node_modules', 'vega-datasets', 'data', 'flights-5k.json');

interface Flight {
  date: string;
  delay: number;
  distance: number;
  origin: string;
  destination: string;
}

describe('high-cardinality categorical features: flight delay by origin airport, on the real servers', () => {
  let harness: Harness;
  let flights: Flight[];
  let datasetVersionId: string;

  before(async () => {
    harness = await startHarness();
    flights = JSON.parse(await readFile(FLIGHTS_5K, 'utf8'));
    const file = path.join(harness.config.dataDir, 'flights-5k.jsonl');
    await writeFile(file, flights.map((flight) => JSON.stringify(flight)).join('\n') + '\n');
    datasetVersionId = await registerDataset(harness, 'flights', file);
  });
  after(async () => {
    await harness?.close();
  });

  test('a regression of delay keeps more than 100 airports, pools the rare ones, and scores an airport never seen', async () => {
    const origins = new Map<string, number>();
    for (const flight of flights) origins.set(flight.origin, (origins.get(flight.origin) ?? 0) + 1);
    assert.ok(origins.size > 100, `the sample has ${origins.size} origin airports`);

    const started = await harness.gql(
      START,
      { input: { modelName: 'flight-delay', datasetVersionId, target: 'delay', features: ['distance', 'origin'], task: 'REGRESSION' } },
      TOKENS.engineer,
    );
    assert.equal(started.errors, undefined, JSON.stringify(started.errors));
    const run = await waitForPipeline(harness, started.data!.startModelPipeline.workflowId);
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    assert.ok(Number.isFinite(run.modelVersion.metrics.rmse), JSON.stringify(run.modelVersion.metrics));

    const bytes = await artifactStoreFor(harness.config).read(run.modelVersion.artifactUri);
    const model = onnx.ModelProto.decode(bytes);
    const encoders = model.graph!.node!.filter((node) => node.opType === 'OneHotEncoder');
    const kept = encoders[0].attribute!.find((attribute) => attribute.name === 'cats_strings')!.strings!.map((s) => new TextDecoder().decode(s));
    assert.ok(kept.length > 100, `trained with ${kept.length} airport categories`);
    assert.ok(kept.length < origins.size, 'the rarest airports share the "other" column');
    // The second encoder (kept categories and the missing marker) is what tells "other" apart.
    assert.deepEqual(encoders.length, 2);

    const dropped = [...origins.keys()].find((origin) => !kept.includes(origin))!;
    const session = await ort.InferenceSession.create(bytes);
    try {
      const score = async (airports: string[]) => {
        const output = await session.run({
          [ONNX_NUMERIC_INPUT_NAME]: new ort.Tensor('float32', Float32Array.from(airports, () => 1000), [airports.length, 1]),
          [ONNX_CATEGORICAL_INPUT_NAME]: new ort.Tensor('string', airports, [airports.length, 1]),
        });
        return Array.from(output[ONNX_PREDICTION_OUTPUT_NAME].data as Float32Array);
      };
      const [unseen, rare, missing, common] = await score(['XYZ-never-flown', dropped, '', kept[0]]);
      assert.ok(Number.isFinite(unseen));
      // An airport never seen and one pooled in training land in the same "other" column.
      assert.equal(unseen, rare);
      // A missing airport encodes as no airport at all, not as "other"; a kept one has a weight of its own.
      assert.notEqual(missing, unseen);
      assert.notEqual(common, unseen);
    } finally {
      await session.release();
    }
  });
});
