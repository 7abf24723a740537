import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FIXTURES, METRICS_TOKEN, SAMPLE_DATA, TOKENS, assertError, startHarness, waitForPipeline, type GraphqlResponse, type Harness } from './support/harness';
import { hostilePaths, malformedTables } from './support/hostile-files';
import { rowCounts } from './support/row-counts';

const REGISTER = `mutation R($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`;
const START = `mutation S($input: StartModelPipelineInput!) { startModelPipeline(input: $input) { workflowId status } }`;

describe('bad input: a clear error naming the field, nothing written, nothing left running', () => {
  let harness: Harness;
  let weatherId: string;
  let before_: Record<string, number>;

  before(async () => {
    harness = await startHarness();
    const registered = await harness.gql(REGISTER, { input: { name: 'weather', uri: path.join(SAMPLE_DATA, 'seattle-weather.csv') } });
    weatherId = registered.data!.registerDataset.id;
    before_ = await rowCounts(harness.dataSource);
  });
  after(async () => {
    await harness?.close();
  });

  const weatherPipeline = (overrides: Record<string, unknown>) => ({
    modelName: 'weather',
    datasetVersionId: weatherId,
    target: 'weather',
    features: ['precipitation', 'wind'],
    task: 'CLASSIFICATION',
    ...overrides,
  });

  test('no token, an unknown token, or a role without the permission', async () => {
    assertError(await harness.gql('{ me { name } }', {}, null), 'UNAUTHENTICATED', undefined, /missing bearer token/);
    assertError(await harness.gql('{ me { name } }', {}, 'not-a-real-token'), 'UNAUTHENTICATED', undefined, /unknown or revoked token/);
    const me = await harness.gql('{ me { name role } }', {}, TOKENS.viewer);
    assert.deepEqual(me.data, { me: { name: 'viewer-user', role: 'viewer' } });
    const uri = path.join(SAMPLE_DATA, 'cars.jsonl');
    assertError(await harness.gql(REGISTER, { input: { name: 'cars', uri } }, TOKENS.viewer), 'FORBIDDEN', undefined, /role viewer/);
    assertError(await harness.gql(START, { input: weatherPipeline({}) }, TOKENS.approver), 'FORBIDDEN', undefined, /role approver/);
    assertError(await harness.gql('{ verifyAuditLog { ok } }', {}, TOKENS.engineer), 'FORBIDDEN', undefined, /role engineer/);
  });

  test('dataset files: empty, header only, malformed, outside the data roots, symlink escapes, not a regular file', async () => {
    const cases = [...(await hostilePaths(harness.config.dataDir)), ...(await malformedTables(harness.config.dataDir))];
    for (const { uri, message } of cases) {
      assertError(await harness.gql(REGISTER, { input: { name: 'bad', uri } }), 'BAD_USER_INPUT', 'input.uri', message);
    }
    assertError(
      await harness.gql(REGISTER, { input: { name: 'has spaces', uri: path.join(SAMPLE_DATA, 'cars.jsonl') } }),
      'BAD_USER_INPUT',
      'input.name',
      /letters, digits/,
    );
  });

  test('pipeline requests: unknown dataset, missing target, non-numeric feature, bad hyperparameter', async () => {
    const unknown = randomUUID();
    assertError(await harness.gql(START, { input: weatherPipeline({ datasetVersionId: unknown }) }), 'NOT_FOUND', 'input.datasetVersionId', new RegExp(unknown));
    assertError(await harness.gql(START, { input: weatherPipeline({ datasetVersionId: 'nope' }) }), 'BAD_USER_INPUT', 'input.datasetVersionId', /UUID/);
    assertError(await harness.gql(START, { input: weatherPipeline({ target: 'cloudiness' }) }), 'BAD_USER_INPUT', 'input.target', /"cloudiness" is not in the dataset/);
    assertError(
      await harness.gql(START, { input: weatherPipeline({ features: ['date', 'wind'] }) }),
      'BAD_USER_INPUT',
      'input.features[0]',
      /"date" is categorical with 1461 distinct values in 1461 rows, more than 50% of them: an identifier, not a category/,
    );
    assertError(
      await harness.gql(START, { input: weatherPipeline({ expectations: [{ column: 'wind', min: 5, max: 1 }] }) }),
      'BAD_USER_INPUT',
      'input.expectations[0].min',
      /must not exceed max/,
    );
    assertError(await harness.gql(START, { input: weatherPipeline({ features: [] }) }), 'BAD_USER_INPUT', 'input.features', /at least one column/);
    assertError(await harness.gql(START, { input: weatherPipeline({ task: 'REGRESSION' }) }), 'BAD_USER_INPUT', 'input.target', /regression needs a numeric target/);
    assertError(
      await harness.gql(START, { input: weatherPipeline({ hyperparameters: { learning_rate: 0.1 } }) }),
      'BAD_USER_INPUT',
      'input.hyperparameters.learning_rate',
      /not a known hyperparameter/,
    );
    assertError(
      await harness.gql(START, { input: weatherPipeline({ hyperparameters: { maxIterations: -3 } }) }),
      'BAD_USER_INPUT',
      'input.hyperparameters.maxIterations',
      /must be an integer/,
    );
    assertError(await harness.gql(START, { input: weatherPipeline({ testFraction: 1.5 }) }), 'BAD_USER_INPUT', 'input.testFraction', /between 0 and 1/);
  });

  test('the API exposes Prometheus metrics to the scrape token, which opens nothing else', async () => {
    assert.equal((await fetch(`${harness.url}/metrics`, { headers: { authorization: 'Bearer not-the-scrape-token' } })).status, 401);
    assertError(await harness.gql('{ me { name } }', {}, METRICS_TOKEN), 'UNAUTHENTICATED', undefined, /unknown or revoked token/);
    const response = await fetch(`${harness.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.match(text, /^# TYPE process_cpu_seconds_total counter$/m);
    assert.match(text, /^# TYPE provenant_slack_requests_refused_total counter$/m);
  });

  test('an operation too deep or too costly is refused as QUERY_TOO_COMPLEX before anything runs', async () => {
    const tooComplex = (response: GraphqlResponse, message: RegExp) => {
      assert.equal(response.data, undefined, 'refused in validation, before execution');
      assert.equal(response.errors?.length, 1, JSON.stringify(response.errors));
      assert.equal(response.errors![0].extensions?.code, 'QUERY_TOO_COMPLEX');
      assert.match(response.errors![0].message, message);
    };
    const { maxDepth, maxCost } = harness.config.graphqlLimits;
    const nest = (levels: number): string => (levels === 0 ? 'name' : `ofType { ${nest(levels - 1)} }`);
    // __schema, types, fields, type: 4 levels before the ofType chain.
    const deep = `query Deep { __schema { types { fields { type { ${nest(maxDepth - 4)} } } } } }`;
    tooComplex(await harness.gql(deep, {}, TOKENS.viewer), new RegExp(`^operation Deep is too complex: depth ${maxDepth + 1} is above the limit of ${maxDepth}$`));
    assert.equal((await harness.gql(`{ __schema { types { fields { type { ${nest(maxDepth - 5)} } } } } }`, {}, TOKENS.viewer)).errors, undefined, 'at the limit');
    // Each alias would write a Slack link; the whole mutation is refused unrun.
    const links = Array.from({ length: maxCost / 2 + 1 }, (_, i) => `l${i}: mapSlackUser(slackUserId: "U0COST${i}", name: "admin-user") { slackUserId }`);
    tooComplex(await harness.gql(`mutation { ${links.join(' ')} }`), new RegExp(`^the operation is too complex: cost of at least ${maxCost + 1} fields is above the limit of ${maxCost}$`));
  });

  test('none of the refused requests wrote a row or started a workflow', async () => {
    assert.deepEqual(await rowCounts(harness.dataSource), before_);
    const running = harness.temporal.workflow.list({ query: `TaskQueue = "${harness.config.taskQueuePrefix}.pipelines"` });
    const started: string[] = [];
    for await (const workflow of running) started.push(workflow.workflowId);
    assert.deepEqual(started, []);
  });

  test('a permanent data problem found by the workflow fails fast, without retries, naming the field', async () => {
    const tiny = await harness.gql(REGISTER, { input: { name: 'tiny', uri: path.join(FIXTURES, 'five-rows.csv') } });
    const started = await harness.gql(START, {
      input: { modelName: 'tiny', datasetVersionId: tiny.data!.registerDataset.id, target: 'label', features: ['x', 'y'], task: 'CLASSIFICATION' },
    });
    const run = await waitForPipeline(harness, started.data!.startModelPipeline.workflowId);
    assert.equal(run.status, 'FAILED');
    assert.equal(run.currentStage, 'validate');
    assert.match(run.error, /validate: validation failed: (.*; )?usable_rows: only 5 rows have a target value; at least 10 are needed/);
    assert.deepEqual(run.stages[0], { ...run.stages[0], name: 'validate', status: 'FAILED', attempts: 1 });
    assert.deepEqual(run.stages.slice(1).map((s: { status: string }) => s.status), ['PENDING', 'PENDING', 'PENDING', 'PENDING']);
    assert.equal(run.modelVersion, null);
    // Postgres records the run FAILED just before the workflow itself closes.
    const handle = harness.temporal.workflow.getHandle(run.workflowId);
    await assert.rejects(handle.result(), (error: Error) => /^validate failed: /.test(String((error.cause as Error | undefined)?.message)));
    assert.equal((await handle.describe()).status.name, 'FAILED');
  });
});
